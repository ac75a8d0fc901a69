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
  /**
   * In natural order (compute-2 before compute-10): every value when there are three or fewer,
   * else the first and the last.
   */
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

/**
 * Every label value of a set of alerts numbered once (a "pair"), and ranked in natural order per
 * label once: what varies within a burst of a thousand alerts is then found by counting numbers,
 * not by collecting and sorting strings for every burst.
 */
class LabelTable {
  private readonly labelIds = new Map<string, number>();
  private readonly labelNames: string[] = [];
  private readonly pairIds = new Map<string, number>();
  private readonly pairLabel: number[] = [];
  private readonly pairValue: string[] = [];
  private pairRank: number[] = [];
  private ranked = true;
  /** `seen[pair] === serial`: the pair was counted in the current `varying` call. */
  private seen: number[] = [];
  private serial = 0;

  /** The pairs of one alert's labels (alertname left out: it is what a burst is about). */
  pairsOf(labels: Readonly<Record<string, string>>): number[] {
    const pairs: number[] = [];
    for (const label in labels) {
      if (label === "alertname" || !Object.hasOwn(labels, label)) continue;
      const value = labels[label] as string;
      let labelId = this.labelIds.get(label);
      if (labelId === undefined) {
        labelId = this.labelNames.length;
        this.labelIds.set(label, labelId);
        this.labelNames.push(label);
      }
      const key = `${labelId}\u0000${value}`;
      let pair = this.pairIds.get(key);
      if (pair === undefined) {
        pair = this.pairLabel.length;
        this.pairIds.set(key, pair);
        this.pairLabel.push(labelId);
        this.pairValue.push(value);
        this.seen.push(0);
        this.ranked = false;
      }
      pairs.push(pair);
    }
    return pairs;
  }

  private rank(): number[] {
    if (!this.ranked) {
      const order = this.pairLabel.map((_, pair) => pair);
      order.sort(
        (a, b) =>
          (this.pairLabel[a] as number) - (this.pairLabel[b] as number) ||
          naturalOrder(this.pairValue[a] as string, this.pairValue[b] as string),
      );
      this.pairRank = new Array<number>(order.length);
      order.forEach((pair, rank) => {
        this.pairRank[pair] = rank;
      });
      this.ranked = true;
    }
    return this.pairRank;
  }

  /** The labels whose values differ between these alerts (each given by its pairs). */
  varying(alerts: Iterable<readonly number[]>): VaryingLabel[] {
    const rank = this.rank();
    const serial = ++this.serial;
    const found = new Map<number, { count: number; low: number; high: number; few: number[] }>();
    for (const pairs of alerts) {
      for (const pair of pairs) {
        if (this.seen[pair] === serial) continue;
        this.seen[pair] = serial;
        const labelId = this.pairLabel[pair] as number;
        const at = rank[pair] as number;
        const label = found.get(labelId);
        if (!label) {
          found.set(labelId, { count: 1, low: pair, high: pair, few: [pair] });
          continue;
        }
        label.count++;
        if (label.few.length < 4) label.few.push(pair);
        if (at < (rank[label.low] as number)) label.low = pair;
        if (at > (rank[label.high] as number)) label.high = pair;
      }
    }
    const byRank = (a: number, b: number) => (rank[a] as number) - (rank[b] as number);
    return [...found.entries()]
      .filter(([, label]) => label.count > 1)
      .map(([labelId, { count, low, high, few }]) => ({
        label: this.labelNames[labelId] as string,
        count,
        values: (count <= 3 ? few.sort(byRank) : [low, high]).map(
          (pair) => this.pairValue[pair] as string,
        ),
      }))
      .sort((a, b) => b.count - a.count || (a.label < b.label ? -1 : a.label > b.label ? 1 : 0));
  }
}

/** The labels whose values differ between these alerts' labels (alertname never). */
export function varyingLabels(
  labelsOf: Iterable<Readonly<Record<string, string>>>,
): VaryingLabel[] {
  const table = new LabelTable();
  const alerts: number[][] = [];
  for (const labels of labelsOf) alerts.push(table.pairsOf(labels));
  return table.varying(alerts);
}

/** What collapsing needs of one alert, worked out once. */
interface AlertInfo {
  /** Dense, for sets of numbers. */
  readonly id: number;
  readonly source: string;
  readonly name: string;
  /** Source, group and name: what a burst is of. */
  readonly key: string;
  readonly pairs: readonly number[];
}

/** What a burst needs while it is being collected. */
interface OpenBurst {
  readonly source: string;
  readonly name: string;
  readonly summary: string;
  /** Its events while there are fewer than the rule's minimum (they may stay plain rows). */
  readonly entries: TimelineEntry[];
  events: number;
  first: TimelineEntry;
  last: TimelineEntry;
  fired: number;
  resolved: number;
  readonly firedAlerts: Set<number>;
  readonly resolvedAlerts: Set<number>;
  readonly alerts: Map<number, readonly number[]>;
  readonly actors: Actor[];
  firstMs: number;
  lastMs: number;
}

