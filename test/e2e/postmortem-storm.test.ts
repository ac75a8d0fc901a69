// Issue 19: the postmortem of an alert storm. 5,000 alert events and a handful of people's entries
// go through the real store (SQLite in a temp folder) and the real workflow; the draft must read
// as a few collapsed rows with exact counts, every person's entry and lifecycle change kept.
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { alertRef, type NormalizedAlert } from "../../src/core/alert.ts";
import { manualClock } from "../../src/core/clock.ts";
import type { Actor } from "../../src/core/incident.ts";
import { declareIncident } from "../../src/core/incident-actions.ts";
import type { Store } from "../../src/core/store-ports.ts";
import type { NewTimelineEntry, TimelineEvent } from "../../src/core/timeline-event.ts";
import { createPostmortemWorkflow } from "../../src/flows/postmortem-workflow.ts";
import { createPostmortemFiles } from "../../src/publish/postmortem-files.ts";
import { BUNDLED_TEMPLATES_DIR } from "../../src/publish/render-postmortem.ts";
import { openTempStore, type TempStore } from "../helpers/temp-store.ts";

const ALICE: Actor = { id: "U0ALICE", name: "Alice Liddell" };
const BOB: Actor = { id: "U0BOB", name: "Bob Ross" };
const AM: Actor = { id: "alertmanager", name: "Alertmanager" };
const GROUP = '{}:{alertname=~"HostDown|DiskFull"}';
const T0 = Date.parse("2026-11-18T14:00:00Z");
const at = (ms: number) => new Date(T0 + ms).toISOString();
const MIN = 60_000;

function normalized(name: string, instance: string, resolvedAt: string | null): NormalizedAlert {
  return {
    source: "alertmanager",
    fingerprint: `${name}/${instance}`,
    status: resolvedAt ? "resolved" : "firing",
    labels: { alertname: name, instance, job: "node", region: "eu-de-1" },
    annotations: { summary: `${name}: ${instance} needs attention` },
    startsAt: at(0),
    endsAt: resolvedAt,
    generatorUrl: null,
    groupKey: GROUP,
  };
}

/**
 * 14:00 declared; 2,000 HostDown and 300 DiskFull alerts fire together (14:00:01–14:06:41);
 * acknowledged, a note; 500 more HostDown fire; identified; 2,000 HostDown resolve; a note and
 * an update; 200 DiskFull resolve; resolved; an action item. 5,000 alert events in all.
 */
function seedStorm(store: Store): { number: number; people: string[] } {
  const declared = declareIncident(
    {
      title: "Compute hosts down in eu-de-1",
      severity: 1,
      service: "nova-compute",
      groupKey: GROUP,
      route: null,
      trigger: "alert",
    },
    AM,
    at(0),
  );
  const incident = store.incidents.insert(declared.incident);
  const { number } = incident;
  store.timeline.append(number, declared.entries, at(0));

  const host = (i: number) => `compute-${i}.eu-de-1:9100`;
  const disk = (i: number) => `storage-${i}.eu-de-1:9100`;
  const hostResolvedAt = (i: number) => (i <= 2_000 ? at(20 * MIN + i * 200) : null);
  const diskResolvedAt = (i: number) => (i <= 200 ? at(31 * MIN + i * 1_000) : null);
  const refs = new Map<string, ReturnType<typeof alertRef>>();
  const record = (alert: NormalizedAlert) => {
    const { alert: stored } = store.alerts.record(alert, at(0));
    store.alerts.attach(stored.id, number);
    refs.set(alert.labels.instance as string, alertRef(stored));
  };
  for (let i = 1; i <= 2_500; i++) record(normalized("HostDown", host(i), hostResolvedAt(i)));
  for (let i = 1; i <= 300; i++) record(normalized("DiskFull", disk(i), diskResolvedAt(i)));

  const entries: NewTimelineEntry[] = [];
  const add = (ms: number, event: TimelineEvent, actor: Actor) =>
    entries.push({ event, actor, occurredAt: at(ms) });
  const alert = (ms: number, kind: "alert_fired" | "alert_resolved", instance: string) =>
    add(ms, { kind, alert: refs.get(instance) as ReturnType<typeof alertRef> }, AM);
  const people: string[] = [];
  const say = (ms: number, event: TimelineEvent, actor = ALICE) => {
    add(ms, event, actor);
    if ("text" in event && event.text) people.push(event.text);
  };

  for (let i = 1; i <= 2_000; i++) {
    alert(1_000 + i * 200, "alert_fired", host(i));
    if (i % 6 === 0 && i / 6 <= 300) alert(1_000 + i * 200 + 50, "alert_fired", disk(i / 6));
  }
  say(7 * MIN, { kind: "acknowledged", becameCommander: true, first: true });
  say(8 * MIN, { kind: "note", text: "nova-compute agents lost their RabbitMQ connection" });
  for (let i = 2_001; i <= 2_500; i++)
    alert(8 * MIN + 30_000 + (i - 2_000) * 300, "alert_fired", host(i));
  say(15 * MIN, {
    kind: "status",
    from: "investigating",
    to: "identified",
    text: "RabbitMQ cluster partitioned",
  });
  for (let i = 1; i <= 2_000; i++) alert(20 * MIN + i * 200, "alert_resolved", host(i));
  say(30 * MIN, { kind: "note", text: "healed the partition; hosts reconnecting" }, BOB);
  say(30 * MIN + 20_000, { kind: "update", text: "Most hosts are back; 500 still down." }, BOB);
  for (let i = 1; i <= 200; i++) alert(31 * MIN + i * 1_000, "alert_resolved", disk(i));
  say(40 * MIN, { kind: "resolved", from: "identified", summary: "storage and most hosts back" });
  say(41 * MIN, {
    kind: "action",
    text: "Alert on RabbitMQ partitions before compute agents disconnect",
    owner: BOB.id,
    ownerName: BOB.name,
    due: "2026-12-01",
  });
  expect(entries.filter((entry) => entry.event.kind.startsWith("alert_"))).toHaveLength(5_000);
  store.timeline.append(number, entries, at(45 * MIN));
  store.incidents.save({
    ...incident,
    status: "resolved",
    roles: { commander: ALICE },
    acknowledgedAt: at(7 * MIN),
    resolvedAt: at(40 * MIN),
    updatedAt: at(40 * MIN),
  });
  return { number, people };
}

