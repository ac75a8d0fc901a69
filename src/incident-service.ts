import type { ChatPort, MessageRef, PinnedMessage } from "./chat-port.ts";
import type { Clock } from "./clock.ts";
import { createCoalescer } from "./coalescer.ts";
import { FirebreakError } from "./firebreak-error.ts";
import type { Actor, Incident, Role } from "./incident.ts";
import {
  addNote,
  type DeclareInput,
  declareIncident,
  mergeInto,
  type Outcome,
} from "./incident-actions.ts";
import { formatIncidentRef } from "./incident-ref.ts";
import { broadcastLine, incidentSummary, summaryView } from "./incident-summary.ts";
import { isOpen } from "./lifecycle.ts";
import type { Log } from "./log.ts";
import { noticeForEntry } from "./notice-for-entry.ts";
import type { Route } from "./route.ts";
import type { IncidentRoom, Store } from "./store-ports.ts";
import type { TimelineEntry } from "./timeline-event.ts";
import type { WorkQueue } from "./work-queue.ts";

export interface IncidentServiceDeps {
  readonly store: Store;
  /** Every connected chat platform; each incident gets a room on each. */
  readonly chats: readonly ChatPort[];
  readonly clock: Clock;
  readonly queue: WorkQueue;
  readonly log: Log;
  /** The settings (invite, broadcast) of the route an incident came from. */
  readonly routeOf: (incident: Incident) => Route;
  /** How long summary edits wait to collect more changes. */
  readonly summaryDelayMs: number;
  /** What the bot tells whoever takes a role. */
  readonly checklists?: Readonly<Partial<Record<Role, readonly string[]>>>;
  /** Runbook command names suggested for these alert label sets, best first. */
  readonly suggest?: (labels: readonly Readonly<Record<string, string>>[]) => string[];
  /** Sees every committed entry with its incident (for metrics). */
  readonly onRecorded?: (entry: TimelineEntry, incident: Incident) => void;
}

/** The role an entry hands to someone, and to whom: a role assignment, or an ack that made a commander. */
function roleTaken(entry: TimelineEntry): { role: Role; name: string } | undefined {
  if (entry.event.kind === "role") return { role: entry.event.role, name: entry.event.userName };
  if (entry.event.kind === "acknowledged" && entry.event.becameCommander) {
    return { role: "commander", name: entry.actor.name };
  }
  return undefined;
}

/** Where a command came from, so replies and announcements go back there. */
export interface Origin {
  readonly platform: string;
  readonly roomId: string;
}

/**
 * The flows: each changes an incident through the pure actions, commits the change with its
 * timeline entries in one transaction, and only then tells the incident's rooms.
 */
