import type { Log } from "../../core/log.ts";

/** How often a failed refresh of the public site is tried again, until it succeeds. */
export const SITE_RETRY_MS = 60_000;

/**
 * Rebuilds the public site after a command changed what it shows. The command is recorded by
 * then, so a failure must not read as the command failing (people would repeat it): the room is
 * told what was recorded and what failed, the log gets it once, and the refresh is tried again
 * every `retryMs` until it works.
 */
export function createSiteRefresher(deps: {
  build: () => unknown;
  log: Log;
  /** Says something in the incident's rooms. */
  tell: (incident: number, text: string) => void;
  retryMs?: number;
}) {
  const retryMs = deps.retryMs ?? SITE_RETRY_MS;
  let failing: string | undefined;
  let timer: NodeJS.Timeout | undefined;

  /** Builds the site; the problem, naming the path and what to do, when it fails. */
  function attempt(): string | undefined {
    try {
      deps.build();
    } catch (error) {
      const problem = error instanceof Error ? error.message : String(error);
      if (problem !== failing)
        deps.log.error({ err: error }, `public site refresh failed: ${problem}`);
      failing = problem;
      timer ??= setInterval(attempt, retryMs).unref();
      return problem;
    }
    if (failing) deps.log.info({}, "public site refreshed again");
    failing = undefined;
    clearInterval(timer);
    timer = undefined;
    return undefined;
  }

  return {
    /** After `what` (e.g. "update") of the incident was recorded. */
    refresh(incident: number, what: string): void {
      const problem = attempt();
      if (!problem) return;
      deps.tell(
        incident,
        `⚠️ INC-${incident}'s ${what} is recorded, but the public site could not be refreshed: ${problem} Firebreak tries again every ${Math.round(retryMs / 1000)} s until it works.`,
      );
    },
    stop(): void {
      clearInterval(timer);
      timer = undefined;
    },
  };
}

export type SiteRefresher = ReturnType<typeof createSiteRefresher>;
