import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import {
  type Alertmanager,
  type PostableAlert,
  startAlertmanager,
  waitFor,
} from "./alertmanager.ts";
import { type ServeProcess, startServe } from "./firebreak-serve.ts";
import { freePort } from "./free-port.ts";

/**
 * The crash loop, shared by test/e2e/crash-loop.test.ts (small) and bench/soak.ts (full size): the
 * real Alertmanager sends an alert storm to `firebreak serve`, which is SIGKILLed at random
 * moments and restarted on the same port, so Alertmanager's retries reach the new process. Once
 * Alertmanager has delivered everything, the database must hold every alert exactly once, one
 * incident per Alertmanager group, and every firing and resolve exactly once on its incident's
 * timeline. Every random choice comes from one seed, printed first, so a failing run can be
 * replayed (the choices, not the exact interleaving with Alertmanager's timers).
 */

export interface CrashLoopOptions {
  /** How many times `serve` is SIGKILLed (and restarted). */
  readonly kills: number;
  /** Distinct alerts posted to Alertmanager, spread over `groups` groups (one alertname each). */
  readonly alerts: number;
  readonly groups: number;
  /** The share of the alerts that are resolved once Firebreak has stored them firing. */
  readonly resolveShare: number;
  readonly seed: number;
  /** Alertmanager's group_interval (group_wait is 1 s, repeat_interval 1 h). */
  readonly groupIntervalMs: number;
  /** How long `serve` runs before a kill, and stays down after it: random in [min, max] ms. */
  readonly upMs: readonly [number, number];
  readonly downMs: readonly [number, number];
  /** The pause between two posts of the storm to Alertmanager: random in [min, max] ms. */
  readonly waveGapMs: readonly [number, number];
  /**
   * When nothing at all has happened for this long (no write to the database, no webhook request
   * by Alertmanager) while something is still missing, it will not come: the run goes on to the
   * checks, which say what is missing.
   */
  readonly stuckMs: number;
  /** The most the delivery may take once the storm and the kills are over. */
  readonly deliveryTimeoutMs: number;
  /** Keep the data dir (and say where) when a check fails. */
  readonly keepOnFailure: boolean;
  /** Progress lines. */
  readonly log: (line: string) => void;
}

export const CI_SIZE = { kills: 3, alerts: 200, groups: 10 } as const;
export const SOAK_SIZE = { kills: 20, alerts: 5_000, groups: 50 } as const;

function positiveInt(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const text = env[name];
  if (text === undefined || text === "") return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 0) {
    throw new Error(`${name} must be a whole number ≥ 0, not ${JSON.stringify(text)}`);
  }
  return value;
}

/**
 * The options, sized by FIREBREAK_SOAK_KILLS, FIREBREAK_SOAK_ALERTS, FIREBREAK_SOAK_GROUPS and
 * FIREBREAK_SOAK_SEED (to replay a run) where set, else by `size` and a fresh seed.
 */
export function crashLoopOptions(
  size: { readonly kills: number; readonly alerts: number; readonly groups: number },
  log: (line: string) => void,
  env: NodeJS.ProcessEnv = process.env,
): CrashLoopOptions {
  const kills = positiveInt(env, "FIREBREAK_SOAK_KILLS", size.kills);
  const alerts = positiveInt(env, "FIREBREAK_SOAK_ALERTS", size.alerts);
  const groups = Math.min(alerts, positiveInt(env, "FIREBREAK_SOAK_GROUPS", size.groups));
  if (alerts < 1 || groups < 1) throw new Error("the crash loop needs at least one alert");
  return {
    kills,
    alerts,
    groups,
    resolveShare: 0.3,
    seed: positiveInt(env, "FIREBREAK_SOAK_SEED", randomBytes(4).readUInt32BE() >>> 1),
    groupIntervalMs: 2_000,
    upMs: [300, 2_500],
    downMs: [0, 800],
    waveGapMs: [200, 1_500],
    stuckMs: 30_000,
    deliveryTimeoutMs: 120_000 + alerts * 10,
    keepOnFailure: false,
    log,
  };
}

