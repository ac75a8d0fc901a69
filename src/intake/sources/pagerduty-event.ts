import { createHash } from "node:crypto";
import { z } from "zod";
import type { NormalizedAlert } from "../../core/alert.ts";
import { parseTimestamp, type Timestamp } from "./timestamp.ts";

/** PagerDuty writes offsets as `+0000`, which RFC 3339 (and so parseTimestamp) spells `+00:00`. */
const COLONLESS_OFFSET = /(T\d{2}:\d{2}:\d{2}(?:\.\d+)?)([+-]\d{2})(\d{2})$/i;

export function parsePagerDutyTimestamp(text: string): Timestamp | undefined {
  return parseTimestamp(text.replace(COLONLESS_OFFSET, "$1$2:$3"));
}

const timestamp = z.string().refine((text) => parsePagerDutyTimestamp(text) !== undefined, {
  message: "expected an ISO 8601 timestamp with a time zone such as 2026-11-18T20:41:17.000+0000",
});

const routingKey = z
  .string()
  .length(32, { message: "expected the 32-character integration key of the service" });

const dedupKey = z.string().min(1).max(255);

/** custom_details is stored as JSON text; JSON.stringify recurses, so a deeper one overflows the stack. */
const MAX_DETAILS_DEPTH = 100;

/** Whether `value` nests arrays and objects at most `limit` deep, checked without recursion. */
function nestedAtMost(limit: number): (value: unknown) => boolean {
  return (value) => {
    const stack: [unknown, number][] = [[value, 0]];
    for (let next = stack.pop(); next !== undefined; next = stack.pop()) {
      const [item, depth] = next;
      if (typeof item !== "object" || item === null) continue;
      if (depth >= limit) return false;
      for (const child of Object.values(item)) stack.push([child, depth + 1]);
    }
    return true;
  };
}

const triggerEvent = z.object({
  routing_key: routingKey,
  event_action: z.literal("trigger"),
  dedup_key: dedupKey.optional(),
  payload: z.object(
    {
      summary: z.string().min(1).max(1024),
      source: z.string().min(1),
      severity: z.enum(["critical", "error", "warning", "info"]),
      timestamp: timestamp.optional(),
      component: z.string().optional(),
      group: z.string().optional(),
      class: z.string().optional(),
      custom_details: z
        .unknown()
        .refine(nestedAtMost(MAX_DETAILS_DEPTH), {
          message: `expected at most ${MAX_DETAILS_DEPTH} levels of nested arrays and objects`,
        })
        .optional(),
    },
    {
      message:
        "expected an object: trigger events need a payload with summary, source and severity",
    },
  ),
  links: z.array(z.object({ href: z.string().min(1), text: z.string().optional() })).default([]),
  images: z
    .array(
      z.object({ src: z.string().min(1), href: z.string().optional(), alt: z.string().optional() }),
    )
    .default([]),
  client: z.string().optional(),
  client_url: z.string().optional(),
});

const followUpEvent = z.object({
  routing_key: routingKey,
  event_action: z.enum(["acknowledge", "resolve"]),
  dedup_key: z
    .string({ message: "expected the dedup_key of the alert (required to acknowledge or resolve)" })
    .pipe(dedupKey),
});

/** PagerDuty Events API v2 event. Unknown fields are allowed and ignored. */
export const pagerDutyEvent = z.discriminatedUnion("event_action", [triggerEvent, followUpEvent], {
  error: (issue) =>
    issue.code === "invalid_union"
      ? 'expected "trigger", "acknowledge" or "resolve"'
      : "expected a JSON object (a PagerDuty Events API v2 event)",
});

export type PagerDutyEvent = z.infer<typeof pagerDutyEvent>;
type TriggerEvent = z.infer<typeof triggerEvent>;

export type PagerDutyAction = PagerDutyEvent["event_action"];

export interface PagerDutyIntake {
  readonly action: PagerDutyAction;
  readonly dedupKey: string;
  readonly alert: NormalizedAlert;
}

/**
 * PagerDuty itself makes up a random key when a trigger has none; a deterministic one lets a
 * retried trigger land on the same alert instead of opening a second incident.
 */
function derivedDedupKey(event: TriggerEvent): string {
  const identity = JSON.stringify([event.routing_key, event.payload.summary, event.payload.source]);
  return createHash("sha256").update(identity).digest("hex").slice(0, 32);
}

function truncate(text: string, codePoints: number): string {
  const chars = Array.from(text);
  return chars.length <= codePoints ? text : chars.slice(0, codePoints).join("");
}

function labelsOf(event: TriggerEvent): Record<string, string> {
  const { payload } = event;
  const labels: Record<string, string> = {
    alertname: payload.class || truncate(payload.summary, 80),
    severity: payload.severity,
    source: payload.source,
  };
  if (payload.component) labels.component = payload.component;
  if (payload.group) labels.group = payload.group;
  if (payload.class) labels.class = payload.class;
  return labels;
}

/** Which well-known annotation a link's text names, when it names exactly one. */
function wellKnownLinkKey(text: string | undefined): "runbook_url" | "dashboard_url" | undefined {
  const runbook = /runbook/i.test(text ?? "");
  const dashboard = /dashboard/i.test(text ?? "");
  if (runbook === dashboard) return undefined;
  return runbook ? "runbook_url" : "dashboard_url";
}

function annotationsOf(event: TriggerEvent): Record<string, string> {
  const { payload } = event;
  const annotations: Record<string, string> = { summary: payload.summary };
  if (payload.custom_details !== undefined && payload.custom_details !== null) {
    annotations.description = JSON.stringify(payload.custom_details);
  }
  let others = 0;
  for (const link of event.links) {
    const key = wellKnownLinkKey(link.text);
    if (key && annotations[key] === undefined) annotations[key] = link.href;
    else annotations[`link_${++others}`] = link.href;
  }
  return annotations;
}

/**
 * Maps an event to the alert it fires, acknowledges or resolves. Acknowledge and resolve carry only
 * the routing and dedup keys, so the group key is built from those two alone.
 */
export function normalizePagerDuty(event: PagerDutyEvent, receivedAt: string): PagerDutyIntake {
  const trigger = event.event_action === "trigger" ? event : undefined;
  const dedupKey =
    event.event_action === "trigger"
      ? (event.dedup_key ?? derivedDedupKey(event))
      : event.dedup_key;
  const startsAt = trigger?.payload.timestamp;
  return {
    action: event.event_action,
    dedupKey,
    alert: {
      source: "pagerduty",
      fingerprint: dedupKey,
      status: event.event_action === "resolve" ? "resolved" : "firing",
      labels: trigger ? labelsOf(trigger) : {},
      annotations: trigger ? annotationsOf(trigger) : {},
      startsAt: (startsAt && parsePagerDutyTimestamp(startsAt)?.iso) || receivedAt,
      endsAt: event.event_action === "resolve" ? receivedAt : null,
      generatorUrl: trigger?.client_url || null,
      groupKey: `pagerduty/${event.routing_key}/${dedupKey}`,
    },
  };
}
