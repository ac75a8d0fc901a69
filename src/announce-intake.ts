import { alertRef } from "./alert.ts";
import type { IntakeResult } from "./alert-intake.ts";
import type { ChatPort } from "./chat-port.ts";
import { formatIncidentRef } from "./incident-ref.ts";
import type { IncidentService } from "./incident-service.ts";
import type { Log } from "./log.ts";

/**
 * Tells chat what an intake batch changed: rooms for new incidents, a word on re-opened and
 * all-clear ones, and one line per notify route. Single alerts only show in the summary.
 */
export async function announceIntake(
  result: IntakeResult,
  deps: { service: IncidentService; chats: readonly ChatPort[]; log: Log },
): Promise<void> {
  const { service } = deps;
  for (const number of [...result.opened, ...result.reopened]) {
    await service.openRooms(service.get(number));
  }
  await service.announceEntries(result.entries);
  for (const number of result.allResolved) {
    await service.announce(
      number,
      (chat) =>
        `Every alert of ${formatIncidentRef(number)} has resolved. An alert that stopped firing is not yet a fixed system: when you are sure, \`${chat.commandPrefix} resolve\`.`,
    );
  }
  for (const number of result.autoResolved) {
    await service.announce(
      number,
      (chat) =>
        `Every alert of ${formatIncidentRef(number)} has resolved, and its route resolves automatically. \`${chat.commandPrefix} status investigating\` re-opens it.`,
    );
  }
  const byRoom = new Map<string, string[]>();
  for (const { route, alert } of result.notifications) {
    if (!route.broadcast) {
      deps.log.warn({ route: route.name }, "notify route has no broadcast room; alert only stored");
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
    for (const chat of deps.chats) await chat.post(room, { text: shown.join("\n") });
  }
}
