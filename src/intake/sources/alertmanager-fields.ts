import { z } from "zod";
import type { AlertStatus, NormalizedAlert } from "../../core/alert.ts";
import { endsAtOrNull, rfc3339Timestamp, utcIso } from "./timestamp-schema.ts";

/**
 * The fields Alertmanager's webhook and Grafana's (which extends Alertmanager's template data)
 * share, so both parsers read them the same way.
 */
export const labelSet = z.record(z.string(), z.string());

const alertStatus = z.enum(["firing", "resolved"]);

/** A group's key and status, first in both payloads. */
export const groupFields = { groupKey: z.string().min(1), status: alertStatus };

/** What every alert in the group carries. */
export const alertFields = {
  status: alertStatus,
  labels: labelSet,
  startsAt: rfc3339Timestamp,
  endsAt: rfc3339Timestamp.optional(),
  generatorURL: z.string().optional(),
};

export const AT_LEAST_ONE_ALERT = { message: "expected at least one alert" };

/** An alert as `alertFields` parse it. */
interface GroupAlert {
  readonly status: AlertStatus;
  readonly labels: Record<string, string>;
  readonly startsAt: string;
  readonly endsAt?: string | undefined;
  readonly generatorURL?: string | undefined;
}

/** A NormalizedAlert but for its source, fingerprint and group: what both payloads read alike. */
export function normalizeAlertFields(
  alert: GroupAlert,
  annotations: Readonly<Record<string, string>>,
): Omit<NormalizedAlert, "source" | "fingerprint" | "groupKey"> {
  return {
    status: alert.status,
    labels: alert.labels,
    annotations,
    startsAt: utcIso(alert.startsAt),
    endsAt: endsAtOrNull(alert.endsAt),
    generatorUrl: alert.generatorURL || null,
  };
}
