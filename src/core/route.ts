import type { LabelMatcher } from "./label-matcher.ts";
import type { Severity } from "./severity.ts";

/** What happens to alerts a route catches. */
export const ROUTE_MODES = ["declare", "triage", "notify"] as const;
export type RouteMode = (typeof ROUTE_MODES)[number];

/** A routing rule from the configuration, ready to use. */
export interface Route {
  readonly name: string;
  /** All must hold. An empty list matches every alert. */
  readonly matchers: readonly LabelMatcher[];
  /** declare: open an incident; triage: open one in triage for a human to accept; notify: only tell the broadcast room. */
  readonly mode: RouteMode;
  readonly team: string | null;
  /** A fixed service name; otherwise the alert's `service` label. */
  readonly service: string | null;
  /** A fixed severity; otherwise the severity label through severityMap. */
  readonly severity: Severity | null;
  readonly severityLabel: string;
  readonly severityMap: Readonly<Record<string, Severity>>;
  readonly defaultSeverity: Severity;
  /** People or groups to invite into the incident's room. */
  readonly invite: readonly string[];
  /** The room or channel where the incident is announced and kept current. */
  readonly broadcast: string | null;
  /** Resolve the incident when every alert has resolved. Off by default: quiet is not fixed. */
  readonly autoResolve: boolean;
  /** Labels that make alerts one incident; null keeps the source's own grouping (Alertmanager's groupKey). */
  readonly groupBy: readonly string[] | null;
  readonly private: boolean;
}