function isAlertEntry(entry: TimelineEntry): entry is TimelineEntry & {
  event: { kind: "alert_fired" | "alert_resolved"; alert: AlertRef };
} {
  return entry.event.kind === "alert_fired" || entry.event.kind === "alert_resolved";
}

function closeBurst(open: OpenBurst, table: LabelTable): AlertBurst {
  return {
    source: open.source,
    name: open.name,
    summary: open.summary,
    fired: open.fired,
    firedAlerts: open.firedAlerts.size,
    resolved: open.resolved,
    resolvedAlerts: open.resolvedAlerts.size,
    firstAt: open.first.occurredAt,
    lastAt: open.last.occurredAt,
    actors: open.actors,
    varying: table.varying(open.alerts.values()),
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
  timeline: Iterable<TimelineEntry>,
  alerts: readonly StoredAlert[],
  rule: BurstRule = BURST_RULE,
): TimelineRow[] {
  const collapser = alertBurstCollapser(alerts, rule);
  for (const entry of timeline) collapser.add(entry);
  return collapser.rows();
}

/**
 * `collapseAlertBursts` one entry at a time, for a pass over a long timeline that keeps none of
 * it: of a burst it keeps counts, its first and last entry and which alerts it had. A
 * 100,000-event storm collapses in tens of milliseconds.
 */
export function alertBurstCollapser(alerts: readonly StoredAlert[], rule: BurstRule = BURST_RULE) {
  const table = new LabelTable();
  const byId = new Map<string, AlertInfo>();
  const info = (
    source: string,
    name: string,
    group: string,
    labels: Readonly<Record<string, string>>,
  ): AlertInfo => ({
    id: byId.size,
    source,
    name,
    key: `${source}\u0000${group}\u0000${name}`,
    pairs: table.pairsOf(labels),
  });
  for (const alert of alerts) {
    const id = `${alert.source}\u0000${alert.fingerprint}`;
    const name = alert.labels.alertname ?? alert.fingerprint;
    byId.set(id, info(alert.source, name, alert.groupKey, alert.labels));
  }
  // The store hands out one event object for every row of the same alert event: looked up by
  // that object first, by source and fingerprint only the first time.
  const byRef = new Map<AlertRef, AlertInfo>();
  const describe = (ref: AlertRef): AlertInfo => {
    let about = byRef.get(ref);
    if (about) return about;
    const id = `${ref.source}\u0000${ref.fingerprint}`;
    about = byId.get(id);
    if (!about) {
      const match = NAME_WITH_INSTANCE.exec(ref.name);
      about = match
        ? info(ref.source, match[1] as string, "", {
            instance: match[2] as string,
          })
        : info(ref.source, ref.name, "", {});
      byId.set(id, about);
    }
    byRef.set(ref, about);
    return about;
  };

  const rows: TimelineRow[] = [];
  /** The alert events since the last other entry, in bursts in order of their first event. */
  let segment: OpenBurst[] = [];
  const open = new Map<string, OpenBurst>();

  const flush = () => {
    if (segment.length === 0) return;
    const items: { ms: number; order: number; row: TimelineRow }[] = [];
    for (const burst of segment) {
      if (burst.events >= rule.minEvents) {
        items.push({
          ms: burst.firstMs,
          order: burst.first.id,
          row: { kind: "burst", burst: closeBurst(burst, table) },
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

  const add = (entry: TimelineEntry): void => {
    if (!isAlertEntry(entry)) {
      flush();
      rows.push({ kind: "entry", entry });
      return;
    }
    const { alert } = entry.event;
    const about = describe(alert);
    const ms = Date.parse(entry.occurredAt);
    let burst = open.get(about.key);
    if (!burst || ms - burst.lastMs > rule.gapMs) {
      burst = {
        source: about.source,
        name: about.name,
        summary: alert.summary,
        entries: [],
        events: 0,
        first: entry,
        last: entry,
        fired: 0,
        resolved: 0,
        firedAlerts: new Set(),
        resolvedAlerts: new Set(),
        alerts: new Map(),
        actors: [],
        firstMs: ms,
        lastMs: ms,
      };
      open.set(about.key, burst);
      segment.push(burst);
    }
    burst.events++;
    if (burst.events < rule.minEvents) burst.entries.push(entry);
    burst.last = entry;
    burst.lastMs = Math.max(burst.lastMs, ms);
    if (entry.event.kind === "alert_fired") {
      burst.fired++;
      burst.firedAlerts.add(about.id);
    } else {
      burst.resolved++;
      burst.resolvedAlerts.add(about.id);
    }
    if (!burst.alerts.has(about.id)) burst.alerts.set(about.id, about.pairs);
    const { actor } = entry;
    if (
      burst.actors[burst.actors.length - 1] !== actor &&
      !burst.actors.some((a) => a.id === actor.id)
    ) {
      burst.actors.push(actor);
    }
  };

  return {
    add,
    /** The rows so far, the last alert events counted (call once, after the last entry). */
    rows(): TimelineRow[] {
      flush();
      return rows;
    },
  };
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
