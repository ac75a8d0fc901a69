/**
 * The demo's alert: the Alertmanager v4 group of two Nova API latency alerts from
 * shared/fixtures (alertmanager-firing.json / alertmanager-resolved.json), built here so the demo
 * runs from a checkout alone.
 */
const GROUP_KEY =
  '{}/{severity=~"critical|warning"}:{alertname="NovaApiHighLatency", region="eu-de-1"}';
const ZERO_TIME = "0001-01-01T00:00:00Z";

const common = {
  alertname: "NovaApiHighLatency",
  region: "eu-de-1",
  service: "nova-api",
  severity: "critical",
  team: "compute",
};
const summary = "Nova API p99 latency above 2s";
const runbook = "https://runbooks.example.org/nova-api-latency";

const instances = [
  {
    instance: "ctl-1:8774",
    description: "p99 latency is 3.4s on ctl-1 (threshold 2s) for 5m",
    startsAt: "2026-11-18T09:12:03.123Z",
    endsAt: "2026-11-18T09:58:41.002Z",
    generatorURL:
      "http://prometheus.example.org:9090/graph?g0.expr=histogram_quantile%280.99%2C+sum+by+%28le%29+%28rate%28nova_api_request_duration_seconds_bucket%5B5m%5D%29%29%29+%3E+2",
    fingerprint: "8f1e3b2a9c4d5e6f",
  },
  {
    instance: "ctl-2:8774",
    description: "p99 latency is 2.9s on ctl-2 (threshold 2s) for 5m",
    startsAt: "2026-11-18T09:12:33.456Z",
    endsAt: "2026-11-18T09:57:10.310Z",
    generatorURL: "http://prometheus.example.org:9090/graph?g0.expr=histogram_quantile%280.99%29",
    fingerprint: "1a2b3c4d5e6f7a8b",
  },
];

export function demoAlertmanagerPayload(status: "firing" | "resolved") {
  return {
    version: "4",
    groupKey: GROUP_KEY,
    truncatedAlerts: 0,
    status,
    receiver: "firebreak",
    groupLabels: { alertname: common.alertname, region: common.region },
    commonLabels: common,
    commonAnnotations: { summary, runbook_url: runbook },
    externalURL: "http://alertmanager.example.org:9093",
    alerts: instances.map((alert) => ({
      status,
      labels: { ...common, instance: alert.instance },
      annotations: { summary, description: alert.description, runbook_url: runbook },
      startsAt: alert.startsAt,
      endsAt: status === "firing" ? ZERO_TIME : alert.endsAt,
      generatorURL: alert.generatorURL,
      fingerprint: alert.fingerprint,
    })),
  };
}
