// Postmortem drafts of long incidents. BENCH_POSTMORTEM=seed fills a store with incidents of
// 1,000 / 10,000 / 100,000 timeline events (each inserted through the store in one transaction);
// BENCH_POSTMORTEM=draft:<number>:<runs> drafts one of them in a fresh process, after a warm-up
// draft of a small incident, and reports the median time and the process's peak RSS.
import { join } from "node:path";
import { loadLikeTheCli } from "../src/cli/load-like-cli.ts";
import type { Actor } from "../src/core/incident.ts";
import type { Store } from "../src/core/store-ports.ts";
import type { NewTimelineEntry, TimelineEvent } from "../src/core/timeline-event.ts";
import { fail, median, procStatusMb, ROOT, tell } from "./lib.ts";
import { alertmanagerPayload, groupKey } from "./payloads.ts";

loadLikeTheCli();
const [
  { alertRef },
  { alertmanagerPayload: alertmanagerSchema, normalizeAlertmanager },
  { systemClock },
  { generatePostmortem, writeTextFile },
  { declareIncident },
  { openSqliteStore },
] = await Promise.all([
  import("../src/core/alert.ts"),
  import("../src/intake/sources/alertmanager-payload.ts"),
  import("../src/core/clock.ts"),
  import("../src/publish/generate-postmortem.ts"),
  import("../src/core/incident-actions.ts"),
  import("../src/store/sqlite/sqlite-store.ts"),
]);

const SIZES = [1_000, 10_000, 100_000] as const;
/** Incident 1 is the small warm-up one; the sizes follow as 2, 3, 4. */
const WARMUP_EVENTS = 20;

const ALICE: Actor = { id: "U0ALICE", name: "Alice Liddell" };
const BOB: Actor = { id: "U0BOB", name: "Bob Ross" };
const CAROL: Actor = { id: "U0CAROL", name: "Carol Danvers" };
const ALERTMANAGER: Actor = { id: "alertmanager", name: "Alertmanager" };
const HOUR = 3_600_000;

/**
 * One incident with `size` timeline events over six hours (crossing midnight), an alert storm:
 * alerts of two names firing and resolving, interleaved (up to 1,000 + 100 stored alerts), and
 * about a hundred entries by people whatever the size — notes, pinned chat messages, status
 * updates, action items, one of them every `size / 100` events — and the lifecycle: declared,
 * acknowledged, roles, severity and status changes, resolved. (Until issue 19 three in ten events
 * were people's: 30,000 notes in six hours, which no incident has, and which a postmortem must
 * show one by one.)
 */
