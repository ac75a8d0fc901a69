import type { Actor, Incident } from "./incident.ts";

/** A message someone wrote in a room the bot is in. */
export interface InboundMessage {
  readonly roomId: string;
  readonly sender: Actor;
  readonly text: string;
  /** UTC ISO-8601, as the platform stamped it. */
  readonly sentAt: string;
}

export interface OutboundMessage {
  /** Plain text with light Markdown (`*bold*`, `` `code` ``); adapters render it natively. */
  readonly text: string;
  /** Only this user sees it (Slack ephemeral); platforms without that post it normally. */
  readonly ephemeralTo?: string;
  /** Reply in the thread of this message. */
  readonly threadOf?: string;
}

/** Where a posted message lives, so it can be edited in place later. */
export interface PostedMessage {
  readonly messageId: string;
}

export interface RoomOptions {
  /** People (or groups) to invite, as the route names them: `@alice`, `@bob:example.org`. */
  readonly invite: readonly string[];
}

export type MessageHandler = (message: InboundMessage) => Promise<void>;

/** One chat platform. The core calls it; adapters (console, Slack, Matrix) implement it. */
export interface ChatPort {
  readonly platform: string;
  /** How users type commands here: `!inc` or `/incident`. */
  readonly commandPrefix: string;
  start(onMessage: MessageHandler): Promise<void>;
  stop(): Promise<void>;
  isConnected(): boolean;
  /** Creates the incident's room (private when the incident is) and returns its id and name. */
  openRoom(incident: Incident, options: RoomOptions): Promise<{ roomId: string; name: string }>;
  post(roomId: string, message: OutboundMessage): Promise<PostedMessage>;
  /** Replaces a message the bot posted earlier (the incident summary, a broadcast). */
  edit(roomId: string, messageId: string, message: OutboundMessage): Promise<void>;
  /** Turns what a user typed (`@bob`, `bob`, a platform id) into a person. */
  resolveUser(reference: string): Promise<Actor>;
}