/** The longest a run can take before it gives up on its own: a bound for a test's timeout. */
export function longestRunMs(options: CrashLoopOptions): number {
  const start = 30_000; // startServe's own limit
  const perKill = options.upMs[1] + 3 * options.groupIntervalMs + options.downMs[1] + start;
  const waves = 3 * Math.max(3, options.kills) * options.waveGapMs[1];
  return 2 * start + options.kills * perKill + waves + options.stuckMs + options.deliveryTimeoutMs;
}

/** mulberry32: small, fast, and the same sequence for the same seed everywhere. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const between = (random: () => number, [min, max]: readonly [number, number]) =>
  Math.round(min + random() * (max - min));

function shuffled<T>(items: readonly T[], random: () => number): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [copy[i], copy[j]] = [copy[j] as T, copy[i] as T];
  }
  return copy;
}

function chunks<T>(items: readonly T[], count: number): T[][] {
  const size = Math.ceil(items.length / Math.max(1, count));
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** One alert of the storm; `instance` names it uniquely. */
export interface StormAlert {
  readonly group: number;
  readonly alertname: string;
  readonly instance: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly resolve: boolean;
}

const SEVERITIES = ["critical", "error", "warning", "info"] as const;

export function stormAlerts(options: CrashLoopOptions, random: () => number): StormAlert[] {
  const width = String(options.groups - 1).length;
  const all = Array.from({ length: options.alerts }, (_, i) => {
    const group = i % options.groups;
    const g = String(group).padStart(width, "0");
    const alertname = `CrashLoop${g}`;
    const instance = `node-${g}-${String(Math.floor(i / options.groups)).padStart(4, "0")}`;
    return {
      group,
      alertname,
      instance,
      labels: {
        alertname,
        instance,
        service: `service-${g}`,
        severity: SEVERITIES[group % SEVERITIES.length] ?? "warning",
      },
    };
  });
  const resolved = new Set(
    shuffled(all, random)
      .slice(0, Math.round(options.alerts * options.resolveShare))
      .map((alert) => alert.instance),
  );
  return all.map((alert) => ({ ...alert, resolve: resolved.has(alert.instance) }));
}

// --- What the database holds (read-only, its own connection per look) ---

export interface StoredAlertRow {
  readonly id: number;
  readonly fingerprint: string;
  readonly groupKey: string;
  readonly status: string;
  readonly instance: string | null;
  readonly alertname: string | null;
  readonly incident: number | null;
}

export interface Snapshot {
  readonly alerts: readonly StoredAlertRow[];
  readonly incidents: readonly { number: number; groupKey: string | null; status: string }[];
  readonly timeline: readonly {
    id: number;
    incident: number;
    kind: string;
    fingerprint: string | null;
  }[];
  readonly integrity: string;
  /** Incident rooms on the console chat, with the summary message posted in each. */
  readonly rooms: readonly { incident: number; summary: string | null }[];
  /** Chat operations still in the outbox (after a clean stop: none waiting, none given up). */
  readonly outbox: readonly { id: number; kind: string; failed: string | null }[];
}

export interface Counts {
  readonly alerts: number;
  readonly firing: number;
  readonly resolved: number;
  readonly incidents: number;
  readonly timeline: number;
  /** Changes whenever anything is written. */
  readonly digest: string;
}

function readOnly<T>(dataDir: string, read: (db: Database.Database) => T): T | undefined {
  const file = join(dataDir, "firebreak.db");
  if (!existsSync(file)) return undefined;
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    db.pragma("busy_timeout = 5000");
    return read(db);
  } finally {
    db.close();
  }
}

