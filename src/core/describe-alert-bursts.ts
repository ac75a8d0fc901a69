import type { StoredAlert } from "./alert.ts";
import type { VaryingLabel } from "./alert-burst-labels.ts";
import { type AlertBurst, BURST_RULE, type BurstRule } from "./collapse-alert-bursts.ts";

/** How a postmortem tells of collapsed alert bursts and of many alerts of one name. */

/** 1240 → "1,240". */
export function formatCount(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

/** `instance: compute-1…compute-1240, 1,240 values`, or every value when there are three or fewer. */
export function describeVarying(varying: readonly VaryingLabel[], limit = 2): string {
  return varying
    .slice(0, limit)
    .map(({ label, count, values }) =>
      count <= 3
        ? `${label}: ${values.join(", ")}`
        : `${label}: ${values[0]}…${values[values.length - 1]}, ${formatCount(count)} values`,
    )
    .join("; ");
}

/** "1,240 alerts", or "1,000 alerts … 1,300 times" when some alerts did it more than once. */
function counted(events: number, alerts: number, what: string): string {
  const times = events === alerts ? "" : ` ${formatCount(events)} times`;
  return `${formatCount(alerts)} ${alerts === 1 ? "alert" : "alerts"}${what}${times}`;
}

/**
 * One line for a burst: `1,240 alerts HostDown fired (instance: compute-1…compute-1240, 1,240
 * values) · 1,100 resolved`.
 */
export function describeBurst(burst: AlertBurst): string {
  const labels = describeVarying(burst.varying);
  const detail = labels ? ` (${labels})` : "";
  const resolved = (events: number, alerts: number) =>
    `${formatCount(alerts)} resolved${events === alerts ? "" : ` ${formatCount(events)} times`}`;
  if (burst.fired === 0) {
    return `${counted(burst.resolved, burst.resolvedAlerts, ` ${burst.name} resolved`)}${detail}`;
  }
  const fired = `${counted(burst.fired, burst.firedAlerts, ` ${burst.name} fired`)}${detail}`;
  return burst.resolved === 0
    ? fired
    : `${fired} · ${resolved(burst.resolved, burst.resolvedAlerts)}`;
}

/** The incident's alerts of one name (from one source and group). */
export interface AlertGroup {
  readonly name: string;
  /** In the order the incident's alerts are listed. */
  readonly alerts: readonly StoredAlert[];
}

/**
 * The incident's alerts for its impact section, in their order: an alert name with at least
 * `minEvents` alerts (of one source and group) as one group where its first alert is, the others
 * one by one.
 */
export function groupAlerts(
  alerts: readonly StoredAlert[],
  rule: BurstRule = BURST_RULE,
): AlertGroup[] {
  const byName = new Map<string, StoredAlert[]>();
  const keyOf = (alert: StoredAlert) =>
    `${alert.source}\u0000${alert.groupKey}\u0000${alert.labels.alertname ?? alert.fingerprint}`;
  for (const alert of alerts) {
    const key = keyOf(alert);
    const same = byName.get(key);
    if (same) same.push(alert);
    else byName.set(key, [alert]);
  }
  const groups: AlertGroup[] = [];
  for (const alert of alerts) {
    const same = byName.get(keyOf(alert)) as StoredAlert[];
    if (same.length < rule.minEvents) {
      groups.push({ name: alert.labels.alertname ?? alert.fingerprint, alerts: [alert] });
    } else if (same[0] === alert) {
      groups.push({ name: alert.labels.alertname ?? alert.fingerprint, alerts: same });
    }
  }
  return groups;
}
