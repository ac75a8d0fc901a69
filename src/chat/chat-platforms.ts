import type { Config } from "../config/config.ts";
import type { ChatAdapter, PlatformDeps } from "./chat-adapter.ts";
import { createMatrixChat } from "./matrix/matrix-chat.ts";
import { createSlackChat } from "./slack/slack-chat.ts";

export type { PlatformDeps } from "./chat-adapter.ts";

/** The chat platforms the configuration enables (Slack, Matrix); empty when none is. */
export function createChatPlatforms(config: Config, deps: PlatformDeps): ChatAdapter[] {
  const chats: ChatAdapter[] = [];
  if (config.matrix) chats.push(createMatrixChat(config.matrix, deps));
  if (config.slack) chats.push(createSlackChat(config.slack, deps));
  // Each platform adds itself here, e.g. if (config.slack) chats.push(createSlackChat(config.slack, deps));
  void config;
  void deps;
  return chats;
}
