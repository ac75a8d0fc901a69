import type { webApi } from "@slack/bolt";
import { type Logger, SocketModeReceiver } from "@slack/bolt";

/**
 * Socket Mode: Slack delivers events, commands and interactivity over a WebSocket that Firebreak
 * opens (apps.connections.open with the app-level token), so no public URL is needed. Bolt's own
 * receiver does the work; this keeps track of whether the socket is up, for /readyz.
 */
export function createSlackSocketMode(options: {
  readonly appToken: string;
  readonly logger: Logger;
  /** The same Web API options as the bot's client: base URL (SLACK_API_URL) and retries. */
  readonly clientOptions: webApi.WebClientOptions;
}): { receiver: SocketModeReceiver; isConnected: () => boolean; stop: () => Promise<void> } {
  const receiver = new SocketModeReceiver({
    appToken: options.appToken,
    logger: options.logger,
    // The Socket Mode client adds its own fetch and retry settings to this object: give it a copy.
    installerOptions: { clientOptions: { ...options.clientOptions } },
  });
  let connected = false;
  receiver.client.on("connected", () => {
    connected = true;
  });
  for (const state of ["reconnecting", "disconnecting", "disconnected"]) {
    receiver.client.on(state, () => {
      connected = false;
    });
  }
  return {
    receiver,
    isConnected: () => connected,
    // Bolt's receiver.stop() does not wait for the close handshake; shutting down under it would
    // cut the socket mid-close. Wait for it, but not for a peer that never answers.
    async stop() {
      let timer: NodeJS.Timeout | undefined;
      const giveUp = new Promise<void>((resolve) => {
        timer = setTimeout(resolve, 2_000);
      });
      await Promise.race([receiver.client.disconnect(), giveUp]);
      clearTimeout(timer);
    },
  };
}
