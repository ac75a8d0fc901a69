import { alertRef, type NormalizedAlert } from "../core/alert.ts";
import { FirebreakError } from "../core/firebreak-error.ts";
import type { Route } from "../core/route.ts";
import {
  incidentGroupKey,
  routeService,
  routeSeverity,
  selectRoute,
} from "../core/select-route.ts";
import { formatSeverity, type Severity } from "../core/severity.ts";
import type { IntakeRules } from "../intake/alert-intake.ts";
import { WEBHOOK_SOURCES, type WebhookSource } from "../intake/webhook-sources.ts";

export interface RoutedAlert {
  readonly alert: string;
  readonly status: string;
  readonly route: string;
  readonly mode: Route["mode"];
  readonly severity: Severity;
  readonly service: string | null;
  readonly groupKey: string;
  readonly invite: readonly string[];
  readonly broadcast: string | null;
  readonly autoResolve: boolean;
  readonly private: boolean;
  readonly reasons: readonly string[];
}

/** Which source a payload is, by the first parser that accepts it. */
export function detectSource(
  body: unknown,
  receivedAt: string,
): { source: WebhookSource; alerts: readonly NormalizedAlert[] } {
  const problems: string[] = [];
  for (const source of WEBHOOK_SOURCES) {
    const parsed = source.parse(body, receivedAt);
    if (parsed.ok) return { source, alerts: parsed.alerts };
    const [first] = parsed.problems;
    problems.push(`not ${source.expected}: ${first?.field}: ${first?.problem}`);
  }
  throw new FirebreakError(
    "unknown_payload",
    `No source accepts this payload:\n- ${problems.join("\n- ")}`,
  );
}

/** What `firebreak routes test` reports for each alert: the route it takes, and why. */
export function explainRouting(
  alerts: readonly NormalizedAlert[],
  rules: IntakeRules,
): RoutedAlert[] {
  return alerts.map((alert) => {
    const { route, reasons } = selectRoute(rules.routes, rules.defaultRoute, alert.labels);
    return {
      alert: alertRef(alert).name,
      status: alert.status,
      route: route.name,
      mode: route.mode,
      severity: routeSeverity(route, alert.labels),
      service: routeService(route, alert.labels),
      groupKey: incidentGroupKey(route, alert.groupKey, alert.labels),
      invite: route.invite,
      broadcast: route.broadcast,
      autoResolve: route.autoResolve,
      private: route.private,
      reasons,
    };
  });
}

export function formatRouting(source: WebhookSource, routed: readonly RoutedAlert[]): string {
  const lines = [`${source.name}: ${routed.length} alert${routed.length === 1 ? "" : "s"}`];
  for (const r of routed) {
    lines.push("", `${r.alert} [${r.status}]`);
    for (const reason of r.reasons) lines.push(`  ${reason}`);
    lines.push(
      `  → ${r.mode} as ${formatSeverity(r.severity)}${r.service ? `, service ${r.service}` : ""}${r.private ? ", private" : ""}`,
      `    group: ${r.groupKey}`,
      `    invite: ${r.invite.length > 0 ? r.invite.join(", ") : "-"}; broadcast: ${r.broadcast ?? "-"}; autoResolve: ${r.autoResolve ? "yes" : "no"}`,
    );
  }
  return lines.join("\n");
}