/** Cheap counts, for progress and for telling when delivery has settled. */
export function readCounts(dataDir: string): Counts | undefined {
  try {
    return readOnly(dataDir, (db) => {
      const row = db
        .prepare(
          `SELECT
             (SELECT count(*) FROM alerts) AS alerts,
             (SELECT count(*) FROM alerts WHERE status = 'firing') AS firing,
             (SELECT count(*) FROM alerts WHERE status = 'resolved') AS resolved,
             (SELECT max(updated_at) FROM alerts) AS alertsUpdated,
             (SELECT count(*) FROM incidents) AS incidents,
             (SELECT max(updated_at) FROM incidents) AS incidentsUpdated,
             (SELECT count(*) FROM timeline_entries)
               + (SELECT count(*) FROM alerts WHERE fired_seq IS NOT NULL) AS timeline,
             max((SELECT coalesce(max(id), 0) FROM timeline_entries),
                 (SELECT coalesce(max(fired_seq), 0) FROM alerts)) AS lastEntry`,
        )
        .get() as Record<string, number | string | null>;
      return {
        alerts: Number(row.alerts),
        firing: Number(row.firing),
        resolved: Number(row.resolved),
        incidents: Number(row.incidents),
        timeline: Number(row.timeline),
        digest: JSON.stringify(row),
      };
    });
  } catch {
    return undefined; // not migrated yet, or caught between kill and restart
  }
}

/** Instances stored in this status. */
function storedInstances(dataDir: string, status: "firing" | "resolved"): Set<string> {
  try {
    const rows =
      readOnly(dataDir, (db) =>
        db
          .prepare(
            "SELECT json_extract(labels, '$.instance') AS instance FROM alerts WHERE status = ?",
          )
          .all(status),
      ) ?? [];
    return new Set((rows as { instance: string | null }[]).map((r) => r.instance ?? ""));
  } catch {
    return new Set();
  }
}

export function readSnapshot(dataDir: string): Snapshot {
  const snapshot = readOnly(dataDir, (db) => ({
    alerts: db
      .prepare(
        `SELECT id, fingerprint, group_key AS groupKey, status,
                json_extract(labels, '$.instance') AS instance,
                json_extract(labels, '$.alertname') AS alertname,
                incident_number AS incident
           FROM alerts ORDER BY id`,
      )
      .all() as StoredAlertRow[],
    incidents: db
      .prepare("SELECT number, group_key AS groupKey, status FROM incidents ORDER BY number")
      .all() as Snapshot["incidents"],
    timeline: db
      .prepare(
        // An alert row may hold its own alert_fired entry (alerts.fired_seq).
        `SELECT id, incident_number AS incident, kind,
                json_extract(event, '$.alert.fingerprint') AS fingerprint
           FROM timeline_entries
         UNION ALL
         SELECT fired_seq, incident_number, 'alert_fired', fingerprint
           FROM alerts WHERE fired_seq IS NOT NULL
         ORDER BY id`,
      )
      .all() as Snapshot["timeline"],
    integrity: (db.pragma("integrity_check") as { integrity_check: string }[])
      .map((row) => row.integrity_check)
      .join("; "),
    rooms: db
      .prepare(
        "SELECT incident_number AS incident, summary_message_id AS summary FROM incident_rooms",
      )
      .all() as Snapshot["rooms"],
    outbox: db
      .prepare("SELECT id, kind, failed_at AS failed FROM chat_outbox ORDER BY id")
      .all() as Snapshot["outbox"],
  }));
  if (!snapshot) throw new Error(`There is no database in ${dataDir}`);
  return snapshot;
}

// --- The checks ---

export interface Expected {
  readonly alerts: readonly StormAlert[];
  readonly groups: number;
  /** Alertmanager's fingerprint of each alert, by instance. */
  readonly fingerprints: ReadonlyMap<string, string>;
}

