import { z } from "zod";
import { rfc3339Timestamp } from "./timestamp-schema.ts";

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
