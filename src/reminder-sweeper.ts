import type { ChatPort } from "./chat-port.ts";
import type { Clock } from "./clock.ts";
import { dueReminders, type ReminderSettings } from "./due-reminders.ts";
import type { Incident } from "./incident.ts";
import type { IncidentService } from "./incident-service.ts";
import { isOpen } from "./lifecycle.ts";
import type { Log } from "./log.ts";
import type { Store } from "./store-ports.ts";

/** Incidents nobody needs nudging about any more. */
const QUIET = new Set(["declined", "merged", "closed"]);

/**
 * Looks for due reminders every so often and sends each once (and opens rooms that could not be
 * opened before). Because what is due is computed
 * from the incident's state and what was sent is stored, a restart in the middle of a wait
 * neither loses nor repeats a reminder.
 */
export function createReminderSweeper(deps: {
  store: Store;
  service: IncidentService;
  chats: readonly ChatPort[];
  clock: Clock;
  settings: ReminderSettings;
  log: Log;
}) {
  const { store, service, clock, settings } = deps;
  const prefix = deps.chats[0]?.commandPrefix ?? "!inc";
  let timer: NodeJS.Timeout | undefined;

  /**
   * An incident whose room could not be opened (the chat platform was down) gets it now: its data
   * is safe in the database, and the room follows once chat is back.
   */
  async function openMissingRooms(incident: Incident): Promise<void> {
    const platforms = new Set(
      store.rooms.listForIncident(incident.number).map((room) => room.platform),
    );
    if (deps.chats.every((chat) => platforms.has(chat.platform))) return;
    await service.openRooms(incident).catch((error: unknown) => {
      deps.log.warn(
        { err: error, incident: incident.number },
        "incident room still cannot be opened",
      );
    });
  }

  /** Sends what is due now; returns how many reminders went out. */
  async function sweep(): Promise<number> {
    const now = clock.now();
    let sent = 0;
    for (const incident of store.incidents.list()) {
      if (QUIET.has(incident.status)) continue;
      if (isOpen(incident.status)) await openMissingRooms(incident);
      const timeline = store.timeline.list(incident.number);
      const postmortem = store.postmortems.get(incident.number);
      const due = dueReminders(incident, timeline, postmortem, now, settings, prefix);
      for (const reminder of due) {
        if (!store.reminders.markSent(incident.number, reminder.key, now.toISOString())) continue;
        sent++;
        if (reminder.escalateTo.length > 0) {
          for (const room of store.rooms.listForIncident(incident.number)) {
            const chat = deps.chats.find((c) => c.platform === room.platform);
            await chat?.invite(room.roomId, reminder.escalateTo).catch((error: unknown) => {
              deps.log.warn(
                { err: error, incident: incident.number },
                "could not invite the escalation list",
              );
            });
          }
        }
        await service.announce(incident.number, (chat) => {
          const local = dueReminders(
            incident,
            timeline,
            postmortem,
            now,
            settings,
            chat.commandPrefix,
          );
          return `⏰ ${local.find((r) => r.key === reminder.key)?.text ?? reminder.text}`;
        });
      }
    }
    return sent;
  }

  return {
    sweep,
    start(intervalMs: number) {
      timer = setInterval(() => {
        sweep().catch((error: unknown) => deps.log.error({ err: error }, "reminder sweep failed"));
      }, intervalMs);
      timer.unref();
    },
    stop() {
      if (timer) clearInterval(timer);
      timer = undefined;
    },
  };
}