export function createIncidentService(deps: IncidentServiceDeps) {
  const { store, chats, clock, log } = deps;
  const now = () => clock.now().toISOString();

  function require(number: number): Incident {
    const incident = store.incidents.get(number);
    if (!incident) {
      throw new FirebreakError("unknown_incident", `There is no ${formatIncidentRef(number)}.`);
    }
    return incident;
  }

  function chatOf(platform: string): ChatPort | undefined {
    return chats.find((chat) => chat.platform === platform);
  }

  /** The incident's rooms, each with the chat it lives on. */
  function roomsOf(number: number): { room: IncidentRoom; chat: ChatPort }[] {
    return store.rooms.listForIncident(number).flatMap((room) => {
      const chat = chatOf(room.platform);
      return chat ? [{ room, chat }] : [];
    });
  }

  async function announce(incidentNumber: number, text: (chat: ChatPort) => string): Promise<void> {
    for (const { room, chat } of roomsOf(incidentNumber)) {
      await chat.post(room.roomId, { text: text(chat) });
    }
  }

  /** The incident's summary, looked up once: its view, and its text as each chat writes it. */
  function summaryOf(number: number) {
    const incident = require(number);
    const alerts = store.alerts.listForIncident(number);
    // The top runbook commands for the incident's alerts.
    const suggestions = deps.suggest
      ? deps.suggest(alerts.map((alert) => alert.labels)).slice(0, 3)
      : [];
    return {
      incident,
      view: summaryView(incident, alerts, suggestions),
      text: (chat: ChatPort) => incidentSummary(incident, alerts, chat.commandPrefix, suggestions),
    };
  }

  /** Brings every summary and broadcast message of these incidents up to date, in place. */
  async function refreshSummaries(numbers: number[]): Promise<void> {
    for (const number of numbers) {
      const { incident, view, text } = summaryOf(number);
      const rooms = roomsOf(number);
      for (const { room, chat } of rooms) {
        if (!room.summaryMessageId) continue;
        await chat.edit(room.roomId, room.summaryMessageId, { text: text(chat), summary: view });
      }
      for (const broadcast of store.broadcasts.listForIncident(number)) {
        const chat = chatOf(broadcast.platform);
        const roomName = rooms.find((r) => r.room.platform === broadcast.platform)?.room.name;
        await chat?.edit(broadcast.roomId, broadcast.messageId, {
          text: broadcastLine(incident, roomName ?? formatIncidentRef(number)),
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
    for (const broadcast of store.broadcasts.listForIncident(entry.incidentNumber)) {
      const chat = chatOf(broadcast.platform);
      const notice = chat && noticeForEntry(entry, chat.commandPrefix);
      if (chat && notice) {
        await chat.post(broadcast.roomId, { text: notice, threadOf: broadcast.messageId });
      }
    }
  }

  /** Tells the rooms about new entries; alert changes only show in the (coalesced) summary. */
  async function announceEntries(entries: readonly TimelineEntry[]): Promise<void> {
    // Looked up once per incident: a storm delivers hundreds of entries for a handful of them.
    const incidents = new Map<number, Incident | undefined>();
    const rooms = new Map<number, ReturnType<typeof roomsOf>>();
    for (const entry of entries) {
      const number = entry.incidentNumber;
      if (!incidents.has(number)) incidents.set(number, store.incidents.get(number));
      const incident = incidents.get(number);
      if (incident) deps.onRecorded?.(entry, incident);
      summaries.mark(number);
      const taken = roleTaken(entry);
      const checklist = taken ? deps.checklists?.[taken.role] : undefined;
      const speaks = entry.event.kind !== "alert_fired" && entry.event.kind !== "alert_resolved";
      if (!speaks) continue; // alerts show in the coalesced summary, not as messages
      if (!rooms.has(number)) rooms.set(number, roomsOf(number));
      for (const { room, chat } of rooms.get(number) ?? []) {
        const notice = noticeForEntry(entry, chat.commandPrefix);
        if (notice) await chat.post(room.roomId, { text: notice });
        if (taken && checklist && checklist.length > 0) {
          const steps = checklist.map((step, i) => `${i + 1}. ${step}`);
          await chat.post(room.roomId, {
            text: [`${taken.name}, as ${taken.role}:`, ...steps].join("\n"),
          });
        }
      }
      await broadcastUpdate(entry);
    }
    store.timeline.markAnnounced(
      entries.map((entry) => entry.id),
      now(),
    );
  }

  /** Creates the incident's rooms, invites the route's people, posts the summary and the broadcast. */
  async function openRooms(incident: Incident, declarer?: Actor): Promise<Map<string, string>> {
    const names = new Map<string, string>();
    const route = deps.routeOf(incident);
    for (const chat of chats) {
      const existing = store.rooms
        .listForIncident(incident.number)
        .find((room) => room.platform === chat.platform);
      if (existing) {
        names.set(chat.platform, existing.name);
        continue;
      }
      const room = await chat.openRoom(incident, {
        invite: route.invite,
        ...(declarer ? { declarer } : {}),
      });
      store.rooms.bind({ platform: chat.platform, incidentNumber: incident.number, ...room });
      names.set(chat.platform, room.name);
      log.info(
        { incident: incident.number, platform: chat.platform, room: room.roomId },
        "incident room opened",
      );
      const current = summaryOf(incident.number);
      const summary = await chat.post(room.roomId, {
        text: current.text(chat),
        summary: current.view,
        pin: true,
      });
      store.rooms.setSummaryMessage(chat.platform, room.roomId, summary.messageId);
      if (route.broadcast && !incident.private) {
        const posted = await chat.post(route.broadcast, {
          text: broadcastLine(incident, room.name),
        });
        store.broadcasts.save({
          incidentNumber: incident.number,
          platform: chat.platform,
          roomId: route.broadcast,
          messageId: posted.messageId,
        });
      }
    }
    return names;
  }

  /** The incident a room belongs to, if any. */
  function incidentOfRoom(platform: string, roomId: string): Incident | undefined {
    const room = store.rooms.findByRoom(platform, roomId);
    return room ? store.incidents.get(room.incidentNumber) : undefined;
  }

  const messageRef = (platform: string, ref: MessageRef) =>
    `${platform}:${ref.roomId}:${ref.messageId}`;

  return {
    get: require,
    list: () => store.incidents.list(),
    timeline: (number: number) => store.timeline.list(require(number).number),
    incidentOfRoom,
    openRooms,
    announce,
    announceEntries,
    /**
     * After a crash between committing and telling chat: open the rooms that are missing and
     * announce what was never announced. Returns how many entries that was.
     */
    async recover(): Promise<number> {
      for (const incident of store.incidents.list()) {
        if (isOpen(incident.status)) await openRooms(incident);
      }
      const pending = store.timeline.listUnannounced(10_000);
      if (pending.length > 0) {
        log.warn({ entries: pending.length }, "announcing timeline entries chat was never told of");
        await announceEntries(pending);
      }
      return pending.length;
    },

    /** Posts any summary edits still waiting for their delay; false when there were none. */
    flushSummaries: () => summaries.flush(),

    /** Opens an incident by hand and its rooms; says where in the room it was declared from. */
    async declare(input: DeclareInput, actor: Actor, from?: Origin): Promise<Incident> {
      const at = now();
      const { incident, entries } = store.transaction(() => {
        const outcome = declareIncident(input, actor, at);
        const created = store.incidents.insert(outcome.incident);
        return {
          incident: created,
          entries: store.timeline.append(created.number, outcome.entries, at),
        };
      });
      log.info({ incident: incident.number, by: actor.id }, "incident declared");
      const names = await openRooms(incident, actor);
      // The room's summary announces the declaration itself.
      store.timeline.markAnnounced(
        entries.map((entry) => entry.id),
        now(),
      );
      const chat = from && chatOf(from.platform);
      if (from && chat) {
        const ref = formatIncidentRef(incident.number);
        const roomName = names.get(from.platform) ?? ref;
        // A private incident's title stays out of shared rooms; only its declarer hears of it.
        await chat.post(
          from.roomId,
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

    /** Merges a triaged incident into another: its alerts and timeline move there, it is kept as merged. */
    async merge(sourceNumber: number, targetNumber: number, actor: Actor): Promise<void> {
      const at = now();
      const entries = store.transaction(() => {
        const source = require(sourceNumber);
        const target = require(targetNumber);
        const outcome = mergeInto(source, target, actor, at);
        const moved = store.alerts.listForIncident(sourceNumber).length;
        store.alerts.moveAll(sourceNumber, targetNumber);
        store.timeline.moveAll(sourceNumber, targetNumber);
        store.incidents.save(outcome.incident);
        const note = addNote(
          target,
          `${formatIncidentRef(sourceNumber)} was merged into this incident: its ${moved} alert(s) and timeline moved here.`,
          actor,
          at,
        );
        return [
          ...store.timeline.append(sourceNumber, outcome.entries, at),
          ...store.timeline.append(targetNumber, note.entries, at),
        ];
      });
      await announceEntries(entries);
    },

    /** A pinned message joins the timeline at the time it was sent, once; pinning again restores it. */
    async pin(platform: string, pin: PinnedMessage): Promise<void> {
      const incident = incidentOfRoom(platform, pin.roomId);
      if (!incident) return;
      const ref = messageRef(platform, pin);
      const entries = store.transaction(() => {
        const existing = store.timeline.findByRef(incident.number, ref);
        if (existing) {
          if (existing.withdrawnAt) store.timeline.restore(existing.id);
          return [];
        }
        return store.timeline.append(
          incident.number,
          [
            {
              event: {
                kind: "message",
                text: pin.text,
                platform,
                roomId: pin.roomId,
                messageId: pin.messageId,
                pinnedBy: pin.pinnedBy.id,
              },
              occurredAt: pin.sentAt,
              actor: pin.author,
              ref,
            },
          ],
          now(),
        );
      });
      await announceEntries(entries);
    },

    /** Unpinning or deleting the message withdraws its entry (kept, marked). */
    async withdrawMessage(platform: string, ref: MessageRef, at: string): Promise<void> {
      const incident = incidentOfRoom(platform, ref.roomId);
      const entry =
        incident && store.timeline.findByRef(incident.number, messageRef(platform, ref));
      if (entry && !entry.withdrawnAt) store.timeline.withdraw(entry.id, at);
    },

    /** Editing a pinned message updates its entry; the earlier text stays as a revision. */
    async editMessage(platform: string, ref: MessageRef, text: string, at: string): Promise<void> {
      const incident = incidentOfRoom(platform, ref.roomId);
      const entry =
        incident && store.timeline.findByRef(incident.number, messageRef(platform, ref));
      if (entry?.event.kind !== "message" || entry.event.text === text) return;
      store.timeline.revise(entry.id, { ...entry.event, text }, at);
    },
  };
}

export type IncidentService = ReturnType<typeof createIncidentService>;
