import { createHash } from "node:crypto";
import { z } from "zod";
import type { NormalizedAlert } from "../../core/alert.ts";
import {
  AT_LEAST_ONE_ALERT,
  alertFields,
  groupFields,
  labelSet,
  normalizeAlertFields,
} from "./alertmanager-fields.ts";

/** Go marshals a nil map as `null`, so a rule without annotations or values may send one. */
const nullableLabels = labelSet.nullish().transform((value) => value ?? {});

/** Grafana unified-alerting webhook payload, version 1. Unknown fields are allowed and ignored. */
export const grafanaPayload = z.object({
  version: z.literal("1", { message: 'expected "1" (Grafana unified-alerting webhook)' }),
  ...groupFields,
  orgId: z.number().int().optional(),
  receiver: z.string().optional(),
  // Free text rather than an enum: only "alerting" and "ok" are documented, older releases sent more.
  state: z.string().optional(),
  title: z.string().optional(),
  message: z.string().optional(),
  groupLabels: nullableLabels,
  commonLabels: nullableLabels,
  commonAnnotations: nullableLabels,
  externalURL: z.string().optional(),
  truncatedAlerts: z.number().int().nonnegative().optional(),
  alerts: z
    .array(
      z.object({
        ...alertFields,
        annotations: nullableLabels,
        // Old releases send it empty; normalizeGrafana derives one from the labels then.
        fingerprint: z.string().optional(),
        silenceURL: z.string().optional(),
        dashboardURL: z.string().optional(),
        panelURL: z.string().optional(),
        imageURL: z.string().optional(),
        values: z.record(z.string(), z.number()).nullish(),
        valueString: z.string().optional(),
      }),
    )
    .min(1, AT_LEAST_ONE_ALERT),
});

export type GrafanaPayload = z.infer<typeof grafanaPayload>;
type GrafanaAlert = GrafanaPayload["alerts"][number];

/** Code-unit order, not localeCompare: the fingerprint must not depend on the host's locale. */
function byKey([a]: [string, string], [b]: [string, string]): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Stable across deliveries and hosts; JSON keeps `a=b,c` and `a,c=b` apart. */
export function fingerprintOfLabels(alertLabels: Readonly<Record<string, string>>): string {
  const sorted = Object.entries(alertLabels).sort(byKey);
  return createHash("sha256").update(JSON.stringify(sorted)).digest("hex").slice(0, 16);
}

/** `B=0.12, C=1`, in key order so that redeliveries render the same text. */
function renderValues(values: Readonly<Record<string, number>>): string {
  return Object.keys(values)
    .sort()
    .map((key) => `${key}=${values[key]}`)
    .join(", ");
}

/**
 * Grafana puts its links and query values beside the annotations; downstream code reads only the
 * annotations. An annotation the rule's author wrote under the same key wins.
 */
function annotationsOf(alert: GrafanaAlert): Record<string, string> {
  const annotations: Record<string, string> = { ...alert.annotations };
  const add = (key: string, value: string | undefined) => {
    if (value && annotations[key] === undefined) annotations[key] = value;
  };
  add("dashboard_url", alert.dashboardURL);
  add("panel_url", alert.panelURL);
  add("silence_url", alert.silenceURL);
  if (alert.values) add("values", renderValues(alert.values));
  return annotations;
}

export function normalizeGrafana(payload: GrafanaPayload, source = "grafana"): NormalizedAlert[] {
  return payload.alerts.map((alert) => ({
    source,
    fingerprint: alert.fingerprint || fingerprintOfLabels(alert.labels),
    ...normalizeAlertFields(alert, annotationsOf(alert)),
    // Namespaced: Grafana's keys look like Alertmanager's and must not join its incidents.
    groupKey: `grafana/${payload.groupKey}`,
  }));
}
