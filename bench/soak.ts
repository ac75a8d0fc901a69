// Soak: the crash test of test/e2e/crash-loop.test.ts at full size (`npm run soak`). The real
// Alertmanager delivers 5,000 alerts in 50 groups to `firebreak serve` while it is SIGKILLed 20
// times at random moments (half of them right after a commit) and restarted on the same port.
// Afterwards every alert must be stored exactly once, one incident per group, every firing and
// resolve exactly once on its incident's timeline. Prints progress and a summary; exits 1 on any
// violation (keeping the data dir to look at). FIREBREAK_SOAK_KILLS, FIREBREAK_SOAK_ALERTS and
// FIREBREAK_SOAK_GROUPS change the size; FIREBREAK_SOAK_SEED replays a run's random choices.
import { findAlertmanagerBinary } from "../test/e2e/helpers/alertmanager.ts";
import {
  crashLoopOptions,
  describeReport,
  runCrashLoop,
  SOAK_SIZE,
} from "../test/e2e/helpers/crash-loop.ts";

const log = (line: string) => console.log(`[soak] ${line}`);

try {
  findAlertmanagerBinary();
  const options = { ...crashLoopOptions(SOAK_SIZE, log), keepOnFailure: true };
  const report = await runCrashLoop(options);
  console.log("");
  console.log(describeReport(report));
  if (report.violations.length > 0) {
    console.log(`\nSOAK FAILED — replay with FIREBREAK_SOAK_SEED=${report.seed}`);
    process.exitCode = 1;
  } else {
    console.log("\nsoak passed");
  }
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
}
