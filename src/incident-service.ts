import type { ChatPort } from "./chat-port.ts";
import type { Clock } from "./clock.ts";
import { FirebreakError } from "./firebreak-error.ts";
import type { Actor, Incident } from "./incident.ts";
import { type DeclareInput, declareIncident, type Outcome } from "./incident-actions.ts";
import { formatIncidentRef } from "./incident-ref.ts";
import { incidentSummary } from "./incident-summary.ts";
import type { Log } from "./log.ts";
import { noticeForEntry } from "./notice-for-entry.ts";
import type { Store } from "./store-ports.ts";
import type { TimelineEntry } from "./timeline-event.ts";
import type { WorkQueue } from "./work-queue.ts";

export interface IncidentServiceDeps {
  readonly store: Store;
  readonly chat: ChatPort;
  readonly clock: Clock;
  readonly queue: WorkQueue;
  readonly log: Log;
}

/**
 * The flows: each changes an incident through the pure actions, commits the change with its
 * timeline entries in one transaction, and only then tells the incident's rooms.
 */
export function createIncidentService(deps: IncidentServiceDeps) {
  const { store, chat, clock, log } = deps;
  const now = () => clock.now().toISOString();

  function require(number: number): Incident {
    const incident = store.incidents.get(number);
    if (!incident) {
      throw new FirebreakError("unknown_incident", `There is no ${formatIncidentRef(number)}.`);
    }
    return incident;
  }

  async function announce(incidentNumber: number, text: string): Promise<void> {
    for (const room of store.rooms.listForIncident(incidentNumber)) {
      if (room.platform === chat.platform) await chat.post(room.roomId, { text });
    }
  }

  async function announceEntries(entries: readonly TimelineEntry[]): Promise<void> {
    for (const entry of entries) {
      const notice = noticeForEntry(entry, chat.commandPrefix);
      if (notice) await announce(entry.incidentNumber, notice);
    }
  }

  /** Creates the incident's room, remembers it and posts the summary there. */
  async function openRoom(incident: Incident): Promise<string> {
    const existing = store.rooms
      .listForIncident(incident.number)
      .find((room) => room.platform === chat.platform);
    if (existing) return existing.name;
    const room = await chat.openRoom(incident);
    store.rooms.bind({ platform: chat.platform, incidentNumber: incident.number, ...room });
    log.info({ incident: incident.number, room: room.roomId }, "incident room opened");
    await announce(incident.number, summaryOf(incident.number));
    return room.name;
  }

  function summaryOf(number: number): string {
    return incidentSummary(
      require(number),
      store.alerts.listForIncident(number),
      chat.commandPrefix,
    );
  }

  return {
    get: require,
    list: () => store.incidents.list(),
    timeline: (number: number) => store.timeline.list(require(number).number),
    summary: summaryOf,
    openRoom,
    announce,
    announceEntries,

    /** Opens an incident by hand and its room; says where in the room it was declared from. */
    async declare(input: DeclareInput, actor: Actor, fromRoomId?: string): Promise<Incident> {
      const at = now();
      const incident = store.transaction(() => {
        const outcome = declareIncident(input, actor, at);
        const created = store.incidents.insert(outcome.incident);
        store.timeline.append(created.number, outcome.entries, at);
        return created;
      });
      log.info({ incident: incident.number, by: actor.id }, "incident declared");
      const roomName = await openRoom(incident);
      if (fromRoomId) {
        const ref = formatIncidentRef(incident.number);
        // A private incident's title stays out of shared rooms; only its declarer hears of it.
        await chat.post(
          fromRoomId,
          incident.private
            ? {
                text: `You declared private ${ref}; its room ${roomName} is invite-only.`,
                ephemeralTo: actor.id,
              }
            : { text: `${actor.name} declared ${ref}: ${incident.title} — join ${roomName}` },
        );
      }
      return incident;
    },

    /** Applies one action to an incident, records it, and tells the incident's rooms. */
    async apply(
      number: number,
      change: (incident: Incident, at: string) => Outcome,
    ): Promise<TimelineEntry[]> {
      const at = now();
      const entries = store.transaction(() => {
        const outcome = change(require(number), at);
        store.incidents.save(outcome.incident);
        return store.timeline.append(number, outcome.entries, at);
      });
      await announceEntries(entries);
      return entries;
    },
  };
}

export type IncidentService = ReturnType<typeof createIncidentService>;
