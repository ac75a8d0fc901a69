import type { Route } from "./route.ts";

export interface RouteChoice {
  readonly route: Route;
  /** Why: one line per route tried, in order, as shown by `firebreak routes test`. */
  readonly reasons: readonly string[];
}

/** The first route whose matchers all hold, else the default route. */
export function matchRoute(
  routes: readonly Route[],
  fallback: Route,
  labels: Readonly<Record<string, string>>,
): Route {
  return (
    routes.find((route) => route.matchers.every((matcher) => matcher.matches(labels))) ?? fallback
  );
}

/** The route matchRoute takes, and why; for explaining, since it formats a line per route. */
export function selectRoute(
  routes: readonly Route[],
  fallback: Route,
  labels: Readonly<Record<string, string>>,
): RouteChoice {
  const reasons: string[] = [];
  for (const route of routes) {
    const failed = route.matchers.filter((matcher) => !matcher.matches(labels));
    if (failed.length === 0) {
      const why = route.matchers.map((m) => m.text).join(", ") || "no matchers";
      reasons.push(`route "${route.name}" matches (${why})`);
      return { route, reasons };
    }
    const shown = failed.map((m) => `${m.text} (${m.label}="${labels[m.label] ?? ""}")`);
    reasons.push(`route "${route.name}" does not match: ${shown.join(", ")}`);
  }
  reasons.push(`no route matched: the default route "${fallback.name}" applies`);
  return { route: fallback, reasons };
}

/** The route an incident was opened by, by name; the default route when it is gone. */
export function routeNamed(routes: readonly Route[], fallback: Route, name: string | null): Route {
  return routes.find((route) => route.name === name) ?? fallback;
}

/** SEV for an alert under a route: a fixed severity, else its severity label mapped. */
export function routeSeverity(route: Route, labels: Readonly<Record<string, string>>) {
  if (route.severity !== null) return route.severity;
  const value = (labels[route.severityLabel] ?? "").toLowerCase();
  return route.severityMap[value] ?? route.defaultSeverity;
}

/** The service of an incident an alert opens: the route's fixed one, else the alert's label. */
export function routeService(route: Route, labels: Readonly<Record<string, string>>) {
  return route.service ?? labels.service ?? null;
}

/**
 * The key that decides which open incident an alert joins: the route's grouping labels when it
 * has them, otherwise the source's own group (Alertmanager's groupKey).
 */
export function incidentGroupKey(
  route: Route,
  sourceGroupKey: string,
  labels: Readonly<Record<string, string>>,
): string {
  if (route.groupBy === null) return sourceGroupKey;
  const parts = route.groupBy.map((label) => `${label}=${JSON.stringify(labels[label] ?? "")}`);
  return `route:${route.name}:{${parts.join(",")}}`;
}
