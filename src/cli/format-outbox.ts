import { formatIncidentRef } from "../core/incident-ref.ts";
import { formatDuration } from "../core/response-metrics.ts";
import type { OutboxEntry } from "../core/store-ports.ts";

/** `firebreak outbox`: what chat has not been told yet, and what was given up, one line each. */
export function formatOutbox(entries: readonly OutboxEntry[], now: number): string {
  if (entries.length === 0) return "The outbox is empty: chat has been told everything.";
  const failed = entries.filter((entry) => entry.failedAt !== null).length;
  const lines = entries.map((entry) => {
    const about =
      entry.incidentNumber === null ? "" : ` ${formatIncidentRef(entry.incidentNumber)}`;
    const tries = entry.attempts === 1 ? "1 try" : `${entry.attempts} tries`;
    const state = entry.failedAt
      ? `given up at ${entry.failedAt} after ${tries}`
      : entry.attempts === 0
        ? "waiting"
        : `waiting, ${tries}, next ${entry.notBefore <= now ? "now" : `in ${formatDuration(entry.notBefore - now)}`}`;
    const error = entry.lastError ? ` — ${entry.lastError}` : "";
    return `#${entry.id} ${entry.platform} ${entry.kind}${about}: ${state}${error}`;
  });
  const summary = `${entries.length - failed} waiting, ${failed} given up.`;
  const hint = failed > 0 ? " `firebreak outbox retry` puts the given-up ones back in line." : "";
  return [...lines, "", `${summary}${hint}`].join("\n");
}
