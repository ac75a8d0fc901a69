import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type ConsoleApp, startConsoleApp } from "./helpers/console-app.ts";

const fixture = (name: string) =>
  readFileSync(join(import.meta.dirname, "..", "fixtures", name), "utf8");

let t: ConsoleApp;
beforeEach(async () => {
  t = await startConsoleApp({ yaml: "defaultRoute:\n  mode: triage\n" });
});
afterEach(() => t.close());

async function post(path: string, body: string) {
  const response = await fetch(`${t.address}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body,
  });
  expect(response.status).toBeLessThan(300);
  await t.app.drain();
}

async function say(text: string, room: string, user = "alice") {
  await t.chat.type(room, user, text);
  await t.app.drain();
  return t.take().slice(1).join("\n");
}

describe("triage", () => {
  it("opens alerts of a triage route in triage; accept starts the response", async () => {
    await post("/webhooks/alertmanager", fixture("alertmanager-firing.json"));
    expect(t.app.service.get(1).status).toBe("triage");
    const accepted = await say("!inc accept", "inc-1");
    expect(accepted).toContain("alice set the status to *investigating*: accepted from triage");
    expect(accepted).toContain("alice acknowledged INC-1 and is now the commander.");
    expect(t.app.service.get(1)).toMatchObject({
      status: "investigating",
      roles: { commander: { id: "alice" } },
    });
    expect(await say("!inc accept", "inc-1")).toContain("INC-1 is investigating, not in triage");
  });

  it("decline keeps the incident, out of the open list", async () => {
    await post("/webhooks/grafana", fixture("grafana-firing.json"));
    expect(await say("!inc decline known flapping check", "inc-1")).toContain(
      "*declined*: known flapping check",
    );
    expect(t.app.service.get(1).status).toBe("declined");
    expect(await say("!inc list", "general")).toContain("No open incidents.");
  });

  it("merge moves the alerts and the timeline into the other incident", async () => {
    await post("/webhooks/alertmanager", fixture("alertmanager-firing.json"));
    await say("!inc accept", "inc-1");
    await post("/webhooks/grafana", fixture("grafana-firing.json"));
    expect(t.app.service.get(2).status).toBe("triage");
    const merged = await say("!inc merge INC-1", "inc-2");
    expect(merged).toContain("*merged*: merged into INC-1");
    expect(t.app.service.get(2).status).toBe("merged");
    expect(t.app.store.alerts.listForIncident(1)).toHaveLength(3);
    expect(t.app.store.alerts.listForIncident(2)).toEqual([]);
    const target = t.app.service.timeline(1).map((entry) => entry.text);
    expect(target).toContain(
      "Alert firing: CinderVolumeAttachErrors — Volume attach error rate above 5%",
    );
    expect(target).toContain(
      "INC-2 was merged into this incident: its 1 alert(s) and timeline moved here.",
    );
    expect(t.app.service.timeline(2).map((entry) => entry.event.kind)).toEqual(["status"]);
  });

  it("refuses to merge into an incident nobody works on, or into itself", async () => {
    await post("/webhooks/alertmanager", fixture("alertmanager-firing.json"));
    await post("/webhooks/grafana", fixture("grafana-firing.json"));
    expect(await say("!inc merge INC-1", "inc-2")).toContain(
      "INC-1 is triage: merge into an incident that is being worked on.",
    );
    expect(await say("!inc merge 2", "inc-2")).toContain("cannot be merged into itself");
    expect(await say("!inc merge INC-9", "inc-2")).toContain("There is no INC-9 that you can see.");
  });
});
