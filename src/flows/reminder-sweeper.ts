import type { Clock } from "../core/clock.ts";
import { dueReminders, type ReminderSettings } from "../core/due-reminders.ts";
import { isOpen } from "../core/lifecycle.ts";
import type { Log } from "../core/log.ts";
import type { Store } from "../core/store-ports.ts";
import type { ChatOutbox } from "./chat-outbox.ts";

/** Incidents nobody needs nudging about any more. */
const QUIET = new Set(["declined", "merged", "closed"]);

/**
 * Looks for due reminders every so often and sends each once (and opens rooms missing on a
 * platform). Because what is due is computed from the incident's state and what was sent is
 * stored with its messages, a restart in the middle of a wait neither loses nor repeats a reminder.
 */
export function createReminderSweeper(deps: {
  store: Store;
  outbox: ChatOutbox;
  /** Delivers what the sweep wrote to the outbox (returns when each message was tried). */
  deliver: () => Promise<void>;
  /** How users type commands on the first platform (reminders quote commands). */
  commandPrefix: string;
  clock: Clock;
  settings: ReminderSettings;
  log: Log;
}) {
  const { store, clock, settings } = deps;
  const prefix = deps.commandPrefix;
  let timer: NodeJS.Timeout | undefined;

  /** Sends what is due now; returns how many reminders went out. */
  async function sweep(): Promise<number> {
    const now = clock.now();
    let sent = 0;
    for (const incident of store.incidents.list()) {
      if (QUIET.has(incident.status)) continue;
      // A room that could not be opened before (a platform added since) is opened now.
      if (isOpen(incident.status)) deps.outbox.openMissingRooms(incident.number);
      const timeline = store.timeline.list(incident.number);
      const postmortem = store.postmortems.get(incident.number);
      const due = dueReminders(incident, timeline, postmortem, now, settings, prefix);
      for (const reminder of due) {
        // Recorded as sent together with its messages: a crash can delay them, never repeat them.
        const recorded = store.transaction(() => {
          if (!store.reminders.markSent(incident.number, reminder.key, now.toISOString())) {
            return false;
          }
          if (reminder.escalateTo.length > 0) {
            deps.outbox.invite(incident.number, reminder.escalateTo);
          }
          deps.outbox.announce(incident.number, (prefix) => {
            const local = dueReminders(incident, timeline, postmortem, now, settings, prefix);
            return `⏰ ${local.find((r) => r.key === reminder.key)?.text ?? reminder.text}`;
          });
          return true;
        });
        if (recorded) sent++;
      }
    }
    await deps.deliver();
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
