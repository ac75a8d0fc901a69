// What createApp and the CLI set for the whole process before they load config or runbooks
// (src/process-settings.ts); tests that build matchers, configs or runbook commands without an app
// need it too. Runs in every test worker before its test files (vitest.config.ts `setupFiles`).
import { enableLinearRegExpFallback } from "../../src/process-settings.ts";

enableLinearRegExpFallback();
