import { z } from "zod";

export const DEFAULT_TIMEOUT_MS = 30_000;
const MAX_TIMEOUT_MS = 10 * 60_000;

const FORM = 'expected seconds (30) or a duration such as "30s" or "2m", at most 10m';

/**
 * `timeout:` as a number of seconds or "30s"/"2m". Capped at ten minutes: a runbook step that
 * takes longer belongs in a job system with its own supervision, not in a chat room.
 */
export const timeoutSchema = z
  .union([z.number(), z.string()], { error: FORM })
  .transform((value, ctx) => {
    const ms = timeoutMs(value);
    if (ms === undefined) {
      ctx.addIssue({ code: "custom", message: `${FORM}, got ${JSON.stringify(value)}` });
      return z.NEVER;
    }
    return ms;
  });

function timeoutMs(value: number | string): number | undefined {
  let ms: number;
  if (typeof value === "number") ms = value * 1000;
  else {
    const match = /^(\d+)(s|m)$/.exec(value.trim());
    if (!match) return undefined;
    ms = Number(match[1]) * (match[2] === "m" ? 60_000 : 1000);
  }
  if (!Number.isFinite(ms) || ms < 1000 || ms > MAX_TIMEOUT_MS) return undefined;
  return Math.round(ms);
}
