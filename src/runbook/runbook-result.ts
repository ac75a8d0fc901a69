/** What a run produced; everything in it is already redacted. */
export interface RunbookResult {
  /** null when killed (timeout, output cap) or for http. */
  readonly exitCode: number | null;
  readonly httpStatus?: number;
  readonly durationMs: number;
  /** Redacted, capped, with a "[output truncated: N bytes dropped]" note when capped. */
  readonly output: string;
  readonly timedOut: boolean;
  /** Why it did not run or did not finish, for people. */
  readonly error?: string;
}

export function describeTimeout(ms: number): string {
  return ms % 60_000 === 0 ? `${ms / 60_000}m` : `${Math.round(ms / 100) / 10}s`;
}
