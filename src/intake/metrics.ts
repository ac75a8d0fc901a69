import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";

/** Seconds, from a minute to a day. */
const RESPONSE_BUCKETS = [60, 120, 300, 600, 900, 1800, 3600, 7200, 14400, 43200, 86400];

/**
 * Firebreak's Prometheus metrics, on a registry of its own (several apps may share a process in
 * tests). `openBySeverity` is read at every scrape, so the gauge is never stale.
 */
export function createMetrics(
  openBySeverity: () => Record<number, number> = () => ({}),
  chatBacklog: () => { waiting: number; failed: number } = () => ({ waiting: 0, failed: 0 }),
) {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: "firebreak_" });
  return {
    registry,
    alertsReceived: new Counter({
      name: "firebreak_alerts_received_total",
      help: "Alerts received by webhooks, by source and status (redeliveries included).",
      labelNames: ["source", "status"] as const,
      registers: [registry],
    }),
    webhookRejected: new Counter({
      name: "firebreak_webhook_rejected_total",
      help: "Webhook requests refused, by source and reason.",
      labelNames: ["source", "reason"] as const,
      registers: [registry],
    }),
    incidentsOpened: new Counter({
      name: "firebreak_incidents_opened_total",
      help: "Incidents opened from alerts.",
      registers: [registry],
    }),
    openIncidents: new Gauge({
      name: "firebreak_open_incidents",
      help: "Open incidents (triage to monitoring), by severity.",
      labelNames: ["severity"] as const,
      registers: [registry],
      collect() {
        const counts = openBySeverity();
        for (const severity of [1, 2, 3, 4]) {
          this.set({ severity: `SEV${severity}` }, counts[severity] ?? 0);
        }
      },
    }),
    chatBacklog: new Gauge({
      name: "firebreak_chat_backlog",
      help: "Chat operations (room openings, posts, edits, invites) waiting in the outbox.",
      registers: [registry],
      collect() {
        this.set(chatBacklog().waiting);
      },
    }),
    chatFailures: new Gauge({
      name: "firebreak_chat_jobs_failed",
      help: "Chat operations given up because the platform refused them; kept in the outbox.",
      registers: [registry],
      collect() {
        this.set(chatBacklog().failed);
      },
    }),
    timeToAcknowledgeSeconds: new Histogram({
      name: "firebreak_time_to_acknowledge_seconds",
      help: "From an incident opening to its first acknowledgement.",
      buckets: RESPONSE_BUCKETS,
      registers: [registry],
    }),
    timeToResolveSeconds: new Histogram({
      name: "firebreak_time_to_resolve_seconds",
      help: "From an incident opening to its resolution.",
      buckets: RESPONSE_BUCKETS,
      registers: [registry],
    }),
    intakeSeconds: new Histogram({
      name: "firebreak_intake_duration_seconds",
      help: "Time from a webhook request arriving to its alerts being committed.",
      labelNames: ["source"] as const,
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [registry],
    }),
  };
}

export type Metrics = ReturnType<typeof createMetrics>;
