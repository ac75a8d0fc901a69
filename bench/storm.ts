// Storm: 10,000 alerts in 50 Alertmanager groups, delivered the way Alertmanager does it (each
// delivery re-sends the whole group, retries repeat a delivery), against Firebreak with the real
// Slack and Matrix adapters pointed at the fakes from test/helpers. Counts incidents, the chat
// calls each incident's room got, the alerts that did not end up stored in their final state, and
// how long after the last webhook answer the last summary is current (app.drain()).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { startFakeHomeserver } from "../test/e2e/helpers/fake-homeserver.ts";
import { BOT_TOKEN, SIGNING_SECRET, startFakeSlack } from "../test/e2e/helpers/fake-slack.ts";
import type { Child, Figure } from "./lib.ts";
import { progress, round, sampleRss, startChild } from "./lib.ts";
import { type AlertStatus, alertmanagerPayload, fingerprint, groupKey } from "./payloads.ts";

const GROUPS = 50;
const ALERTS_PER_GROUP = 200;

/**
 * The deliveries, in order; each goes to all 50 groups at once. 47,500 alerts are posted for
 * 10,000 distinct ones: the storm grows (50, 100, 200 alerts a group, each delivery repeating the
 * earlier ones), a quarter of each group resolves, that delivery is retried, and finally the even
 * groups resolve completely while the odd ones get their last delivery again.
 */
const DELIVERIES: readonly {
  what: string;
  status(group: number, index: number): AlertStatus | undefined;
}[] = [
  { what: "50 alerts a group fire", status: (_g, i) => (i < 50 ? "firing" : undefined) },
  { what: "100 fire (50 again)", status: (_g, i) => (i < 100 ? "firing" : undefined) },
  { what: "all 200 fire (100 again)", status: () => "firing" },
  { what: "50 resolve, 150 still fire", status: (_g, i) => (i < 50 ? "resolved" : "firing") },
  { what: "the same delivery, retried", status: (_g, i) => (i < 50 ? "resolved" : "firing") },
  {
    what: "even groups resolve, odd ones get the last delivery again",
    status: (g, i) => (g % 2 === 0 || i < 50 ? "resolved" : "firing"),
  },
];

const groupName = (group: number) => `StormHostDown${String(group).padStart(2, "0")}`;

async function sendStorm(address: string): Promise<{ posted: number; failed: number }> {
  const startsAt = new Date(Date.now() - 5 * 60_000).toISOString();
  let posted = 0;
  let failed = 0;
  for (const [n, delivery] of DELIVERIES.entries()) {
    const endsAt = new Date().toISOString();
    const statuses = await Promise.all(
      Array.from({ length: GROUPS }, async (_, group) => {
        const alerts = Array.from({ length: ALERTS_PER_GROUP }, (_, index) => ({
          index,
          status: delivery.status(group, index),
        })).filter((a): a is { index: number; status: AlertStatus } => a.status !== undefined);
        posted += alerts.length;
        const body = alertmanagerPayload({ group: groupName(group), alerts, startsAt, endsAt });
        const response = await fetch(`${address}/webhooks/alertmanager`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify(body),
        });
        await response.body?.cancel();
        return response.status;
      }),
    );
    failed += statuses.filter((status) => status !== 200).length;
    progress(`storm: delivery ${n + 1}/${DELIVERIES.length}: ${delivery.what}`);
  }
  return { posted, failed };
}

/** Fingerprints missing, stored twice, or not in their final state and attached to an incident. */
function lostAlerts(dataDir: string): { lost: number; stored: number } {
  const db = new Database(join(dataDir, "firebreak.db"), { readonly: true });
  try {
    const rows = db
      .prepare(
        "select group_key as groupKey, fingerprint, status, incident_number as incident, count(*) over (partition by group_key, fingerprint) as copies from alerts where source = 'alertmanager'",
      )
      .all() as {
      groupKey: string;
      fingerprint: string;
      status: string;
      incident: number | null;
      copies: number;
    }[];
    const stored = new Map(rows.map((row) => [`${row.groupKey}\u0000${row.fingerprint}`, row]));
    const last = DELIVERIES.at(-1) as (typeof DELIVERIES)[number];
    let lost = 0;
    for (let group = 0; group < GROUPS; group++) {
      for (let index = 0; index < ALERTS_PER_GROUP; index++) {
        const key = `${groupKey(groupName(group))}\u0000${fingerprint(`${groupName(group)}/${index}`)}`;
        const row = stored.get(key);
        const ok =
          row !== undefined &&
          row.copies === 1 &&
          row.incident !== null &&
          row.status === last.status(group, index);
        if (!ok) lost++;
      }
    }
    return { lost, stored: rows.length };
  } finally {
    db.close();
  }
}

interface Report {
  readonly incidents: number;
  readonly rooms: readonly {
    platform: string;
    incident: number | null;
    calls: number;
    openRoom: number;
    post: number;
    edit: number;
  }[];
}

/** "edits 2×30, 3×70": how many rooms got how many calls of one kind. */
function spread(values: readonly number[]): string {
  const counts = new Map<number, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  return [...counts.entries()]
    .sort(([a], [b]) => a - b)
    .map(([value, rooms]) => `${value}×${rooms}`)
    .join(", ");
}

