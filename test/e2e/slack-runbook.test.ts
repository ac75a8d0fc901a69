import { afterEach, describe, expect, it } from "vitest";
import { restartThingFolder } from "../helpers/runbook-folder.ts";
import { makeTempDir, removeTempDir } from "../helpers/temp-store.ts";
import { buttonPayload, type SlackBlock, slackApps } from "./helpers/fake-slack.ts";

const apps = slackApps();
let dir: string | undefined;
afterEach(async () => {
  await apps.closeAll();
  if (dir) removeTempDir(dir);
  dir = undefined;
});

describe("Slack: runbook commands", () => {
  it("a command that asks for confirmation gets a Confirm button; clicking it runs the command", async () => {
    dir = makeTempDir();
    const commands = restartThingFolder(dir, ["commander", "ops"]);
    const t = await apps.start({ yaml: `commandsDir: ${JSON.stringify(commands)}\n` });
    const channel = await t.declare("Nova API slow");
    await t.command("ack", { channelId: channel });
    await t.command("run restart-thing", { channelId: channel });
    await t.settle();

    const request = t.fake
      .callsTo("chat.postMessage")
      .find((call) => String(call.args.text).includes("asks to be confirmed"));
    const blocks = (request?.args.blocks ?? []) as SlackBlock[];
    const button = blocks.find((b) => b.type === "actions")?.elements?.[0];
    expect(button?.value).toMatch(/^confirm [0-9a-f]{6}$/);

    await t.interact(
      buttonPayload({
        actionId: button?.action_id ?? "",
        value: button?.value ?? "",
        channelId: channel,
      }),
    );
    await t.settle();
    const runs = t.app.service.timeline(1).filter((entry) => entry.event.kind === "command_run");
    expect(runs).toHaveLength(1);
    expect(runs[0]?.text).toContain("Ran restart-thing: exit 0");
    const shown = t.fake.callsTo("chat.update").map((call) => String(call.args.text));
    expect(shown.some((text) => text.includes("restarted"))).toBe(true);
  });
});
