import { z } from "zod";
import { buildRoute, routeSchema, type SeverityDefaults, severitySchema } from "./route-config.ts";

/** Common label values and their severity; `alerts.severityMap` is merged over them. */
const DEFAULT_SEVERITY_MAP = {
  critical: 1,
  page: 1,
  error: 2,
  high: 2,
  warning: 3,
  info: 4,
} as const;

/** The `alerts:` section of firebreak.yaml: how alerts become severities, and when they re-open. */
export const alertsSection = z
  .strictObject({
    severityLabel: z.string().min(1).default("severity"),
    // Not defaulted here: it is merged over DEFAULT_SEVERITY_MAP, not replaced (alertRouting).
    severityMap: z.record(z.string(), severitySchema).optional(),
    defaultSeverity: severitySchema.default(3),
    flapWindowSeconds: z
      .number({ message: "expected a number of seconds" })
      .int()
      .min(0)
      .default(300),
  })
  .prefault({});

/** `routes:`, tried in order; none means every alert takes `defaultRoute:`. */
export const routesSection = z.array(routeSchema).default([]);

/** `defaultRoute:`, for alerts no route matches; every key of a route has a default. */
export const defaultRouteSection = routeSchema.default({});

/** The routes, built with the alert severities they fall back on, and the flap window. */
export function alertRouting(
  alerts: z.output<typeof alertsSection>,
  routes: z.output<typeof routesSection>,
  defaultRoute: z.output<typeof defaultRouteSection>,
) {
  const severities: SeverityDefaults = {
    severityLabel: alerts.severityLabel,
    severityMap: { ...DEFAULT_SEVERITY_MAP, ...alerts.severityMap },
    defaultSeverity: alerts.defaultSeverity,
  };
  return {
    ...severities,
    routes: routes.map((route, i) => buildRoute(route, `route-${i + 1}`, severities)),
    defaultRoute: buildRoute(defaultRoute, "default", severities),
    flapWindowMs: alerts.flapWindowSeconds * 1000,
  };
}
