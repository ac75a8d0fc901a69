import type { ChatPort } from "./chat-port.ts";
import type { Clock } from "./clock.ts";
import { createCoalescer } from "./coalescer.ts";
import { FirebreakError } from "./firebreak-error.ts";
import type { Actor, Incident } from "./incident.ts";
import { type DeclareInput, declareIncident, type Outcome } from "./incident-actions.ts";
import { formatIncidentRef } from "./incident-ref.ts";
import { broadcastLine, incidentSummary } from "./incident-summary.ts";
import type { Log } from "./log.ts";
import { noticeForEntry } from "./notice-for-entry.ts";
import type { Route } from "./route.ts";
import type { Store } from "./store-ports.ts";
import type { TimelineEntry } from "./timeline-event.ts";
import type { WorkQueue } from "./work-queue.ts";

export interface IncidentServiceDeps {
  readonly store: Store;
  readonly chat: ChatPort;
  readonly clock: Clock;
  readonly queue: WorkQueue;
  readonly log: Log;
  /** The settings (invite, broadcast) of the route an incident came from. */
  readonly routeOf: (incident: Incident) => Route;
  /** How long summary edits wait to collect more changes. */
  readonly summaryDelayMs: number;
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

  const roomsOf = (number: number) =>
    store.rooms.listForIncident(number).filter((room) => room.platform === chat.platform);

  async function announce(incidentNumber: number, text: string): Promise<void> {
    for (const room of roomsOf(incidentNumber)) await chat.post(room.roomId, { text });
  }

  function summaryOf(number: number): string {
    return incidentSummary(
      require(number),
      store.alerts.listForIncident(number),
      chat.commandPrefix,
    );
  }

  /** Brings every summary and broadcast message of these incidents up to date, in place. */
  async function refreshSummaries(numbers: number[]): Promise<void> {
    for (const number of numbers) {
      const summary = summaryOf(number);
      for (const room of roomsOf(number)) {
        if (room.summaryMessageId)
          await chat.edit(room.roomId, room.summaryMessageId, { text: summary });
      }
      const incident = require(number);
      const roomName = roomsOf(number)[0]?.name ?? formatIncidentRef(number);
      for (const broadcast of store.broadcasts.listForIncident(number)) {
        if (broadcast.platform !== chat.platform) continue;
        await chat.edit(broadcast.roomId, broadcast.messageId, {
          text: broadcastLine(incident, roomName),
        });
      }
    }
  }

  const summaries = createCoalescer(
    deps.queue,
    deps.summaryDelayMs,
    "refresh summaries",
    refreshSummaries,
  );

  async function broadcastUpdate(entry: TimelineEntry): Promise<void> {
    if (entry.event.kind !== "update") return;
    const notice = noticeForEntry(entry, chat.commandPrefix);
    for (const broadcast of store.broadcasts.listForIncident(entry.incidentNumber)) {
      if (broadcast.platform !== chat.platform || !notice) continue;
      await chat.post(broadcast.roomId, { text: notice, threadOf: broadcast.messageId });
    }
  }

  /** Tells the rooms about new entries; alert changes only show in the (coalesced) summary. */
  async function announceEntries(entries: readonly TimelineEntry[]): Promise<void> {
    for (const entry of entries) {
      const notice = noticeForEntry(entry, chat.commandPrefix);
      if (notice) await announce(entry.incidentNumber, notice);
      await broadcastUpdate(entry);
      summaries.mark(entry.incidentNumber);
    }
  }

  /** Creates the incident's room, invites the route's people, posts the summary and the broadcast. */
  async function openRoom(incident: Incident): Promise<string> {
    const existing = roomsOf(incident.number)[0];
    if (existing) return existing.name;
    const route = deps.routeOf(incident);
    const room = await chat.openRoom(incident, { invite: route.invite });
    store.rooms.bind({ platform: chat.platform, incidentNumber: incident.number, ...room });
    log.info({ incident: incident.number, room: room.roomId }, "incident room opened");
    const summary = await chat.post(room.roomId, { text: summaryOf(incident.number) });
    store.rooms.setSummaryMessage(chat.platform, room.roomId, summary.messageId);
    if (route.broadcast && !incident.private) {
      const posted = await chat.post(route.broadcast, { text: broadcastLine(incident, room.name) });
      store.broadcasts.save({
        incidentNumber: incident.number,
        platform: chat.platform,
        roomId: route.broadcast,
        messageId: posted.messageId,
      });
    }
    return room.name;
  }

  return {
    get: require,
    list: () => store.incidents.list(),
    timeline: (number: number) => store.timeline.list(require(number).number),
    summary: summaryOf,
    openRoom,
    announce,
    announceEntries,
    /** Posts any summary edits still waiting for their delay. */
    flushSummaries: () => summaries.flush(),

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
