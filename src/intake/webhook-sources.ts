import type { z } from "zod";
import type { NormalizedAlert } from "../core/alert.ts";
import { describeZodError, type FieldProblem } from "../core/describe-zod-error.ts";
import { formatIncidentRef } from "../core/incident-ref.ts";
import type { IntakeResult } from "./alert-intake.ts";
import { reservedKeyProblems } from "./reserved-keys.ts";
import { alertmanagerPayload, normalizeAlertmanager } from "./sources/alertmanager-payload.ts";
import { genericAlertBody, normalizeGeneric } from "./sources/generic-alert.ts";
import { grafanaPayload, normalizeGrafana } from "./sources/grafana-payload.ts";
import { normalizePagerDuty, pagerDutyEvent } from "./sources/pagerduty-event.ts";

export type SourceName = "alertmanager" | "grafana" | "pagerduty" | "generic";

export interface Reply {
  readonly status: number;
  readonly body: Record<string, unknown>;
}

export type Parsed =
  | {
      readonly ok: true;
      readonly alerts: readonly NormalizedAlert[];
      /** The answer once the alerts are committed, in the form this source's senders expect. */
      readonly reply: (result: IntakeResult) => Reply;
    }
  | { readonly ok: false; readonly problems: readonly FieldProblem[] };

/** One kind of webhook: how to read its body and how to answer. */
export interface WebhookSource {
  readonly name: SourceName;
  /** "an Alertmanager v4 payload", for error messages. */
  readonly expected: string;
  parse(body: unknown, receivedAt: string): Parsed;
}

function stored(result: IntakeResult): Reply {
  return {
    status: 200,
    body: {
      status: "stored",
      received: result.received,
      changed: result.changed,
      incidents: [...result.opened, ...result.reopened].map(formatIncidentRef),
    },
  };
}

function viaSchema<T>(
  schema: z.ZodType<T>,
  body: unknown,
  toAlerts: (value: T) => readonly NormalizedAlert[],
): Parsed {
  const parsed = schema.safeParse(body);
  if (!parsed.success) return { ok: false, problems: describeZodError(parsed.error) };
  return { ok: true, alerts: toAlerts(parsed.data), reply: stored };
}

const SOURCES: readonly WebhookSource[] = [
  {
    name: "alertmanager",
    expected: "an Alertmanager v4 payload",
    parse: (body) => viaSchema(alertmanagerPayload, body, normalizeAlertmanager),
  },
  {
    name: "grafana",
    expected: "a Grafana alerting webhook payload",
    parse: (body) => viaSchema(grafanaPayload, body, normalizeGrafana),
  },
  {
    name: "pagerduty",
    expected: "a PagerDuty Events API v2 event",
    parse(body, receivedAt) {
      const parsed = pagerDutyEvent.safeParse(body);
      if (!parsed.success) return { ok: false, problems: describeZodError(parsed.error) };
      const intake = normalizePagerDuty(parsed.data, receivedAt);
      return {
        ok: true,
        // An acknowledge changes nothing Firebreak tracks: people acknowledge in chat.
        alerts: intake.action === "acknowledge" ? [] : [intake.alert],
        // PagerDuty answers 202 with this body; senders written for it check for it.
        reply: () => ({
          status: 202,
          body: { status: "success", message: "Event processed", dedup_key: intake.dedupKey },
        }),
      };
    },
  },
  {
    name: "generic",
    expected: "a Firebreak generic alert (see docs/generic-webhook.md)",
    parse: (body, receivedAt) =>
      viaSchema(genericAlertBody, body, (p) => normalizeGeneric(p, receivedAt)),
  },
];

/** Every source, refusing `__proto__`, `constructor` and `prototype` keys before reading the body. */
export const WEBHOOK_SOURCES: readonly WebhookSource[] = SOURCES.map((source) => ({
  ...source,
  parse(body, receivedAt) {
    const problems = reservedKeyProblems(body);
    return problems.length > 0 ? { ok: false, problems } : source.parse(body, receivedAt);
  },
}));
