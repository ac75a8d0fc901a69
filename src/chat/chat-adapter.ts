import type { FastifyInstance } from "fastify";
import type { ChatPort } from "../core/chat-port.ts";

/** A chat platform as the composition root sees it: the port, plus any HTTP it needs. */
export interface ChatAdapter extends ChatPort {
  /** Adds the adapter's endpoints (Slack's POST /slack/events) to Firebreak's one port. */
  registerHttp?(app: FastifyInstance): void;
}
