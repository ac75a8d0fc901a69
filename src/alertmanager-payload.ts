import { z } from "zod";
import type { NormalizedAlert } from "./alert.ts";
import { parseTimestamp } from "./timestamp.ts";
import { endsAtOrNull, rfc3339Timestamp } from "./timestamp-schema.ts";

const labels = z.record(z.string(), z.string());

const timestamp = rfc3339Timestamp;

/** Prometheus Alertmanager webhook payload, version 4. Unknown fields are allowed and ignored. */
export const alertmanagerPayload = z.object({
  version: z.literal("4", { message: 'expected "4" (Alertmanager webhook version 4)' }),
  groupKey: z.string().min(1),
  status: z.enum(["firing", "resolved"]),
  receiver: z.string().optional(),
  groupLabels: labels.default({}),
  commonLabels: labels.default({}),
  commonAnnotations: labels.default({}),
  externalURL: z.string().optional(),
  truncatedAlerts: z.number().int().nonnegative().optional(),
  alerts: z
    .array(
      z.object({
        status: z.enum(["firing", "resolved"]),
        labels,
        annotations: labels.default({}),
        startsAt: timestamp,
        endsAt: timestamp.optional(),
        generatorURL: z.string().optional(),
        fingerprint: z.string().min(1),
      }),
    )
    .min(1, { message: "expected at least one alert" }),
});

export type AlertmanagerPayload = z.infer<typeof alertmanagerPayload>;

export function normalizeAlertmanager(
  payload: AlertmanagerPayload,
  source = "alertmanager",
): NormalizedAlert[] {
  return payload.alerts.map((alert) => ({
    source,
    fingerprint: alert.fingerprint,
    status: alert.status,
    labels: alert.labels,
    annotations: alert.annotations,
    startsAt: parseTimestamp(alert.startsAt)?.iso ?? alert.startsAt,
    endsAt: endsAtOrNull(alert.endsAt),
    generatorUrl: alert.generatorURL || null,
    groupKey: payload.groupKey,
  }));
}
