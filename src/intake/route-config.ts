import { z } from "zod";
import { labelMatcherSchema } from "../core/label-matcher-schema.ts";
import { ROUTE_MODES, type Route } from "../core/route.ts";
import type { Severity } from "../core/severity.ts";

export const severitySchema = z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4)], {
  message: "expected a severity 1, 2, 3 or 4",
});

const matcher = labelMatcherSchema();

/** One entry of `routes:` (and `defaultRoute:`) in firebreak.yaml. */
export const routeSchema = z.strictObject({
  name: z.string().min(1).optional(),
  matchers: z.array(matcher).optional(),
  mode: z
    .enum(ROUTE_MODES, {
      message: `expected one of ${ROUTE_MODES.join(", ")}`,
    })
    .optional(),
  team: z.string().min(1).optional(),
  service: z.string().min(1).optional(),
  severity: severitySchema.optional(),
  severityMap: z.record(z.string(), severitySchema).optional(),
  invite: z.array(z.string().min(1)).optional(),
  broadcast: z.string().min(1).optional(),
  autoResolve: z.boolean().optional(),
  groupBy: z.array(z.string().min(1)).optional(),
  private: z.boolean().optional(),
});

export type RouteInput = z.infer<typeof routeSchema>;

export interface SeverityDefaults {
  readonly severityLabel: string;
  readonly severityMap: Readonly<Record<string, Severity>>;
  readonly defaultSeverity: Severity;
}

export function buildRoute(
  input: RouteInput,
  fallbackName: string,
  defaults: SeverityDefaults,
): Route {
  return {
    name: input.name ?? fallbackName,
    matchers: input.matchers ?? [],
    mode: input.mode ?? "declare",
    team: input.team ?? null,
    service: input.service ?? null,
    severity: input.severity ?? null,
    severityLabel: defaults.severityLabel,
    severityMap: { ...defaults.severityMap, ...input.severityMap },
    defaultSeverity: defaults.defaultSeverity,
    invite: input.invite ?? [],
    broadcast: input.broadcast ?? null,
    autoResolve: input.autoResolve ?? false,
    groupBy: input.groupBy ?? null,
    private: input.private ?? false,
  };
}
