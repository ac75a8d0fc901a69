import type { ChatPort } from "../core/chat-port.ts";
import type { Incident } from "../core/incident.ts";
import { incidentSummary, type SummaryView, summaryView } from "../core/incident-summary.ts";
import type { Store } from "../core/store-ports.ts";
import { requireIncident } from "./require-incident.ts";

/**
 * How many of an incident's alerts its summary draws links and suggestions from: a storm's
 * incident has thousands, alike, and re-reading all of them for every edit stalled intake.
 */
const SUMMARY_ALERTS = 100;

/** An incident's summary as it stands now: its view, and its text as a chat writes it. */
export interface CurrentSummary {
  readonly incident: Incident;
  readonly view: SummaryView;
  readonly text: (chat: ChatPort) => string;
}

/**
 * Looks an incident's summary up from the store, once per call.
 * `suggest` names the runbook commands suggested for some alert label sets, best first.
 */
export function createSummaryOf(
  store: Store,
  suggest?: (labels: readonly Readonly<Record<string, string>>[]) => string[],
): (number: number) => CurrentSummary {
  return (number) => {
    const incident = requireIncident(store, number);
    const first = store.alerts.firstForIncident(number, SUMMARY_ALERTS);
    const alerts = { ...store.alerts.countsForIncident(number), first };
    // The top runbook commands for the incident's first alerts (each label set once).
    const labelSets = new Map(first.map((alert) => [JSON.stringify(alert.labels), alert.labels]));
    const suggestions = suggest ? suggest([...labelSets.values()]).slice(0, 3) : [];
    return {
      incident,
      view: summaryView(incident, alerts, suggestions),
      text: (chat) => incidentSummary(incident, alerts, chat.commandPrefix, suggestions),
    };
  };
}
