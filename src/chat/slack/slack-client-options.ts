import type { webApi } from "@slack/bolt";

export type RetryOptions = webApi.RetryOptions;

/**
 * A few retries with backoff. On a 429 the WebClient itself waits the Retry-After seconds before a
 * retry (and holds its other calls meanwhile), so a rate-limited post is delayed, not lost. Slack's
 * default policy (10 retries over 30 minutes) would keep a chat message stuck for half an hour.
 */
const SLACK_RETRY: RetryOptions = {
  retries: 3,
  factor: 2,
  minTimeout: 1_000,
  maxTimeout: 30_000,
  randomize: true,
};

/** Options for Bolt's WebClient: SLACK_API_URL as the base URL, the retry policy, a timeout. */
export function slackClientOptions(
  apiUrl: string | undefined,
  retryConfig: RetryOptions = SLACK_RETRY,
): webApi.WebClientOptions {
  return {
    ...(apiUrl ? { slackApiUrl: apiUrl.endsWith("/") ? apiUrl : `${apiUrl}/` } : {}),
    retryConfig,
    // One hung request must not hold the chat queue forever.
    timeout: 30_000,
  };
}
