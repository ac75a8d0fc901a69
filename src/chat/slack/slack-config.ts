import { z } from "zod";
import { ConfigError } from "../../config/config-error.ts";

/**
 * The `slack:` section of firebreak.yaml. It only shapes how Slack is used; whether Slack runs at
 * all is decided by SLACK_BOT_TOKEN, since the tokens are secrets and never sit in the file.
 */
export const slackSection = z
  .strictObject({
    /** The slash commands the Slack app defines; all of them reach the same parser. */
    commands: z
      .array(
        z
          .string()
          .regex(/^\/[a-z0-9_-]+$/, { message: 'expected a slash command such as "/incident"' }),
      )
      .default(["/incident", "/inc"]),
    channelPrefix: z
      .string()
      .regex(/^[a-z0-9_-]{1,20}$/, {
        message: "expected lowercase letters, digits, - or _ (at most 20)",
      })
      .default("inc-"),
  })
  .prefault({});

export interface SlackConfig {
  /** Secrets, from the environment only. */
  readonly botToken: string;
  readonly signingSecret: string | undefined;
  /** Socket Mode when set; HTTP mode at POST /slack/events otherwise. */
  readonly appToken: string | undefined;
  /** Web API base URL (SLACK_API_URL), for tests and proxies. */
  readonly apiUrl: string | undefined;
  readonly commands: readonly string[];
  readonly channelPrefix: string;
}

/** Slack's settings, or undefined when SLACK_BOT_TOKEN is not set (Slack stays off). */
export function slackConfig(
  section: z.output<typeof slackSection>,
  env: NodeJS.ProcessEnv,
): SlackConfig | undefined {
  const botToken = env.SLACK_BOT_TOKEN;
  if (!botToken) return undefined;
  // Set but empty counts as unset: an empty secret would only fail later, at Slack.
  const signingSecret = env.SLACK_SIGNING_SECRET || undefined;
  const appToken = env.SLACK_APP_TOKEN || undefined;
  if (!signingSecret && !appToken) {
    throw new ConfigError(
      "SLACK_BOT_TOKEN is set, but neither SLACK_SIGNING_SECRET (HTTP mode) nor SLACK_APP_TOKEN (Socket Mode) is.",
    );
  }
  return {
    botToken,
    signingSecret,
    appToken,
    apiUrl: env.SLACK_API_URL || undefined,
    commands: section.commands,
    channelPrefix: section.channelPrefix,
  };
}
