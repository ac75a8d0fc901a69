import { afterEach, describe, expect, it } from "vitest";
import { restartThingFolder } from "../helpers/runbook-folder.ts";
import {
  type FakeHomeserver,
  type MatrixApp,
  startFakeHomeserver,
  startMatrixApp,
} from "./helpers/fake-homeserver.ts";

let fake: FakeHomeserver | undefined;
let t: MatrixApp | undefined;
afterEach(async () => {
  await t?.close();
  await fake?.close();
  t = undefined;
  fake = undefined;
});

describe("Matrix: runbook commands", () => {
  it("a ✅ reaction on the confirmation request runs the command", async () => {
    fake = await startFakeHomeserver();
    const bot = fake.registerUser("firebreak", "Firebreak");
    const alice = fake.registerUser("alice", "Alice Liddell");
    const general = fake.createRoom(alice, { name: "General", invite: [bot] });
    fake.join(general, bot);
    t = await startMatrixApp(fake, { bot, prepare: (dataDir) => restartThingFolder(dataDir) });
    fake.say(general, alice, "!inc declare Nova API slow");
    await t.settle();
    const room = fake.roomNamed("INC-1: Nova API slow");
    fake.join(room, alice);
    fake.say(room, alice, "!inc run restart-thing");
    await t.settle();
    const request = fake
      .events(room)
      .find((event) => String(event.content.body ?? "").includes("asks to be confirmed"));
    expect(String(request?.content.body)).toContain("Or react ✅ to this message");
    fake.react(room, alice, request?.event_id ?? "", "✅");
    await t.settle();
    const runs = t.app.service.timeline(1).filter((entry) => entry.event.kind === "command_run");
    expect(runs).toHaveLength(1);
    expect(runs[0]?.text).toContain("Ran restart-thing: exit 0 after");
    // Other reactions on other messages do nothing.
    fake.react(room, alice, request?.event_id ?? "", "🎉");
    await t.settle();
    expect(
      t.app.service.timeline(1).filter((entry) => entry.event.kind === "command_run"),
    ).toHaveLength(1);
  });
});
