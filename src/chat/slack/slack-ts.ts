/**
 * A Slack message `ts` ("1360782400.498405") is both the message's id in its channel and when it
 * was sent: Unix seconds with six digits of microseconds. The timeline keeps the source's
 * precision, so the microseconds survive the conversion instead of being rounded to milliseconds.
 */
const SLACK_TS = /^(\d{1,12})(?:\.(\d{1,6}))?$/;

/** `1360782400.498405` → `2013-02-13T19:06:40.498405Z`. Throws on anything that is not a ts. */
export function slackTsToIso(ts: string): string {
  const match = SLACK_TS.exec(ts);
  if (!match) throw new Error(`"${ts}" is not a Slack message timestamp`);
  const seconds = Number(match[1]);
  const fraction = (match[2] ?? "").padEnd(6, "0");
  return `${new Date(seconds * 1000).toISOString().slice(0, 19)}.${fraction}Z`;
}
