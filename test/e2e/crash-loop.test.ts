import { describe, expect, it } from "vitest";
import {
  CI_SIZE,
  type CrashLoopReport,
  crashLoopOptions,
  describeReport,
  longestRunMs,
  runCrashLoop,
} from "./helpers/crash-loop.ts";
import { requireTool } from "./helpers/external-tools.ts";

/**
 * Crash test: the real Alertmanager delivers an alert storm to `firebreak serve` while the
 * process is SIGKILLed at random moments and restarted on the same port. Nothing may be lost or
 * doubled. CI size by default; FIREBREAK_SOAK_KILLS, FIREBREAK_SOAK_ALERTS, FIREBREAK_SOAK_GROUPS
 * make it bigger and FIREBREAK_SOAK_SEED replays a run's choices (`npm run soak` runs it at full
 * size).
 */

const log = (line: string) => {
  process.stderr.write(`[crash-loop] ${line}\n`);
};

const alertmanager = requireTool("alertmanager", import.meta.url);

describe.skipIf(alertmanager === undefined)(
  "firebreak serve, SIGKILLed while Alertmanager delivers a storm",
  () => {
    const options = crashLoopOptions(CI_SIZE, log);
    const resolves = Math.round(options.alerts * options.resolveShare);

    it(
      `stores ${options.alerts} alerts of ${options.groups} groups exactly once across ${options.kills} kills`,
      async () => {
        const report: CrashLoopReport = await runCrashLoop(options);
        log(describeReport(report));

        // Every violation, with the seed that replays the run, in one message.
        expect(
          report.violations,
          `seed ${report.seed} (FIREBREAK_SOAK_SEED=${report.seed} replays it)`,
        ).toEqual([]);
        expect(report.processes).toBe(options.kills + 1);
        expect(report.lastExitCode).toBe(0);
        expect(report.counts).toMatchObject({
          alerts: options.alerts,
          resolved: resolves,
          firing: options.alerts - resolves,
          incidents: options.groups,
          timeline: options.groups + options.alerts + resolves,
        });
      },
      longestRunMs(options),
    );
  },
);
