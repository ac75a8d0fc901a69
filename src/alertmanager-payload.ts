import { z } from "zod";
import type { NormalizedAlert } from "./alert.ts";
import { parseTimestamp } from "./timestamp.ts";

const labels = z.record(z.string(), z.string());

const timestamp = z.string().refine((text) => parseTimestamp(text) !== undefined, {
  message: "expected an RFC 3339 timestamp such as 2026-11-18T09:12:03Z",
});

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

/** Go's zero time, which Alertmanager sends as endsAt while an alert is firing. */
function isZeroTime(text: string | undefined): boolean {
  return text === undefined || text.startsWith("0001-01-01");
}

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
    endsAt: isZeroTime(alert.endsAt) ? null : (parseTimestamp(alert.endsAt ?? "")?.iso ?? null),
    generatorUrl: alert.generatorURL || null,
    groupKey: payload.groupKey,
  }));
}
