import { z } from "zod";
import type { NormalizedAlert } from "../../core/alert.ts";
import { rfc3339Timestamp, utcIso } from "./timestamp-schema.ts";

/** Links end up clickable in chat, so only web links: no `javascript:` or `file:` URLs. */
const webLink = z.url({
  protocol: /^https?$/,
  message: "expected an http:// or https:// URL",
});

const text = z.string().trim().min(1);

/** One alert as a person would write it in a curl command. Documented in docs/generic-webhook.md. */
const genericAlert = z
  .object({
    id: z
      .string({ message: "expected a string: the alert's id, the same on every update of it" })
      .min(1)
      .max(200),
    status: z.enum(["firing", "resolved"]).default("firing"),
    title: text.max(1024).optional(),
    description: z.string().optional(),
    severity: text.optional(),
    service: text.optional(),
    labels: z.record(z.string(), z.string()).default({}),
    group: text.max(200).optional(),
    startsAt: rfc3339Timestamp.optional(),
    endsAt: rfc3339Timestamp.optional(),
    url: webLink.optional(),
    runbook: webLink.optional(),
  })
  .superRefine((alert, ctx) => {
    if (alert.status === "firing" && alert.title === undefined) {
      ctx.addIssue({
        code: "custom",
        path: ["title"],
        message: 'expected a title: it is required while the alert is firing (status "firing")',
      });
    }
  });

export type GenericAlert = z.infer<typeof genericAlert>;

const genericAlertBatch = z.object({
  alerts: z.array(genericAlert).min(1, { message: "expected at least one alert" }),
});

function isPlainObject(input: unknown): input is Record<string, unknown> {
  return typeof input === "object" && input !== null && !Array.isArray(input);
}

/**
 * Either one alert or `{ "alerts": [ ... ] }`. Not a z.union: for a bad body that reports only
 * "Invalid input" at the top; choosing the shape first reports the field that is wrong.
 */
export const genericAlertBody = z.unknown().transform((input, ctx): { alerts: GenericAlert[] } => {
  if (!isPlainObject(input)) {
    ctx.addIssue({
      code: "custom",
      message: 'expected a JSON object: one alert, or { "alerts": [ ... ] }',
    });
    return z.NEVER;
  }
  const parsed =
    "alerts" in input
      ? genericAlertBatch.safeParse(input)
      : genericAlert.transform((alert) => ({ alerts: [alert] })).safeParse(input);
  if (parsed.success) return parsed.data;
  for (const issue of parsed.error.issues) {
    ctx.addIssue({ code: "custom", path: [...issue.path], message: issue.message });
  }
  return z.NEVER;
});

export type GenericAlertBody = z.infer<typeof genericAlertBody>;

function labelsOf(alert: GenericAlert): Record<string, string> {
  const labels: Record<string, string> = { ...alert.labels };
  if (alert.title !== undefined && labels.alertname === undefined) labels.alertname = alert.title;
  // The dedicated fields are the documented way to set these, so they win over `labels`.
  if (alert.severity !== undefined) labels.severity = alert.severity;
  if (alert.service !== undefined) labels.service = alert.service;
  return labels;
}

function annotationsOf(alert: GenericAlert): Record<string, string> {
  const annotations: Record<string, string> = {};
  if (alert.title !== undefined) annotations.summary = alert.title;
  if (alert.description) annotations.description = alert.description;
  if (alert.runbook !== undefined) annotations.runbook_url = alert.runbook;
  return annotations;
}

function utc(text: string | undefined): string | undefined {
  return text === undefined ? undefined : utcIso(text);
}

export function normalizeGeneric(body: GenericAlertBody, receivedAt: string): NormalizedAlert[] {
  return body.alerts.map((alert) => ({
    source: "generic",
    fingerprint: alert.id,
    status: alert.status,
    labels: labelsOf(alert),
    annotations: annotationsOf(alert),
    startsAt: utc(alert.startsAt) ?? receivedAt,
    endsAt: utc(alert.endsAt) ?? (alert.status === "resolved" ? receivedAt : null),
    generatorUrl: alert.url ?? null,
    groupKey: `generic/${alert.group ?? alert.id}`,
  }));
}
