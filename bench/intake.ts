// Intake: Alertmanager payloads posted over loopback by autocannon, at Firebreak and at a bare
// node:http + better-sqlite3 baseline, each in its own process (the load generator runs here).
//
// The mix: every request is one Alertmanager delivery of ALERTS_PER_REQUEST firing alerts for one
// of GROUPS groups (round robin), each alert with a fingerprint never sent before — so every
// request stores new alerts and attaches them to its group's open incident (a redelivery would
// only find them unchanged, which is cheap). After the first round the 20 incidents exist; the
// rest is what a storm is: new alerts joining open incidents.
import autocannon, { type Result } from "autocannon";
import type { Figure } from "./lib.ts";
import { progress, round, startChild } from "./lib.ts";
import { alertmanagerPayload } from "./payloads.ts";

const ALERTS_PER_REQUEST = 10;
const GROUPS = 20;
const CONNECTIONS = 10;
const WARMUP_S = 2;
const THROUGHPUT_S = 10;
const FIXED_RATE_S = 10;
/** The fixed load for latency: 1,000 alerts/s. */
const FIXED_ALERTS_PER_S = 1_000;

/** Request bodies: GROUPS templates, each request with fresh fingerprints. */
function bodies(tag: string): () => string {
  const startsAt = new Date(Date.now() - 60_000).toISOString();
  const templates = Array.from({ length: GROUPS }, (_, group) =>
    JSON.stringify(
      alertmanagerPayload({
        group: `NodeDown${group}`,
        alerts: Array.from({ length: ALERTS_PER_REQUEST }, (_, index) => ({
          index,
          status: "firing" as const,
        })),
        startsAt,
        endsAt: startsAt,
        fingerprintOf: (index) => `@ID@${index.toString(16).padStart(2, "0")}`,
      }),
    ),
  );
  let sent = 0;
  return () => {
    const n = sent++;
    const id = `${tag}${n.toString(16).padStart(10, "0")}`;
    return (templates[n % GROUPS] as string).replaceAll("@ID@", id);
  };
}

/**
 * At a fixed rate, autocannon's clients send each second's share back to back, so ten connections
 * deliver bursts of ten concurrent requests (as Alertmanager does when many groups flush at
 * once) and a request's latency includes waiting behind the others of its burst. Its
 * coordinated-omission correction is left off: it assumes requests are due every
 * ceil(1 / rate) = 1 ms rather than every 1000 / rate ms, so it would invent a sample for every
 * millisecond of that wait.
 */
function load(address: string, seconds: number, tag: string, rate?: number): Promise<Result> {
  const next = bodies(tag);
  return autocannon({
    url: address,
    connections: CONNECTIONS,
    duration: seconds,
    timeout: 10,
    ...(rate === undefined ? {} : { overallRate: rate, ignoreCoordinatedOmission: true }),
    requests: [
      {
        method: "POST",
        path: "/webhooks/alertmanager",
        headers: { "content-type": "application/json" },
        setupRequest: (request) => ({ ...request, body: next() }),
      },
    ],
  });
}

function checkErrors(label: string, result: Result): void {
  if (result.errors > 0 || result.non2xx > 0 || result.timeouts > 0) {
    progress(
      `intake: ${label}: ${result.non2xx} non-2xx answers, ${result.errors} errors, ${result.timeouts} timeouts`,
    );
  }
}

interface Measured {
  readonly alertsPerS: number;
  readonly p50: number;
  readonly p99: number;
}

async function measure(label: string, file: string): Promise<Measured> {
  const throughput = startChild(file);
  let alertsPerS: number;
  try {
    const { address } = await throughput.next("ready");
    progress(
      `intake: ${label}: warm-up ${WARMUP_S} s, then as fast as it goes for ${THROUGHPUT_S} s`,
    );
    await load(String(address), WARMUP_S, "a");
    const result = await load(String(address), THROUGHPUT_S, "b");
    checkErrors(label, result);
    alertsPerS = (result["2xx"] * ALERTS_PER_REQUEST) / result.duration;
    progress(`intake: ${label}: ${Math.round(alertsPerS)} alerts/s`);
  } finally {
    await throughput.stop();
  }

  const rate = FIXED_ALERTS_PER_S / ALERTS_PER_REQUEST;
  const fixed = startChild(file);
  try {
    const { address } = await fixed.next("ready");
    progress(`intake: ${label}: latency at ${FIXED_ALERTS_PER_S} alerts/s for ${FIXED_RATE_S} s`);
    await load(String(address), WARMUP_S, "c", rate);
    const result = await load(String(address), FIXED_RATE_S, "d", rate);
    checkErrors(label, result);
    progress(`intake: ${label}: p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms`);
    return { alertsPerS, p50: result.latency.p50, p99: result.latency.p99 };
  } finally {
    await fixed.stop();
  }
}

export async function intake(emit: (figure: Figure) => void): Promise<void> {
  const baseline = await measure("baseline", "child-baseline.ts");
  const firebreak = await measure("firebreak", "child-firebreak.ts");
  emit({ name: "intake_alerts_per_s", value: Math.round(firebreak.alertsPerS), unit: "alerts/s" });
  emit({ name: "baseline_alerts_per_s", value: Math.round(baseline.alertsPerS), unit: "alerts/s" });
  emit({
    name: "intake_ratio",
    value: round(firebreak.alertsPerS / baseline.alertsPerS, 2),
    unit: "x",
  });
  emit({ name: "intake_p50_ms", value: round(firebreak.p50, 2), unit: "ms" });
  emit({ name: "intake_p99_ms", value: round(firebreak.p99, 2), unit: "ms" });
  emit({ name: "baseline_p99_ms", value: round(baseline.p99, 2), unit: "ms" });
  // Issue 19's latency target is relative: the same run's baseline absorbs the machine's noise.
  emit({ name: "intake_p99_ratio", value: round(firebreak.p99 / baseline.p99, 2), unit: "x" });
}
