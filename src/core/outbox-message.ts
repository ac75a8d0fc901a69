import type { Actor } from "./incident.ts";

/**
 * One chat operation in the outbox, for one platform. Texts are rendered when the message is written
 * (in the transaction of the change that caused it); what depends on chat's own state (room ids,
 * the summary's current text) is looked up when it is delivered.
 */
export type OutboxMessage =
  /** Create the incident's room, post and pin its summary, post its broadcast line. */
  | { readonly kind: "open_room"; readonly incident: number; readonly declarer?: Actor }
  /** Post in the incident's room. */
  | { readonly kind: "room_post"; readonly incident: number; readonly text: string }
  /** Reply in the thread of the incident's broadcast line. */
  | { readonly kind: "broadcast_reply"; readonly incident: number; readonly text: string }
  /** Bring the summary and broadcast line up to the incident's current state. */
  | { readonly kind: "refresh"; readonly incident: number }
  /** Tell the room a command came from that the incident was declared, and where its room is. */
  | {
      readonly kind: "declared";
      readonly incident: number;
      readonly roomId: string;
      readonly actor: Actor;
    }
  /** Invite more people into the incident's room. */
  | { readonly kind: "invite"; readonly incident: number; readonly people: readonly string[] }
  /** Post in a fixed room (a notify route's broadcast room). */
  | { readonly kind: "post"; readonly roomId: string; readonly text: string };

export type OutboxMessageKind = OutboxMessage["kind"];

/**
 * Messages of one lane are delivered in order: everything about an incident waits for its room, and
 * messages to a fixed room keep their order. Refreshes only converge to the current state, so
 * they never hold a lane up.
 */
export function laneOf(message: OutboxMessage): string {
  return "incident" in message ? `incident:${message.incident}` : `room:${message.roomId}`;
}

/** A message as the outbox holds it. */
export interface QueuedOutboxMessage {
  readonly id: number;
  /** Random per message: with the step, the idempotency key of what it posts. */
  readonly token: string;
  readonly platform: string;
  readonly message: OutboxMessage;
  /** Sub-steps already delivered. */
  readonly step: number;
  readonly attempts: number;
}