/** Every way the database differs from what Alertmanager sent; empty when it is all there once. */
export function checkSnapshot(snapshot: Snapshot, expected: Expected): string[] {
  const problems: string[] = [];
  const MAX_EACH = 20;
  const say = (kind: string, list: string[]) => {
    if (list.length === 0) return;
    const shown = list.slice(0, MAX_EACH);
    const more = list.length > MAX_EACH ? ` … and ${list.length - MAX_EACH} more` : "";
    problems.push(`${kind} (${list.length}): ${shown.join("; ")}${more}`);
  };

  if (snapshot.integrity !== "ok") problems.push(`integrity_check: ${snapshot.integrity}`);

  // Alerts: each fingerprint stored once, as Alertmanager computed it, in its final status.
  const byFingerprint = new Map<string, StoredAlertRow[]>();
  for (const row of snapshot.alerts) {
    byFingerprint.set(row.fingerprint, [...(byFingerprint.get(row.fingerprint) ?? []), row]);
  }
  say(
    "fingerprints stored more than once",
    [...byFingerprint]
      .filter(([, rows]) => rows.length > 1)
      .map(([fp, rows]) => `${fp} ×${rows.length} (rows ${rows.map((r) => r.id).join(", ")})`),
  );
  const byInstance = new Map<string, StoredAlertRow>();
  for (const row of snapshot.alerts) byInstance.set(row.instance ?? `?${row.id}`, row);
  const missing: string[] = [];
  const wrongFingerprint: string[] = [];
  const wrongStatus: string[] = [];
  const unattached: string[] = [];
  for (const alert of expected.alerts) {
    const row = byInstance.get(alert.instance);
    const fp = expected.fingerprints.get(alert.instance);
    if (!row) {
      missing.push(`${alert.instance} (${fp ?? "no fingerprint"})`);
      continue;
    }
    if (fp !== undefined && row.fingerprint !== fp) {
      wrongFingerprint.push(`${alert.instance}: stored ${row.fingerprint}, Alertmanager ${fp}`);
    }
    const status = alert.resolve ? "resolved" : "firing";
    if (row.status !== status) wrongStatus.push(`${alert.instance}: ${row.status}, not ${status}`);
    if (row.incident === null) unattached.push(alert.instance);
  }
  say("alerts never stored", missing);
  say("alerts stored with another fingerprint", wrongFingerprint);
  say("alerts in the wrong status", wrongStatus);
  say("alerts on no incident", unattached);
  const known = new Set(expected.alerts.map((alert) => alert.instance));
  say(
    "alerts stored that were never sent",
    snapshot.alerts.filter((row) => !known.has(row.instance ?? "")).map((row) => `row ${row.id}`),
  );

  // Incidents: one per Alertmanager group, holding exactly that group's alerts.
  if (snapshot.incidents.length !== expected.groups) {
    problems.push(`${snapshot.incidents.length} incidents for ${expected.groups} groups`);
  }
  const byGroupKey = new Map<string, number[]>();
  for (const incident of snapshot.incidents) {
    const key = incident.groupKey ?? "(none)";
    byGroupKey.set(key, [...(byGroupKey.get(key) ?? []), incident.number]);
  }
  say(
    "groups with more than one incident",
    [...byGroupKey]
      .filter(([, numbers]) => numbers.length > 1)
      .map(([key, numbers]) => `${key}: ${numbers.map((n) => `INC-${n}`).join(", ")}`),
  );
  say(
    "incidents not investigating",
    snapshot.incidents
      .filter((incident) => incident.status !== "investigating")
      .map((incident) => `INC-${incident.number} ${incident.status}`),
  );
  const incidentOf = new Map(snapshot.incidents.map((i) => [i.number, i]));
  const namesOf = new Map<number, Set<string>>();
  const misfiled: string[] = [];
  for (const row of snapshot.alerts) {
    if (row.incident === null) continue;
    const incident = incidentOf.get(row.incident);
    if (incident?.groupKey !== row.groupKey) {
      misfiled.push(`${row.instance} (group ${row.groupKey}) on INC-${row.incident}`);
    }
    namesOf.set(row.incident, (namesOf.get(row.incident) ?? new Set()).add(row.alertname ?? ""));
  }
  say("alerts on an incident of another group", misfiled);
  say(
    "incidents mixing groups",
    [...namesOf]
      .filter(([, names]) => names.size > 1)
      .map(([n, names]) => `INC-${n}: ${[...names].join(", ")}`),
  );
  say(
    "incidents without alerts",
    snapshot.incidents.filter((i) => !namesOf.has(i.number)).map((i) => `INC-${i.number}`),
  );

  // Timeline: one `declared` per incident; each alert's firing (and resolve) once, on its incident.
  const entries = new Map<string, number>();
  const unexpectedKinds: string[] = [];
  for (const entry of snapshot.timeline) {
    if (!["declared", "alert_fired", "alert_resolved"].includes(entry.kind)) {
      unexpectedKinds.push(`#${entry.id} ${entry.kind} on INC-${entry.incident}`);
    }
    const key = `${entry.incident}|${entry.kind}|${entry.fingerprint ?? ""}`;
    entries.set(key, (entries.get(key) ?? 0) + 1);
  }
  say("unexpected timeline entries", unexpectedKinds);
  const wrongDeclared = snapshot.incidents
    .map((i) => [i.number, entries.get(`${i.number}|declared|`) ?? 0] as const)
    .filter(([, count]) => count !== 1)
    .map(([n, count]) => `INC-${n} declared ×${count}`);
  say("incidents not declared exactly once", wrongDeclared);

  // Chat: every incident got exactly one room with its summary, and the outbox was emptied, in
  // spite of the kills between committing a chat operation and delivering it.
  const roomsOf = new Map<number, number>();
  for (const room of snapshot.rooms)
    roomsOf.set(room.incident, (roomsOf.get(room.incident) ?? 0) + 1);
  say(
    "incidents without exactly one room",
    snapshot.incidents
      .filter((incident) => roomsOf.get(incident.number) !== 1)
      .map((incident) => `INC-${incident.number} ×${roomsOf.get(incident.number) ?? 0}`),
  );
  say(
    "rooms without a summary message",
    snapshot.rooms.filter((room) => !room.summary).map((room) => `INC-${room.incident}`),
  );
  say(
    "chat operations left in the outbox",
    snapshot.outbox.map(
      (message) => `#${message.id} ${message.kind}${message.failed ? " (given up)" : ""}`,
    ),
  );
  const wrongEntries: string[] = [];
  let onTheirIncident = 0;
  for (const row of snapshot.alerts) {
    if (row.incident === null) continue;
    const fired = entries.get(`${row.incident}|alert_fired|${row.fingerprint}`) ?? 0;
    const resolved = entries.get(`${row.incident}|alert_resolved|${row.fingerprint}`) ?? 0;
    const resolves = row.status === "resolved" ? 1 : 0;
    if (fired !== 1) wrongEntries.push(`${row.instance} fired ×${fired} on INC-${row.incident}`);
    if (resolved !== resolves) {
      wrongEntries.push(`${row.instance} resolved ×${resolved} on INC-${row.incident}`);
    }
    onTheirIncident += fired + resolved;
  }
  say("alerts not on their incident's timeline exactly once", wrongEntries);
  const alertEntries = snapshot.timeline.filter((e) => e.kind !== "declared").length;
  if (alertEntries !== onTheirIncident) {
    problems.push(
      `${alertEntries - onTheirIncident} alert timeline entries on an incident other than their alert's`,
    );
  }
  const resolves = expected.alerts.filter((alert) => alert.resolve).length;
  const want = expected.groups + expected.alerts.length + resolves;
  if (snapshot.timeline.length !== want) {
    problems.push(
      `${snapshot.timeline.length} timeline entries, expected ${want} (${expected.groups} declared, ${expected.alerts.length} fired, ${resolves} resolved)`,
    );
  }
  return problems;
}

