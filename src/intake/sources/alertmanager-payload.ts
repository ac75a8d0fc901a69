import { z } from "zod";
import type { NormalizedAlert } from "../../core/alert.ts";
import {
  AT_LEAST_ONE_ALERT,
  alertFields,
  groupFields,
  labelSet,
  normalizeAlertFields,
} from "./alertmanager-fields.ts";

/** Prometheus Alertmanager webhook payload, version 4. Unknown fields are allowed and ignored. */
export const alertmanagerPayload = z.object({
  version: z.literal("4", { message: 'expected "4" (Alertmanager webhook version 4)' }),
  ...groupFields,
  receiver: z.string().optional(),
  groupLabels: labelSet.default({}),
  commonLabels: labelSet.default({}),
  commonAnnotations: labelSet.default({}),
  externalURL: z.string().optional(),
  truncatedAlerts: z.number().int().nonnegative().optional(),
  alerts: z
    .array(
      z.object({
        ...alertFields,
        annotations: labelSet.default({}),
        fingerprint: z.string().min(1),
      }),
    )
    .min(1, AT_LEAST_ONE_ALERT),
});

export type AlertmanagerPayload = z.infer<typeof alertmanagerPayload>;

export function normalizeAlertmanager(
  payload: AlertmanagerPayload,
  source = "alertmanager",
): NormalizedAlert[] {
  return payload.alerts.map((alert) => ({
    source,
    fingerprint: alert.fingerprint,
    ...normalizeAlertFields(alert, alert.annotations),
    groupKey: payload.groupKey,
  }));
}
