import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { type ConsoleApp, startConsoleApp } from "./helpers/console-app.ts";

const fixture = (name: string) =>
  readFileSync(join(import.meta.dirname, "..", "fixtures", name), "utf8");

const YAML = `
routes:
  - name: compute
    matchers: ['team="compute"']
    invite: ["@alice", "@bob"]
    broadcast: incidents
  - name: storage
    matchers: ['team="storage"']
    mode: notify
    broadcast: storage-alerts
`;

let t: ConsoleApp | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

async function alert(name: string) {
  if (!t) throw new Error("no app");
  const path = name.startsWith("grafana") ? "/webhooks/grafana" : "/webhooks/alertmanager";
  const response = await fetch(`${t.address}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: fixture(name),
  });
  expect(response.status).toBe(200);
  await t.app.drain();
}

describe("what chat hears of alerts", () => {
  it("invites the route's people and keeps one broadcast line per incident current", async () => {
    t = await startConsoleApp({ yaml: YAML });
    await alert("alertmanager-firing.json");
    const opened = t.take().join("\n");
    expect(opened).toContain("inc-1: invited @alice, @bob");
    expect(opened).toContain(
      "[incidents] firebreak: 🔥 *INC-1* · SEV1 · investigating — Nova API p99 latency above 2s (room inc-1)",
    );

    await t.chat.type("inc-1", "alice", "!inc update Server creation is slow in eu-de-1");
    await t.chat.type("inc-1", "alice", "!inc resolve");
    await t.app.drain();
    const later = t.take();
    expect(later).toContain(
      "[incidents] firebreak (in thread): 📣 Status update from alice (investigating): Server creation is slow in eu-de-1",
    );
    expect(later).toContain(
      "[incidents] firebreak ✎: ✅ *INC-1* · SEV1 · resolved — Nova API p99 latency above 2s (room inc-1)",
    );
    // The broadcast room got one post and one thread reply; the rest were edits.
    expect(later.filter((line) => line.startsWith("[incidents] firebreak:"))).toEqual([]);
  });

  it("shows new alerts in the summary, coalesced, instead of a message per alert", async () => {
    t = await startConsoleApp({ yaml: YAML });
    await alert("alertmanager-firing.json");
    t.take();
    await alert("alertmanager-resolved.json");
    const lines = t.take();
    expect(lines).toHaveLength(2);
    expect(lines[0]).toBe(
      "[inc-1] firebreak: Every alert of INC-1 has resolved. An alert that stopped firing is not yet a fixed system: when you are sure, `!inc resolve`.",
    );
    expect(lines[1]).toMatch(/^\[inc-1\] firebreak ✎: Alerts: 0 firing, 2 resolved\n/);
  });

  it("notify routes post to their broadcast room and open no incident", async () => {
    t = await startConsoleApp({ yaml: YAML });
    await alert("grafana-firing.json");
    expect(t.app.store.incidents.list()).toEqual([]);
    expect(t.take()).toEqual([
      "[storage-alerts] firebreak: 🔔 firing: CinderVolumeAttachErrors — Volume attach error rate above 5%",
    ]);
  });

  it("never broadcasts a private incident", async () => {
    t = await startConsoleApp({
      yaml: `${YAML.replace("broadcast: incidents", "broadcast: incidents\n    private: true")}`,
    });
    await alert("alertmanager-firing.json");
    expect(t.app.service.get(1).private).toBe(true);
    expect(t.take().some((line) => line.startsWith("[incidents]"))).toBe(false);
  });
});
