import type { Actor } from "./incident.ts";

/** The alert sources, by the id their alerts carry, with the name people see. */
const SOURCE_NAMES: Readonly<Record<string, string>> = {
  alertmanager: "Alertmanager",
  grafana: "Grafana",
  pagerduty: "PagerDuty",
  generic: "Webhook",
};

/** Who recorded an alert's timeline entries: its source. */
export function sourceActor(source: string): Actor {
  return { id: source, name: SOURCE_NAMES[source] ?? source };
}

/** Whether an actor is a system (an alert source, or Firebreak itself) rather than a person. */
export function isSystemActor(actorId: string): boolean {
  return actorId === "firebreak" || Object.hasOwn(SOURCE_NAMES, actorId);
}
