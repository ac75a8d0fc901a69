import { parseLabelMatcher } from "../../src/core/label-matcher.ts";
import type { Route } from "../../src/core/route.ts";
import type { IntakeRules } from "../../src/intake/alert-intake.ts";
import { buildRoute, type RouteInput } from "../../src/intake/route-config.ts";

/** A route as written in firebreak.yaml, matchers as strings. */
export type RouteSpec = Omit<RouteInput, "matchers"> & { matchers?: string[] };

const SEVERITIES = {
  severityLabel: "severity",
  severityMap: { critical: 1, warning: 3 },
  defaultSeverity: 4,
} as const;

export function route(spec: RouteSpec = {}, name = "test"): Route {
  const { matchers, ...rest } = spec;
  return buildRoute(
    { ...rest, matchers: (matchers ?? []).map(parseLabelMatcher) },
    name,
    SEVERITIES,
  );
}

/** Intake rules as firebreak.yaml would give them: critical -> SEV1, warning -> SEV3, else SEV4. */
export function rulesWith(
  routes: RouteSpec[] = [],
  defaultRoute: RouteSpec = {},
  flapWindowMs = 300_000,
): IntakeRules {
  return {
    routes: routes.map((input, i) => route(input, `route-${i + 1}`)),
    defaultRoute: route(defaultRoute, "default"),
    flapWindowMs,
  };
}
