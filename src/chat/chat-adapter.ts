import type { ChatPort } from "../core/chat-port.ts";
import type { Clock } from "../core/clock.ts";
import type { HttpRoutes } from "../core/http-routes.ts";
import type { Log } from "../core/log.ts";
import type { Store } from "../core/store-ports.ts";

/** A chat platform as the composition root sees it: the port, plus any HTTP it needs. */
export interface ChatAdapter extends ChatPort {
  /** Adds the adapter's endpoints (Slack's POST /slack/events) to Firebreak's one port. */
  registerHttp?(routes: HttpRoutes): void;
}

/** What the composition root hands every chat platform it creates (chat-platforms.ts). */
export interface PlatformDeps {
  readonly store: Store;
  readonly clock: Clock;
  readonly log: Log;
}