let temp: TempStore;
beforeEach(() => {
  temp = openTempStore();
});
afterEach(() => temp.cleanup());

describe("the postmortem of an alert storm", () => {
  it("shows a handful of collapsed rows with exact counts, and every person's entry", async () => {
    const { store, dir } = temp;
    const { number, people } = seedStorm(store);
    const workflow = createPostmortemWorkflow(
      store,
      manualClock("2026-11-18T16:00:00Z"),
      {
        timeZone: "UTC",
        blamelessExtra: [],
        blamelessAllow: [],
        siteTitle: "Incidents",
        siteBaseUrl: undefined,
      },
      createPostmortemFiles({
        postmortemsDir: join(dir, "postmortems"),
        publishDir: join(dir, "site"),
        templatesDir: BUNDLED_TEMPLATES_DIR,
      }),
    );
    const { markdown, findings } = await workflow.draft(number);
    expect(findings).toEqual([]);
    expect(markdown.split("\n").length).toBeLessThan(200);

    const timeline = markdown.slice(
      markdown.indexOf("## Timeline"),
      markdown.indexOf("## Contributing"),
    );
    const rows = timeline.split("\n").filter((line) => /^\| \d\d:/.test(line));
    expect(rows).toEqual([
      "| 14:00:00 | Alertmanager | Incident opened from an alert as SEV1: Compute hosts down in eu-de-1 |",
      "| 14:00:01–14:06:41 | Alertmanager | 2,000 alerts HostDown fired (instance: compute-1.eu-de-1:9100…compute-2000.eu-de-1:9100, 2,000 values) |",
      "| 14:00:02–14:06:01 | Alertmanager | 300 alerts DiskFull fired (instance: storage-1.eu-de-1:9100…storage-300.eu-de-1:9100, 300 values) |",
      "| 14:07:00 | the commander | Acknowledged and took the commander role |",
      "| 14:08:00 | the commander | nova-compute agents lost their RabbitMQ connection |",
      "| 14:08:30–14:11:00 | Alertmanager | 500 alerts HostDown fired (instance: compute-2001.eu-de-1:9100…compute-2500.eu-de-1:9100, 500 values) |",
      "| 14:15:00 | the commander | Status investigating → identified: RabbitMQ cluster partitioned |",
      "| 14:20:00–14:26:40 | Alertmanager | 2,000 alerts HostDown resolved (instance: compute-1.eu-de-1:9100…compute-2000.eu-de-1:9100, 2,000 values) |",
      "| 14:30:00 | a responder | healed the partition; hosts reconnecting |",
      "| 14:30:20 | a responder | Status update: Most hosts are back; 500 still down. |",
      "| 14:31:01–14:34:20 | Alertmanager | 200 alerts DiskFull resolved (instance: storage-1.eu-de-1:9100…storage-200.eu-de-1:9100, 200 values) |",
      "| 14:40:00 | the commander | Resolved: storage and most hosts back |",
      "| 14:41:00 | the commander | Action item: Alert on RabbitMQ partitions before compute agents disconnect (owner a responder, due 2026-12-01) |",
    ]);
    for (const text of people) expect(timeline).toContain(text);

    const impact = markdown.slice(markdown.indexOf("## Impact"), markdown.indexOf("## Detection"));
    expect(impact).toContain("- Alerts: 2,800\n");
    expect(impact).toContain(
      "  - HostDown: 2,500 alerts (instance: compute-1.eu-de-1:9100…compute-2500.eu-de-1:9100, 2,500 values): 2,000 resolved, 500 still firing (first fired 2026-11-18 14:00:00 UTC)\n",
    );
    expect(impact).toContain(
      "  - DiskFull: 300 alerts (instance: storage-1.eu-de-1:9100…storage-300.eu-de-1:9100, 300 values): 200 resolved, 100 still firing (first fired 2026-11-18 14:00:00 UTC)\n",
    );
    expect(impact.split("\n").filter((line) => line.startsWith("  - "))).toHaveLength(2);
  });
});
