import { alertRef } from "../core/alert.ts";
import { formatIncidentRef } from "../core/incident-ref.ts";
import type { Log } from "../core/log.ts";
import type { ChatOutbox } from "../flows/chat-outbox.ts";
import type { IntakeResult } from "./alert-intake.ts";

/**
 * Writes what an intake batch changed into the outbox, in the intake's transaction: rooms for new
 * incidents, a word on re-opened and all-clear ones, and one line per notify route. Single alerts
 * only show in the summary.
 */
export function announceIntake(result: IntakeResult, outbox: ChatOutbox, log: Log): void {
  for (const number of [...result.opened, ...result.reopened]) outbox.openRooms(number);
  outbox.entries(result.entries);
  for (const number of result.allResolved) {
    outbox.announce(
      number,
      (prefix) =>
        `Every alert of ${formatIncidentRef(number)} has resolved. An alert that stopped firing is not yet a fixed system: when you are sure, \`${prefix} resolve\`.`,
    );
  }
  for (const number of result.autoResolved) {
    outbox.announce(
      number,
      (prefix) =>
        `Every alert of ${formatIncidentRef(number)} has resolved, and its route resolves automatically. \`${prefix} status investigating\` re-opens it.`,
    );
  }
  const byRoom = new Map<string, string[]>();
  for (const { route, alert } of result.notifications) {
    if (!route.broadcast) {
      log.warn({ route: route.name }, "notify route has no broadcast room; alert only stored");
      continue;
    }
    const ref = alertRef(alert);
    const icon = alert.status === "firing" ? "🔔" : "✅";
    const lines = byRoom.get(route.broadcast) ?? [];
    lines.push(`${icon} ${alert.status}: ${ref.name} — ${ref.summary}`);
    byRoom.set(route.broadcast, lines);
  }
  for (const [room, lines] of byRoom) {
    const shown = lines.slice(0, 10);
    if (lines.length > shown.length) shown.push(`…and ${lines.length - shown.length} more`);
    outbox.post(room, shown.join("\n"));
  }
}
