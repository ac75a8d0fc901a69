import type { Actor, Role } from "../core/incident.ts";
import type { OutboxMessage } from "../core/outbox-message.ts";
import type { Store } from "../core/store-ports.ts";
import type { TimelineEntry } from "../core/timeline-event.ts";
import { noticeForEntry } from "./notice-for-entry.ts";

/** What the outbox needs to know of a chat platform to word its messages. */
export interface ChatPlatform {
  readonly platform: string;
  readonly commandPrefix: string;
}

/** The role an entry hands to someone, and to whom: a role assignment, or an ack that made a commander. */
function roleTaken(entry: TimelineEntry): { role: Role; name: string } | undefined {
  if (entry.event.kind === "role") return { role: entry.event.role, name: entry.event.userName };
  if (entry.event.kind === "acknowledged" && entry.event.becameCommander) {
    return { role: "commander", name: entry.actor.name };
  }
  return undefined;
}

/**
 * Writes chat operations into the outbox. Call it inside the transaction that makes the change
 * the operations tell of: then the change and its messages are committed together or not at all,
 * and a crash can delay a message but never lose it.
 */
export function createChatOutbox(deps: {
  store: Store;
  platforms: readonly ChatPlatform[];
  /** Wall-clock ms, for delivery timing only (tests may run incidents on simulated time). */
  wallNow: () => number;
  createdAt: () => string;
  /** How long summary edits wait to collect more changes. */
  summaryDelayMs: number;
  /** What the bot tells whoever takes a role. */
  checklists?: Readonly<Partial<Record<Role, readonly string[]>>>;
}) {
  const { store, platforms } = deps;
  const add = (platform: string, message: OutboxMessage, delayMs = 0) =>
    store.outbox.add(platform, message, deps.wallNow() + delayMs, deps.createdAt());

  function refresh(incident: number): void {
    for (const { platform } of platforms) {
      // One waiting refresh per incident is enough: it reads the state when it runs.
      if (store.outbox.hasWaiting(platform, "refresh", incident)) continue;
      add(platform, { kind: "refresh", incident }, deps.summaryDelayMs);
    }
  }

  return {
    refresh,

    /** The incident's room on every platform (a no-op where it exists). */
    openRooms(incident: number, declarer?: Actor): void {
      for (const { platform } of platforms) {
        add(platform, { kind: "open_room", incident, ...(declarer ? { declarer } : {}) });
      }
    },

    /** Opens rooms missing on some platform, unless that is already under way. */
    openMissingRooms(incident: number): void {
      const present = new Set(store.rooms.listForIncident(incident).map((room) => room.platform));
      for (const { platform } of platforms) {
        if (present.has(platform) || store.outbox.hasWaiting(platform, "open_room", incident)) {
          continue;
        }
        add(platform, { kind: "open_room", incident });
      }
    },

    /** Tells the rooms of new entries; alert changes only show in the (coalesced) summary. */
    entries(entries: readonly TimelineEntry[]): void {
      const touched = new Set<number>();
      for (const entry of entries) {
        touched.add(entry.incidentNumber);
        const taken = roleTaken(entry);
        const checklist = taken ? deps.checklists?.[taken.role] : undefined;
        for (const { platform, commandPrefix } of platforms) {
          const incident = entry.incidentNumber;
          const notice = noticeForEntry(entry, commandPrefix);
          if (!notice) continue;
          add(platform, { kind: "room_post", incident, text: notice });
          if (taken && checklist && checklist.length > 0) {
            const steps = checklist.map((step, i) => `${i + 1}. ${step}`);
            const text = [`${taken.name}, as ${taken.role}:`, ...steps].join("\n");
            add(platform, { kind: "room_post", incident, text });
          }
          if (entry.event.kind === "update") {
            add(platform, { kind: "broadcast_reply", incident, text: notice });
          }
        }
      }
      for (const incident of touched) refresh(incident);
    },

    /** Says something in the incident's rooms, worded for each platform. */
    announce(incident: number, text: (commandPrefix: string) => string): void {
      for (const { platform, commandPrefix } of platforms) {
        add(platform, { kind: "room_post", incident, text: text(commandPrefix) });
      }
    },

    /** Tells the room a declaration came from where the new incident's room is. */
    declared(incident: number, origin: { platform: string; roomId: string }, actor: Actor): void {
      add(origin.platform, { kind: "declared", incident, roomId: origin.roomId, actor });
    },

    invite(incident: number, people: readonly string[]): void {
      for (const { platform } of platforms) add(platform, { kind: "invite", incident, people });
    },

    /** Posts in a fixed room on every platform (a notify route's broadcast room). */
    post(roomId: string, text: string): void {
      for (const { platform } of platforms) add(platform, { kind: "post", roomId, text });
    },
  };
}

export type ChatOutbox = ReturnType<typeof createChatOutbox>;
