import { Counter, collectDefaultMetrics, Histogram, Registry } from "prom-client";

/** Firebreak's Prometheus metrics, on a registry of its own (several apps may share a process in tests). */
export function createMetrics() {
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