// --- The run ---

export interface CrashLoopReport {
  readonly seed: number;
  readonly kills: number;
  readonly alerts: number;
  readonly groups: number;
  readonly resolved: number;
  /** Empty when everything was delivered exactly once. */
  readonly violations: readonly string[];
  readonly counts: Counts | undefined;
  /** How many Firebreak processes ran (kills + 1). */
  readonly processes: number;
  /** Kills that came within milliseconds of a commit (the others came at random moments). */
  readonly killedAfterCommit: number;
  /**
   * Alertmanager's failed webhook attempts by cause: "connection refused" while Firebreak was
   * down, "EOF" or "connection reset" when a kill cut a request off.
   */
  readonly failedAttempts: Readonly<Record<string, number>>;
  /** Console chat: incidents whose room-opening summary was posted, and how many more than once. */
  readonly chat: { readonly roomsOpened: number; readonly openedTwice: number };
  /** From the first post to everything delivered, and in all. */
  readonly deliveredAfterMs: number;
  readonly durationMs: number;
  /** The exit code of the last `serve` on SIGTERM. */
  readonly lastExitCode: number | null;
}

export async function runCrashLoop(options: CrashLoopOptions): Promise<CrashLoopReport> {
  const { log } = options;
  const started = performance.now();
  // The storm is drawn first; the feeder and the killer then each draw from their own stream, so
  // that how their turns interleave does not change what either of them draws.
  const random = seededRandom(options.seed);
  const feedRandom = seededRandom(options.seed ^ 0x5eed_f00d);
  const killRandom = seededRandom(options.seed ^ 0x0bad_beef);
  log(
    `crash loop: seed ${options.seed} (replay with FIREBREAK_SOAK_SEED=${options.seed}), ` +
      `${options.kills} kills, ${options.alerts} alerts in ${options.groups} groups`,
  );
  const alerts = stormAlerts(options, random);
  const toResolve = alerts.filter((alert) => alert.resolve);
  // About as many waves as the kills take, so that they keep coming while Firebreak dies.
  const fireWaves = chunks(shuffled(alerts, random), Math.max(3, 2 * options.kills));
  const resolveWaves = chunks(shuffled(toResolve, random), Math.max(2, options.kills));
  // Whole seconds, so the times Alertmanager sends back are exactly these.
  const startsAt = new Date(Math.floor(Date.now() / 1000) * 1000 - 60_000).toISOString();
  const firingUntil = new Date(Date.now() + 6 * 3600_000).toISOString();

  const token = `crash-${randomBytes(12).toString("hex")}`;
  const dataDir = mkdtempSync(join(tmpdir(), "firebreak-crash-loop-"));
  let alertmanager: Alertmanager | undefined;
  let firebreak: ServeProcess | undefined;
  let processes = 0;
  let killedAfterCommit = 0;
  const opened = new Map<number, number>();
  const onLine = (line: string) => {
    const room = /^\[inc-(\d+)\] firebreak: \*INC-\1\* · /.exec(line);
    if (room) opened.set(Number(room[1]), (opened.get(Number(room[1])) ?? 0) + 1);
  };
  const violations: string[] = [];
  let counts: Counts | undefined;
  let deliveredAfterMs = Number.NaN;
  let lastExitCode: number | null = null;
  let failedAttempts: Record<string, number> = {};

  const context = () =>
    [
      `firebreak (pid ${firebreak?.pid}) stdout tail:\n${firebreak?.stdout().slice(-4000) ?? ""}`,
      `stderr tail:\n${firebreak?.stderr().slice(-4000) ?? ""}`,
      `alertmanager log tail:\n${alertmanager?.logs().slice(-4000) ?? "(not started)"}`,
    ].join("\n");
  const port = await freePort();
  const serve = async () => {
    processes++;
    return startServe({ dataDir, port, token, onLine }, { timeoutMs: 30_000, context });
  };
  const progress = (what: string) => {
    const now = readCounts(dataDir);
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    log(
      `[${seconds}s] ${what}: ${now?.alerts ?? 0}/${options.alerts} alerts stored ` +
        `(${now?.resolved ?? 0}/${toResolve.length} resolved), ${now?.incidents ?? 0} incidents, ` +
        `${now?.timeline ?? 0} timeline entries`,
    );
  };

  try {
    alertmanager = await startAlertmanager({
      webhookUrl: `http://127.0.0.1:${port}/webhooks/alertmanager`,
      bearerToken: token,
      groupBy: ["alertname"],
      groupWait: "1s",
      groupInterval: `${options.groupIntervalMs / 1000}s`,
      repeatInterval: "1h",
    });
    const am = alertmanager;
    firebreak = await serve();
    log(`alertmanager ${am.version} on ${am.url}; firebreak on 127.0.0.1:${port}, ${dataDir}`);
    const fedAt = performance.now();

    // The storm: waves of firing alerts, then waves of resolves, each resolve only once
    // Firebreak has stored its alert firing (an alert resolved before Firebreak ever saw it fire
    // would rightly open no incident, and nothing here would be checkable).
    const fingerprints = new Map<string, string>();
    const post = (wave: readonly StormAlert[], endsAt: string) =>
      am.postAlerts(
        wave.map(
          (alert): PostableAlert => ({
            labels: alert.labels,
            annotations: { summary: `${alert.alertname}: hosts of group ${alert.group} are down` },
            startsAt,
            endsAt,
          }),
        ),
      );
    let killsDone = false;
    let aborted = false;
    const feed = async () => {
      for (const [i, wave] of fireWaves.entries()) {
        await post(wave, firingUntil);
        if (i < fireWaves.length - 1) await sleep(between(feedRandom, options.waveGapMs));
      }
      // Alertmanager's fingerprint of each alert, while every one of them is active.
      const response = await fetch(`${am.url}/api/v2/alerts`);
      const active = (await response.json()) as {
        fingerprint: string;
        labels: Record<string, string>;
      }[];
      for (const alert of active) fingerprints.set(alert.labels.instance ?? "", alert.fingerprint);
      let gaveUp = false;
      for (const wave of resolveWaves) {
        await sleep(between(feedRandom, options.waveGapMs));
        let missing: StormAlert[] = [];
        let since = { digest: "", at: performance.now() };
        while (!gaveUp) {
          if (aborted) throw new Error("aborted: the kill loop failed");
          const firing = storedInstances(dataDir, "firing");
          missing = wave.filter((alert) => !firing.has(alert.instance));
          if (missing.length === 0) break;
          const digest = readCounts(dataDir)?.digest ?? "";
          if (digest !== since.digest) since = { digest, at: performance.now() };
          gaveUp = performance.now() - since.at > options.stuckMs;
          await sleep(200);
        }
        if (missing.length > 0) {
          violations.push(
            `${missing.length} alerts of a wave were not stored firing (nothing was written for ` +
              `${options.stuckMs / 1000} s), resolved anyway: ${missing
                .slice(0, 10)
                .map((alert) => alert.instance)
                .join(", ")}${missing.length > 10 ? " …" : ""}`,
          );
        }
        await post(wave, new Date().toISOString());
      }
      log(
        `storm posted: ${fireWaves.length} waves firing, ${resolveWaves.length} waves resolving` +
          (killsDone ? "" : " (kills go on)"),
      );
    };
    const kill = async () => {
      for (let k = 1; k <= options.kills && !aborted; k++) {
        // Half the kills come at a random moment; the other half right after a commit, while
        // the webhook's answer is likely still unsent, so Alertmanager retries what is stored.
        const afterCommit = killRandom() < 0.5;
        await sleep(between(killRandom, options.upMs));
        let when = "at a random moment";
        if (afterCommit) {
          const before = readCounts(dataDir)?.digest;
          const deadline = performance.now() + 3 * options.groupIntervalMs;
          while (readCounts(dataDir)?.digest === before && performance.now() < deadline) {
            await sleep(2);
          }
          when = performance.now() < deadline ? "right after a commit" : "after no commit came";
          if (when === "right after a commit") killedAfterCommit++;
        }
        const up = firebreak;
        await up?.kill();
        progress(`kill ${k}/${options.kills} (pid ${up?.pid}, ${when})`);
        await sleep(between(killRandom, options.downMs));
        firebreak = await serve();
      }
      killsDone = true;
    };
    // Both run to their end (or the first failure stops the other) before anything is cleaned up.
    const abortOnFailure = (error: unknown) => {
      aborted = true;
      throw error;
    };
    const outcomes = await Promise.allSettled([
      feed().catch(abortOnFailure),
      kill().catch(abortOnFailure),
    ]);
    for (const outcome of outcomes) if (outcome.status === "rejected") throw outcome.reason;

    // Delivered: everything stored in its final status, and neither Firebreak's database nor
    // Alertmanager's count of webhook requests moved for three group intervals.
    const requests = async () =>
      am.webhookCounter("alertmanager_notification_requests_total").catch(() => -1);
    const quietMs = Math.max(6_000, 3 * options.groupIntervalMs);
    let last = { digest: "", requests: -2, since: performance.now() };
    let stuck: string | undefined;
    let reported = performance.now();
    try {
      await waitFor(
        "Alertmanager to deliver everything, and nothing more to happen",
        async () => {
          const now = readCounts(dataDir);
          const sent = await requests();
          if (performance.now() - reported > 5_000) {
            reported = performance.now();
            progress("delivering");
          }
          if (!now) return undefined;
          if (now.digest !== last.digest || sent !== last.requests) {
            last = { digest: now.digest, requests: sent, since: performance.now() };
            return undefined;
          }
          const complete =
            now.alerts >= options.alerts &&
            now.resolved >= toResolve.length &&
            now.firing + now.resolved === now.alerts;
          const quiet = performance.now() - last.since;
          if (complete && quiet >= quietMs) {
            deliveredAfterMs = last.since - fedAt;
            return now;
          }
          if (!complete && quiet >= options.stuckMs) {
            stuck =
              `Alertmanager stopped delivering with ${now.alerts}/${options.alerts} alerts ` +
              `stored, ${now.resolved}/${toResolve.length} resolved: nothing happened for ` +
              `${options.stuckMs / 1000} s`;
            return now;
          }
          return undefined;
        },
        { timeoutMs: options.deliveryTimeoutMs, intervalMs: 250 },
      );
    } catch (error) {
      violations.push((error as Error).message);
    }
    if (stuck) violations.push(stuck);
    progress("delivered");

    lastExitCode = await firebreak.stop();
    if (lastExitCode !== 0) {
      violations.push(
        `the last firebreak serve exited ${lastExitCode} on SIGTERM: ${firebreak.stderr().slice(-2000)}`,
      );
    }
    counts = readCounts(dataDir);
    violations.push(
      ...checkSnapshot(readSnapshot(dataDir), {
        alerts,
        groups: options.groups,
        fingerprints,
      }),
    );
    if (fingerprints.size !== alerts.length) {
      violations.push(
        `Alertmanager listed ${fingerprints.size} active alerts, not ${alerts.length}`,
      );
    }
    failedAttempts = failureCauses(am.logs());
  } catch (error) {
    violations.push(`the crash loop itself failed: ${(error as Error).message}`);
  } finally {
    await firebreak?.kill();
    await alertmanager?.stop();
    if (violations.length > 0 && options.keepOnFailure) {
      log(`kept the data dir for a look: ${dataDir}`);
    } else {
      rmSync(dataDir, { recursive: true, force: true });
    }
  }
  return {
    seed: options.seed,
    kills: options.kills,
    alerts: options.alerts,
    groups: options.groups,
    resolved: toResolve.length,
    violations,
    counts,
    processes,
    killedAfterCommit,
    failedAttempts,
    chat: {
      roomsOpened: opened.size,
      openedTwice: [...opened.values()].filter((n) => n > 1).length,
    },
    deliveredAfterMs,
    durationMs: performance.now() - started,
    lastExitCode,
  };
}

