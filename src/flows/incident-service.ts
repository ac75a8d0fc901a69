import type { MessageRef, PinnedMessage } from "../core/chat-port.ts";
import type { Clock } from "../core/clock.ts";
import type { Actor, Incident } from "../core/incident.ts";
import {
  addNote,
  type DeclareInput,
  declareIncident,
  mergeInto,
  type Outcome,
} from "../core/incident-actions.ts";
import { formatIncidentRef } from "../core/incident-ref.ts";
import type { Log } from "../core/log.ts";
import type { Store } from "../core/store-ports.ts";
import type { TimelineEntry } from "../core/timeline-event.ts";
import type { ChatOutbox } from "./chat-outbox.ts";
import { requireIncident } from "./require-incident.ts";

export interface IncidentServiceDeps {
  readonly store: Store;
  /** Where chat operations are written, in the transaction of the change they tell of. */
  readonly outbox: ChatOutbox;
  /** Asks the outbox worker to deliver what was just committed. */
  readonly delivered: () => void;
  readonly clock: Clock;
  readonly log: Log;
  /** Sees every committed entry with its incident (for metrics). */
  readonly onRecorded?: (entry: TimelineEntry, incident: Incident) => void;
}

/** Where a command came from, so replies and announcements go back there. */
export interface Origin {
  readonly platform: string;
  readonly roomId: string;
}

/**
 * The flows: each changes an incident through the pure actions and commits the change with its
 * timeline entries and the chat operations that tell of it, in one transaction; the outbox worker
 * delivers those afterwards.
 */
export function createIncidentService(deps: IncidentServiceDeps) {
  const { store, outbox, clock, log } = deps;
  const now = () => clock.now().toISOString();

  const require = (number: number) => requireIncident(store, number);

  /** After a commit: metrics see the entries, and the worker delivers what was written. */
  function committed(entries: readonly TimelineEntry[]): void {
    if (deps.onRecorded) {
      const incidents = new Map<number, Incident | undefined>();
      for (const entry of entries) {
        const number = entry.incidentNumber;
        if (!incidents.has(number)) incidents.set(number, store.incidents.get(number));
        const incident = incidents.get(number);
        if (incident) deps.onRecorded(entry, incident);
      }
    }
    deps.delivered();
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
    /** The incident with this number, if there is one (a chat command checks who may see it). */
    find: (number: number): Incident | undefined => store.incidents.get(number),
    list: () => store.incidents.list(),
    timeline: (number: number) => store.timeline.list(require(number).number),
    incidentOfRoom,
    committed,

    /** Opens an incident by hand and its rooms; says where in the room it was declared from. */
    declare(input: DeclareInput, actor: Actor, from?: Origin): Incident {
      const at = now();
      const { incident, entries } = store.transaction(() => {
        const outcome = declareIncident(input, actor, at);
        const created = store.incidents.insert(outcome.incident);
        const appended = store.timeline.append(created.number, outcome.entries, at);
        // The room's summary announces the declaration itself.
        outbox.openRooms(created.number, actor);
        if (from) outbox.declared(created.number, from, actor);
        return { incident: created, entries: appended };
      });
      log.info({ incident: incident.number, by: actor.id }, "incident declared");
      committed(entries);
      return incident;
    },

    /** Applies one action to an incident, records it, and tells the incident's rooms. */
    apply(number: number, change: (incident: Incident, at: string) => Outcome): TimelineEntry[] {
      const at = now();
      const entries = store.transaction(() => {
        const outcome = change(require(number), at);
        store.incidents.save(outcome.incident);
        const appended = store.timeline.append(number, outcome.entries, at);
        outbox.entries(appended);
        outbox.refresh(number);
        return appended;
      });
      committed(entries);
      return entries;
    },

    /** Merges a triaged incident into another: its alerts and timeline move there, it is kept as merged. */
    merge(sourceNumber: number, targetNumber: number, actor: Actor): void {
      const at = now();
      const entries = store.transaction(() => {
        const source = require(sourceNumber);
        const target = require(targetNumber);
        const outcome = mergeInto(source, target, actor, at);
        const counts = store.alerts.countsForIncident(sourceNumber);
        const moved = counts.firing + counts.resolved;
        store.alerts.moveAll(sourceNumber, targetNumber);
        store.timeline.moveAll(sourceNumber, targetNumber);
        store.incidents.save(outcome.incident);
        const note = addNote(
          target,
          `${formatIncidentRef(sourceNumber)} was merged into this incident: its ${moved} alert(s) and timeline moved here.`,
          actor,
          at,
        );
        const appended = [
          ...store.timeline.append(sourceNumber, outcome.entries, at),
          ...store.timeline.append(targetNumber, note.entries, at),
        ];
        outbox.entries(appended);
        outbox.refresh(sourceNumber);
        outbox.refresh(targetNumber);
        return appended;
      });
      committed(entries);
    },

    /** A pinned message joins the timeline at the time it was sent, once; pinning again restores it. */
    pin(platform: string, pin: PinnedMessage): void {
      const incident = incidentOfRoom(platform, pin.roomId);
      if (!incident) return;
      const ref = messageRef(platform, pin);
      const entries = store.transaction(() => {
        const existing = store.timeline.findByRef(incident.number, ref);
        if (existing) {
          if (existing.withdrawnAt) store.timeline.restore(existing.id);
          return [];
        }
        const appended = store.timeline.append(
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
        outbox.entries(appended);
        return appended;
      });
      committed(entries);
    },

    /** Unpinning or deleting the message withdraws its entry (kept, marked). */
    withdrawMessage(platform: string, ref: MessageRef, at: string): void {
      const incident = incidentOfRoom(platform, ref.roomId);
      const entry =
        incident && store.timeline.findByRef(incident.number, messageRef(platform, ref));
      if (entry && !entry.withdrawnAt) store.timeline.withdraw(entry.id, at);
    },

    /** Editing a pinned message updates its entry; the earlier text stays as a revision. */
    editMessage(platform: string, ref: MessageRef, text: string, at: string): void {
      const incident = incidentOfRoom(platform, ref.roomId);
      const entry =
        incident && store.timeline.findByRef(incident.number, messageRef(platform, ref));
      if (entry?.event.kind !== "message" || entry.event.text === text) return;
      store.timeline.revise(entry.id, { ...entry.event, text }, at);
    },
  };
}

export type IncidentService = ReturnType<typeof createIncidentService>;
