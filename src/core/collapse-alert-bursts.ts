import type { StoredAlert } from "./alert.ts";
import type { Actor } from "./incident.ts";
import type { AlertRef, TimelineEntry } from "./timeline-event.ts";

/**
 * When alert events collapse into one postmortem row.
 *
 * A burst is a run of `alert_fired` / `alert_resolved` events of one alert name, from one source
 * and alert group, with no person's entry or lifecycle change between them, each at most `gapMs`
 * after the previous one of the run. A burst of `minEvents` or more events becomes one row; a
 * shorter one stays as its plain rows. Firings and resolutions of the same alert name share a row.
 */
export interface BurstRule {
  readonly gapMs: number;
  readonly minEvents: number;
}

/**
 * Ten minutes covers Alertmanager's default group_interval (5 minutes, the pace at which a storm
 * that goes on keeps arriving) with room for delays; three events, so that one alert firing and
 * resolving, or two alerts, still read as before.
 */
export const BURST_RULE: BurstRule = { gapMs: 10 * 60_000, minEvents: 3 };

/** A label whose value differs between the alerts of a burst. */
export interface VaryingLabel {
  readonly label: string;
  /** How many distinct values. */
  readonly count: number;
  /** The distinct values in natural order (compute-2 before compute-10). */
  readonly values: readonly string[];
}

/** Alert events of one name that came close together, counted. */
export interface AlertBurst {
  readonly source: string;
  /** The alerts' `alertname` (the event's name when the alert is not known). */
  readonly name: string;
  readonly summary: string;
  /** `alert_fired` events and how many distinct alerts they came from. */
  readonly fired: number;
  readonly firedAlerts: number;
  readonly resolved: number;
  readonly resolvedAlerts: number;
  /** UTC ISO of the burst's first and last event. */
  readonly firstAt: string;
  readonly lastAt: string;
  /** Who recorded the events (the alert sources), in order of first appearance. */
  readonly actors: readonly Actor[];
  /** Labels that tell the alerts apart, most distinct values first (alertname never). */
  readonly varying: readonly VaryingLabel[];
}

export type TimelineRow =
  | { readonly kind: "entry"; readonly entry: TimelineEntry }
  | { readonly kind: "burst"; readonly burst: AlertBurst };

/** Natural order for label values: numbers inside them compare as numbers. */
const naturalOrder = new Intl.Collator("en", { numeric: true }).compare;

/** `HostDown (compute-1:9100)`, as alertRef names an alert, without the instance. */
const NAME_WITH_INSTANCE = /^(.*) \(([^()]*)\)$/;

interface AlertKnown {
  readonly name: string;
  readonly group: string;
  readonly labels: Readonly<Record<string, string>>;
}

/** What a burst needs while it is being collected. */
interface OpenBurst {
  readonly key: string;
  readonly source: string;
  readonly name: string;
  readonly summary: string;
  readonly entries: TimelineEntry[];
  fired: number;
  resolved: number;
  readonly firedAlerts: Set<string>;
  readonly resolvedAlerts: Set<string>;
  /** Labels per fingerprint, for what varies. */
  readonly labels: Map<string, Readonly<Record<string, string>>>;
  firstMs: number;
  lastMs: number;
}

function isAlertEntry(entry: TimelineEntry): entry is TimelineEntry & {
  event: { kind: "alert_fired" | "alert_resolved"; alert: AlertRef };
} {
  return entry.event.kind === "alert_fired" || entry.event.kind === "alert_resolved";
}

export function varyingLabels(
  labelsOf: Iterable<Readonly<Record<string, string>>>,
): VaryingLabel[] {
  const values = new Map<string, Set<string>>();
  for (const labels of labelsOf) {
    for (const [label, value] of Object.entries(labels)) {
      if (label === "alertname") continue;
      let seen = values.get(label);
      if (!seen) {
        seen = new Set();
        values.set(label, seen);
      }
      seen.add(value);
    }
  }
  return [...values.entries()]
    .filter(([, seen]) => seen.size > 1)
    .map(([label, seen]) => ({ label, count: seen.size, values: [...seen].sort(naturalOrder) }))
    .sort((a, b) => b.count - a.count || (a.label < b.label ? -1 : a.label > b.label ? 1 : 0));
}

