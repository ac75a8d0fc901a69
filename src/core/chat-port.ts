import type { Actor, Incident } from "./incident.ts";
import type { SummaryView } from "./incident-summary.ts";

/** A message someone wrote in a room the bot is in. */
export interface InboundMessage {
  readonly roomId: string;
  readonly sender: Actor;
  readonly text: string;
  /** UTC ISO-8601, as the platform stamped it. */
  readonly sentAt: string;
  /** The platform's id of the message, when it has one (Slack ts, Matrix event id). */
  readonly messageId?: string;
}

/** A message in a room, by the platform's ids. */
export interface MessageRef {
  readonly roomId: string;
  readonly messageId: string;
}

/** Someone pinned a message (a pin, a 📌 reaction, "Add to timeline"). */
export interface PinnedMessage extends MessageRef {
  readonly author: Actor;
  /** Readable text: mentions already turned into names. */
  readonly text: string;
  /** When the message was originally sent (UTC ISO-8601). */
  readonly sentAt: string;
  readonly pinnedBy: Actor;
}

/** What adapters deliver to Firebreak. Business logic lives behind these, not in adapters. */
export interface ChatHandlers {
  onMessage(message: InboundMessage): Promise<void>;
  onPin(pin: PinnedMessage): Promise<void>;
  /** The pin or 📌 was removed. */
  onUnpin(ref: MessageRef): Promise<void>;
  onMessageEdited(
    ref: MessageRef & { readonly text: string; readonly editedAt: string },
  ): Promise<void>;
  onMessageDeleted(ref: MessageRef & { readonly deletedAt: string }): Promise<void>;
}

export interface OutboundMessage {
  /** Plain text with light Markdown (`*bold*`, `` `code` ``); adapters render it natively. */
  readonly text: string;
  /** Only this user sees it (Slack ephemeral); platforms without that post it normally. */
  readonly ephemeralTo?: string;
  /** Reply in the thread of this message. */
  readonly threadOf?: string;
  /** This is an incident summary: adapters may render it richly (Block Kit, HTML, buttons). */
  readonly summary?: SummaryView;
  /** Pin the message in the room (the incident summary). */
  readonly pin?: boolean;
  /** Buttons where the platform has them, each running a sub-command (`confirm 3fa2c1`). */
  readonly actions?: readonly { readonly label: string; readonly command: string }[];
  /**
   * The same key on a second post means the same message: platforms that can deduplicate (Matrix
   * transaction IDs) deliver it once, so a retry after a lost answer does not post twice.
   */
  readonly idempotencyKey?: string;
}

/** Where a posted message lives, so it can be edited in place later. */
export interface PostedMessage {
  readonly messageId: string;
}

export interface RoomOptions {
  /** People (or groups) to invite, as the route names them: `@alice`, `@bob:example.org`. */
  readonly invite: readonly string[];
  /** Whoever declared it, invited too. */
  readonly declarer?: Actor;
}

/** One chat platform. The core calls it; adapters (console, Slack, Matrix) implement it. */
export interface ChatPort {
  readonly platform: string;
  /** How users type commands here: `!inc` or `/incident`. */
  readonly commandPrefix: string;
  /**
   * `ephemeralTo` reaches that person alone (Slack). Where it does not (Matrix, the console: the
   * whole room reads the answer), answers leave out what only the asker may see.
   */
  readonly privateReplies?: boolean;
  start(handlers: ChatHandlers): Promise<void>;
  stop(): Promise<void>;
  isConnected(): boolean;
  /** Creates the incident's room (private when the incident is) and returns its id and name. */
  openRoom(incident: Incident, options: RoomOptions): Promise<{ roomId: string; name: string }>;
  post(roomId: string, message: OutboundMessage): Promise<PostedMessage>;
  /** Replaces a message the bot posted earlier (the incident summary, a broadcast). */
  edit(roomId: string, messageId: string, message: OutboundMessage): Promise<void>;
  /** Invites more people into a room (an escalation); people the platform does not know are skipped. */
  invite(roomId: string, people: readonly string[]): Promise<void>;
  /** Turns what a user typed (`@bob`, `bob`, a platform id) into a person. */
  resolveUser(reference: string): Promise<Actor>;
}
