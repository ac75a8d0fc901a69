/** Alertmanager webhook (version 4) payloads, shaped like what Alertmanager really sends. */

export type AlertStatus = "firing" | "resolved";

export interface PayloadAlert {
  readonly index: number;
  readonly status: AlertStatus;
}

/** What Alertmanager sends as endsAt for an alert that is still firing. */
const NOT_ENDED = "0001-01-01T00:00:00Z";

export function groupKey(group: string): string {
  return `{}/{severity=~"critical|page"}:{alertname="${group}", region="eu-de-1"}`;
}

/** A fingerprint as Alertmanager makes them: 16 hex digits, derived here from a readable id. */
export function fingerprint(id: string): string {
  let hash = 0xcbf29ce484222325n;
  for (let i = 0; i < id.length; i++) {
    hash ^= BigInt(id.charCodeAt(i));
    hash = (hash * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  return hash.toString(16).padStart(16, "0");
}

/** One delivery for one group: `alerts` with their own status; the group is firing if any is. */
export function alertmanagerPayload(options: {
  group: string;
  alerts: readonly PayloadAlert[];
  startsAt: string;
  endsAt: string;
  fingerprintOf?: (index: number) => string;
}) {
  const { group } = options;
  const groupLabels = { alertname: group, region: "eu-de-1" };
  const common = { ...groupLabels, severity: "critical", team: "compute", service: "nova-api" };
  const summary = `Instances of ${group} are not answering health checks`;
  const firing = options.alerts.some((alert) => alert.status === "firing");
  return {
    version: "4",
    groupKey: groupKey(group),
    truncatedAlerts: 0,
    status: firing ? "firing" : "resolved",
    receiver: "firebreak",
    groupLabels,
    commonLabels: common,
    commonAnnotations: { summary },
    externalURL: "http://alertmanager.example.org:9093",
    alerts: options.alerts.map(({ index, status }) => ({
      status,
      labels: { ...common, instance: `compute-${index}.eu-de-1.example.org:9100`, job: "node" },
      annotations: {
        summary,
        description: `compute-${index} has not answered for 2 minutes.`,
        runbook_url: "https://runbooks.example.org/compute/host-down",
      },
      startsAt: options.startsAt,
      endsAt: status === "firing" ? NOT_ENDED : options.endsAt,
      generatorURL: `http://prometheus.example.org:9090/graph?g0.expr=up%7Bjob%3D%22node%22%7D+%3D%3D+0`,
      fingerprint: options.fingerprintOf?.(index) ?? fingerprint(`${group}/${index}`),
    })),
  };
}