function closeBurst(open: OpenBurst): AlertBurst {
  const first = open.entries[0] as TimelineEntry;
  const last = open.entries[open.entries.length - 1] as TimelineEntry;
  const actors = new Map<string, Actor>();
  for (const entry of open.entries) {
    if (!actors.has(entry.actor.id)) actors.set(entry.actor.id, entry.actor);
  }
  return {
    source: open.source,
    name: open.name,
    summary: open.summary,
    fired: open.fired,
    firedAlerts: open.firedAlerts.size,
    resolved: open.resolved,
    resolvedAlerts: open.resolvedAlerts.size,
    firstAt: first.occurredAt,
    lastAt: last.occurredAt,
    actors: [...actors.values()],
    varying: varyingLabels(open.labels.values()),
  };
}

/**
 * The timeline as a postmortem shows it: every entry that is not an alert event as its own row,
 * in order, and between two of them the alert events, bursts collapsed into one row each (see
 * `BurstRule`), the rest as plain rows, ordered by when each row starts. So rows stay in time
 * order: a burst never reaches past a person's entry or a lifecycle change, and the count on each
 * row is exactly the events between its neighbours.
 *
 * `timeline` is in the order things happened (as the store lists it); `alerts` are the incident's
 * alerts, for alert names, groups and labels (an event whose alert is unknown goes by its name).
 */
export function collapseAlertBursts(
  timeline: readonly TimelineEntry[],
  alerts: readonly StoredAlert[],
  rule: BurstRule = BURST_RULE,
): TimelineRow[] {
  const known = new Map<string, AlertKnown>();
  for (const alert of alerts) {
    known.set(`${alert.source}\u0000${alert.fingerprint}`, {
      name: alert.labels.alertname ?? alert.fingerprint,
      group: alert.groupKey,
      labels: alert.labels,
    });
  }
  const fallback = new Map<string, AlertKnown>();
  const describe = (ref: AlertRef): AlertKnown => {
    const id = `${ref.source}\u0000${ref.fingerprint}`;
    let alert = known.get(id) ?? fallback.get(id);
    if (!alert) {
      const match = NAME_WITH_INSTANCE.exec(ref.name);
      alert = match
        ? { name: match[1] as string, group: "", labels: { instance: match[2] as string } }
        : { name: ref.name, group: "", labels: {} };
      fallback.set(id, alert);
    }
    return alert;
  };

  const rows: TimelineRow[] = [];
  /** The alert events since the last other entry, in bursts in order of their first event. */
  let segment: OpenBurst[] = [];
  const open = new Map<string, OpenBurst>();

  const flush = () => {
    if (segment.length === 0) return;
    const items: { ms: number; order: number; row: TimelineRow }[] = [];
    for (const burst of segment) {
      if (burst.entries.length >= rule.minEvents) {
        items.push({
          ms: burst.firstMs,
          order: burst.entries[0]?.id ?? 0,
          row: { kind: "burst", burst: closeBurst(burst) },
        });
      } else {
        for (const entry of burst.entries) {
          items.push({
            ms: Date.parse(entry.occurredAt),
            order: entry.id,
            row: { kind: "entry", entry },
          });
        }
      }
    }
    // Bursts were opened in time order; plain events from short bursts slot in between them.
    items.sort((a, b) => a.ms - b.ms || a.order - b.order);
    for (const item of items) rows.push(item.row);
    segment = [];
    open.clear();
  };

  for (const entry of timeline) {
    if (!isAlertEntry(entry)) {
      flush();
      rows.push({ kind: "entry", entry });
      continue;
    }
    const { alert } = entry.event;
    const about = describe(alert);
    const key = `${alert.source}\u0000${about.group}\u0000${about.name}`;
    const ms = Date.parse(entry.occurredAt);
    let burst = open.get(key);
    if (!burst || ms - burst.lastMs > rule.gapMs) {
      burst = {
        key,
        source: alert.source,
        name: about.name,
        summary: alert.summary,
        entries: [],
        fired: 0,
        resolved: 0,
        firedAlerts: new Set(),
        resolvedAlerts: new Set(),
        labels: new Map(),
        firstMs: ms,
        lastMs: ms,
      };
      open.set(key, burst);
      segment.push(burst);
    }
    burst.entries.push(entry);
    burst.lastMs = Math.max(burst.lastMs, ms);
    if (entry.event.kind === "alert_fired") {
      burst.fired++;
      burst.firedAlerts.add(alert.fingerprint);
    } else {
      burst.resolved++;
      burst.resolvedAlerts.add(alert.fingerprint);
    }
    if (!burst.labels.has(alert.fingerprint)) burst.labels.set(alert.fingerprint, about.labels);
  }
  flush();
  return rows;
}

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