function seedIncident(store: Store, size: number, end: number): number {
  const span = 6 * HOUR;
  const start = end - span;
  const at = (i: number) => new Date(start + Math.floor((i * span) / size)).toISOString();
  const group = `KeystoneLatency${size}`;
  const alertCount = Math.max(1, Math.min(1_000, Math.floor(size / 10)));
  return store.transaction(() => {
    const declared = declareIncident(
      {
        title: `Keystone token validation slow (${size} events)`,
        severity: 2,
        service: "keystone",
        groupKey: groupKey(group),
        route: null,
        trigger: "alert",
      },
      ALERTMANAGER,
      at(0),
    );
    const incident = store.incidents.insert(declared.incident);
    const { number } = incident;

    const payload = alertmanagerPayload({
      group,
      alerts: Array.from({ length: alertCount }, (_, index) => ({
        index,
        status: index % 3 === 0 ? "firing" : "resolved",
      })),
      startsAt: at(1),
      endsAt: at(size - 2),
    });
    // A second alert name in the same storm, a tenth as many alerts, in a group of its own.
    const errors = alertmanagerPayload({
      group: `NovaApiErrors${size}`,
      alerts: Array.from({ length: Math.max(1, Math.floor(alertCount / 10)) }, (_, index) => ({
        index,
        status: index % 2 === 0 ? "firing" : "resolved",
      })),
      startsAt: at(1),
      endsAt: at(size - 2),
    });
    const refs = [payload, errors]
      .flatMap((delivery) => normalizeAlertmanager(alertmanagerSchema.parse(delivery)))
      .map((alert) => {
        const { alert: stored } = store.alerts.record(alert, at(1));
        store.alerts.attach(stored.id, number);
        return alertRef(stored);
      });
    const people = Math.max(10, Math.floor(size / 100));

    const eventAt = (i: number): { event: TimelineEvent; actor: Actor } => {
      const alert = refs[i % refs.length] as (typeof refs)[number];
      if (i === 1)
        return {
          event: { kind: "acknowledged", becameCommander: true, first: true },
          actor: ALICE,
        };
      if (i === 2)
        return {
          event: { kind: "role", role: "comms", user: BOB.id, userName: BOB.name },
          actor: ALICE,
        };
      if (i === 3)
        return {
          event: { kind: "role", role: "scribe", user: CAROL.id, userName: CAROL.name },
          actor: ALICE,
        };
      if (i === Math.floor(size * 0.1))
        return { event: { kind: "severity", from: 2, to: 1 }, actor: ALICE };
      if (i === Math.floor(size * 0.25))
        return {
          event: {
            kind: "status",
            from: "investigating",
            to: "identified",
            text: "token cache misses after the memcached restart",
          },
          actor: ALICE,
        };
      if (i === Math.floor(size * 0.6))
        return {
          event: {
            kind: "status",
            from: "identified",
            to: "monitoring",
            text: "cache warmed, latency back to normal",
          },
          actor: ALICE,
        };
      if (i === Math.floor(size * 0.7))
        return { event: { kind: "severity", from: 1, to: 2 }, actor: ALICE };
      if (i === size - 1)
        return {
          event: { kind: "resolved", from: "monitoring", summary: "latency normal for an hour" },
          actor: ALICE,
        };
      const slot = i % 20;
      if (i % people !== 0)
        return {
          event: { kind: slot < 11 ? "alert_fired" : "alert_resolved", alert },
          actor: ALERTMANAGER,
        };
      const turn = (i / people) % 10;
      if (turn === 9)
        return {
          event: {
            kind: "action",
            text: `Alert on token cache hit rate below 80% for keystone shard ${i}`,
            owner: BOB.id,
            ownerName: BOB.name,
            due: "2026-12-01",
          },
          actor: ALICE,
        };
      if (turn === 8)
        return {
          event: {
            kind: "update",
            text: `Token validation is still slow for some users; next update in 30 minutes (${i}).`,
          },
          actor: BOB,
        };
      if (turn < 6)
        return {
          event: {
            kind: "note",
            text: `Checked keystone-${i % 7}: p99 ${200 + (i % 300)} ms | cache hits ${i % 100}%`,
          },
          actor: i % 2 ? CAROL : ALICE,
        };
      return {
        event: {
          kind: "message",
          text: `memcached on cache-${i % 5} shows evictions again`,
          platform: "slack",
          roomId: "C0INC1",
          messageId: `${i}.000100`,
          pinnedBy: CAROL.id,
        },
        actor: BOB,
      };
    };

    const chunk: NewTimelineEntry[] = [];
    const flush = (recordedAt: string) => {
      store.timeline.append(number, chunk, recordedAt);
      chunk.length = 0;
    };
    store.timeline.append(number, declared.entries, at(0));
    for (let i = 1; i < size; i++) {
      const { event, actor } = eventAt(i);
      chunk.push({
        event,
        actor,
        occurredAt: at(i),
        ...(event.kind === "message" ? { ref: `slack:C0INC1:${i}` } : {}),
      });
      if (chunk.length === 500 || i === size - 1) flush(at(i));
    }
    store.incidents.save({
      ...incident,
      severity: 2,
      status: "resolved",
      roles: { commander: ALICE, comms: BOB, scribe: CAROL },
      acknowledgedAt: at(1),
      mitigatedAt: at(Math.floor(size * 0.6)),
      resolvedAt: at(size - 1),
      updatedAt: at(size - 1),
    });
    return number;
  });
}

try {
  const dataDir = process.env.BENCH_DATA_DIR;
  if (!dataDir) throw new Error("BENCH_DATA_DIR is not set");
  const [mode, number, runs] = (process.env.BENCH_POSTMORTEM ?? "").split(":");
  const store = openSqliteStore(dataDir);
  if (mode === "seed") {
    const end = Date.now() - HOUR;
    const numbers = [WARMUP_EVENTS, ...SIZES].map((size) => {
      const started = performance.now();
      const n = seedIncident(store, size, end);
      process.stderr.write(
        `        INC-${n}: ${size} events inserted in ${Math.round(performance.now() - started)} ms\n`,
      );
      return n;
    });
    store.close();
    tell({ type: "seeded", numbers });
  } else if (mode === "draft") {
    const options = { templatesDir: join(ROOT, "templates"), timeZone: "UTC", clock: systemClock };
    for (let i = 0; i < 3; i++) await generatePostmortem(store, 1, options);
    const times: number[] = [];
    let length = 0;
    let lines = 0;
    for (let i = 0; i < Number(runs); i++) {
      const started = performance.now();
      const markdown = await generatePostmortem(store, Number(number), options);
      times.push(performance.now() - started);
      length = markdown.length;
      lines = markdown.split("\n").length;
      // Drafts end up in a file (`firebreak postmortem --out`, the chat command): so here too,
      // which counts towards the peak RSS, not the time to draft.
      writeTextFile(join(dataDir, `INC-${number}.md`), markdown);
    }
    store.close();
    tell({
      type: "drafted",
      ms: median(times),
      bytes: length,
      lines,
      peakRssMb: procStatusMb("self", "VmHWM") ?? 0,
    });
  } else {
    throw new Error(`BENCH_POSTMORTEM=${mode}: expected seed or draft`);
  }
} catch (error) {
  fail(error);
}
