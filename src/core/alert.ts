import type { AlertRef } from "./timeline-event.ts";

export type AlertStatus = "firing" | "resolved";

/** One alert from any source, in the shape the rest of Firebreak works with. */
export interface NormalizedAlert {
  readonly source: string;
  readonly fingerprint: string;
  readonly status: AlertStatus;
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
  /** UTC ISO-8601, source precision. */
  readonly startsAt: string;
  readonly endsAt: string | null;
  readonly generatorUrl: string | null;
  /** Alerts with the same group key belong to the same problem. */
  readonly groupKey: string;
}

export interface StoredAlert extends NormalizedAlert {
  readonly id: number;
  readonly incidentNumber: number | null;
  readonly receivedAt: string;
}

export function alertRef(alert: NormalizedAlert): AlertRef {
  const name = alert.labels.alertname ?? alert.fingerprint;
  const where = alert.labels.instance ? ` (${alert.labels.instance})` : "";
  return {
    source: alert.source,
    fingerprint: alert.fingerprint,
    name: `${name}${where}`,
    summary: alert.annotations.summary ?? alert.annotations.description ?? name,
  };
}