/** Alertmanager's failed notify attempts, counted by the last words of their error. */
function failureCauses(logs: string): Record<string, number> {
  const causes: Record<string, number> = {};
  for (const line of logs.split("\n")) {
    if (!line.includes("Notify attempt failed")) continue;
    const err = /err="((?:[^"\\]|\\.)*)"/.exec(line)?.[1] ?? line;
    const cause = err.split(": ").at(-1)?.replace(/\\"/g, '"') ?? err;
    causes[cause] = (causes[cause] ?? 0) + 1;
  }
  return causes;
}

/** The report as a few readable lines. */
export function describeReport(report: CrashLoopReport): string {
  const c = report.counts;
  return [
    `seed ${report.seed}: ${report.kills} kills (${report.killedAfterCommit} right after a commit; ` +
      `${report.processes} processes), ` +
      `${report.alerts} alerts in ${report.groups} groups, ${report.resolved} resolved`,
    `stored: ${c?.alerts ?? 0} alerts (${c?.resolved ?? 0} resolved), ${c?.incidents ?? 0} incidents, ` +
      `${c?.timeline ?? 0} timeline entries`,
    `Alertmanager webhook attempts failed: ${
      Object.entries(report.failedAttempts)
        .map(([cause, n]) => `${n}× ${cause}`)
        .join(", ") || "none"
    }`,
    `console chat: ${report.chat.roomsOpened} rooms opened, ${report.chat.openedTwice} of them more than once`,
    `delivered ${(report.deliveredAfterMs / 1000).toFixed(1)} s after the first post; ` +
      `${(report.durationMs / 1000).toFixed(1)} s in all`,
    report.violations.length === 0
      ? "no violations"
      : `${report.violations.length} violation(s):\n  ${report.violations.join("\n  ")}`,
  ].join("\n");
}