async function runStorm(
  child: Child,
  mode: string,
  fakes: { slackCalls(): number; matrixCalls(): number } | undefined,
  emit: (figure: Figure) => void,
  dataDir: string,
): Promise<void> {
  const { address } = await child.next("ready", 60_000);
  progress(
    `storm: Firebreak is up (${mode}); sending ${GROUPS * ALERTS_PER_GROUP} alerts in ${GROUPS} groups`,
  );
  const slackBefore = fakes?.slackCalls() ?? 0;
  const matrixBefore = fakes?.matrixCalls() ?? 0;
  const rss = sampleRss(child.pid);
  const started = performance.now();
  const { posted, failed } = await sendStorm(String(address));
  const lastAnswer = performance.now();
  child.send({ type: "drain" });
  await child.next("drained", 120_000);
  const settleMs = performance.now() - lastAnswer;
  const peakRss = rss.stop();
  child.send({ type: "report" });
  const report = (await child.next("report")) as unknown as Report;
  await child.stop();
  if (failed > 0) progress(`storm: ${failed} deliveries were not answered 200`);
  progress(
    `storm: ${posted} alerts posted in ${Math.round(lastAnswer - started)} ms, settled ${Math.round(settleMs)} ms later`,
  );

  const incidentRooms = report.rooms.filter((room) => room.incident !== null);
  const perRoom = incidentRooms.map((room) => room.calls);
  progress(
    `storm: calls per incident room — in all: ${spread(perRoom)}; openRoom: ${spread(incidentRooms.map((r) => r.openRoom))}; posts: ${spread(incidentRooms.map((r) => r.post))}; edits: ${spread(incidentRooms.map((r) => r.edit))} (value×rooms)`,
  );
  const { lost, stored } = lostAlerts(dataDir);
  progress(`storm: ${stored} alerts stored, ${report.rooms.length} rooms got chat calls`);
  emit({ name: "storm_incidents", value: report.incidents, unit: "incidents" });
  emit({
    name: "storm_chat_calls_per_incident",
    value: perRoom.length > 0 ? Math.max(...perRoom) : 0,
    unit: "calls (max per incident room)",
  });
  emit({
    name: "storm_chat_calls_per_incident_mean",
    value: round(perRoom.reduce((a, b) => a + b, 0) / Math.max(1, perRoom.length), 2),
    unit: "calls (mean per incident room)",
  });
  emit({ name: "storm_alerts_lost", value: lost, unit: "alerts" });
  emit({ name: "storm_settle_ms", value: Math.round(settleMs), unit: "ms" });
  emit({ name: "storm_rss_mb", value: round(peakRss), unit: "MB" });
  if (fakes && report.incidents > 0) {
    emit({
      name: "storm_slack_http_calls_per_incident",
      value: round((fakes.slackCalls() - slackBefore) / report.incidents, 1),
      unit: "Web API requests (mean)",
    });
    emit({
      name: "storm_matrix_http_calls_per_incident",
      value: round((fakes.matrixCalls() - matrixBefore) / report.incidents, 1),
      unit: "client-server requests, /sync aside (mean)",
    });
  }
}

export async function storm(emit: (figure: Figure) => void): Promise<void> {
  const slack = await startFakeSlack();
  const matrix = await startFakeHomeserver();
  const dataDir = mkdtempSync(join(tmpdir(), "firebreak-bench-storm-"));
  try {
    const bot = matrix.registerUser("firebreak", "Firebreak");
    const fakes = {
      slackCalls: () => slack.calls.length,
      matrixCalls: () => matrix.requests.filter((r) => !r.path.endsWith("/sync")).length,
    };
    const child = startChild("child-storm.ts", {
      BENCH_DATA_DIR: dataDir,
      BENCH_SLACK_API_URL: slack.apiUrl,
      BENCH_SLACK_BOT_TOKEN: BOT_TOKEN,
      BENCH_SLACK_SIGNING_SECRET: SIGNING_SECRET,
      BENCH_MATRIX_URL: matrix.url,
      BENCH_MATRIX_TOKEN: matrix.tokenFor(bot),
      BENCH_MATRIX_USER: bot,
    });
    try {
      await runStorm(child, "Slack and Matrix fakes", fakes, emit, dataDir);
      return;
    } catch (error) {
      await child.stop();
      progress(
        `storm: the Slack/Matrix run failed (${(error as Error).message}); falling back to the counting console chat`,
      );
    }
  } finally {
    await slack.close();
    await matrix.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
  const consoleDir = mkdtempSync(join(tmpdir(), "firebreak-bench-storm-"));
  try {
    const child = startChild("child-storm.ts", {
      BENCH_DATA_DIR: consoleDir,
      BENCH_STORM_CHAT: "console",
    });
    try {
      await runStorm(child, "counting console chat", undefined, emit, consoleDir);
    } finally {
      await child.stop();
    }
  } finally {
    rmSync(consoleDir, { recursive: true, force: true });
  }
}
