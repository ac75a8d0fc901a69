import type { StoredAlert } from "./alert.ts";
import { LabelTable, NAME_WITH_INSTANCE, type VaryingLabel } from "./alert-burst-labels.ts";
import type { Actor } from "./incident.ts";
import type { AlertRef, TimelineEntry } from "./timeline-event.ts";

export type { VaryingLabel } from "./alert-burst-labels.ts";
export { varyingLabels } from "./alert-burst-labels.ts";

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
