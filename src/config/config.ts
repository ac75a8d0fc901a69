import { existsSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { consoleSettings } from "../chat/console-config.ts";
import { type MatrixConfig, matrixConfig } from "../chat/matrix/matrix-config.ts";
import { type SlackConfig, slackConfig } from "../chat/slack/slack-config.ts";
import { describeZodError } from "../core/describe-zod-error.ts";
import type { ReminderSettings } from "../core/due-reminders.ts";
import type { Role } from "../core/incident.ts";
import type { Route } from "../core/route.ts";
import type { Severity } from "../core/severity.ts";
import { alertRouting } from "../intake/alert-routing-config.ts";
import { serverSettings, webhookSecrets } from "../intake/server-config.ts";
import { ConfigError } from "./config-error.ts";
import { configFileSchema } from "./config-file-schema.ts";
import { folderSettings } from "./folders-config.ts";
import { readConfigYaml } from "./read-config-yaml.ts";
import { reminderSettings } from "./reminders-config.ts";
import { roleChecklists } from "./roles-config.ts";

// Where callers have always found them; each section's schema lives with the part that uses it.
export type { MatrixConfig } from "../chat/matrix/matrix-config.ts";
export type { SlackConfig } from "../chat/slack/slack-config.ts";
export { MAX_BODY_LIMIT_BYTES } from "../intake/server-config.ts";
export { ConfigError } from "./config-error.ts";
export { configFileSchema } from "./config-file-schema.ts";

export interface Config {
  readonly configFile: string | undefined;
  readonly host: string;
  readonly port: number;
  readonly bodyLimitBytes: number;
  readonly dataDir: string;
  readonly commandsDir: string;
  readonly templatesDir: string;
  /** The static incident site goes here. */
  readonly publishDir: string;
  /** Postmortem drafts (drafts/INC-42.md) and published postmortems (INC-42.md), for git. */
  readonly postmortemsDir: string;
  readonly blamelessExtra: readonly string[];
  readonly blamelessAllow: readonly string[];
  readonly silenceMinutes: number;
  /** Sub-command -> roles allowed to use it (when anyone holds one of them). */
  readonly permissions: Readonly<Partial<Record<string, readonly Role[]>>>;
  readonly runbookSkipInvalid: boolean;
  readonly runbookConcurrency: number;
  readonly reminders: ReminderSettings;
  readonly reminderCheckMs: number;
  /** What the bot tells whoever takes each role. */
  readonly roleChecklists: Readonly<Record<Role, readonly string[]>>;
  readonly siteTitle: string;
  readonly siteBaseUrl: string | undefined;
  readonly logLevel: string;
  readonly timeZone: string;
  readonly severityLabel: string;
  readonly severityMap: Readonly<Record<string, Severity>>;
  readonly defaultSeverity: Severity;
  /** Tried in order; the first whose matchers hold takes the alert. */
  readonly routes: readonly Route[];
  readonly defaultRoute: Route;
  /** A group that fires again this soon after its incident resolved re-opens it. */
  readonly flapWindowMs: number;
  /** Set when SLACK_BOT_TOKEN is. */
  readonly slack: SlackConfig | undefined;
  /** Set when MATRIX_HOMESERVER_URL is. */
  readonly matrix: MatrixConfig | undefined;
  readonly consoleRoom: string;
  readonly consoleUser: string;
  /** Secret: from the environment only, never logged. */
  readonly webhookToken: string | undefined;
  /** Secret: Grafana's HMAC signing key (FIREBREAK_GRAFANA_SECRET). */
  readonly grafanaSecret: string | undefined;
}

/**
 * Reads `firebreak.yaml` (or `--config` / FIREBREAK_CONFIG) and the environment. A missing default
 * file means defaults; a named file that is missing, or any bad value, fails with the file and key.
 */
export function loadConfig(
  options: { configFile?: string | undefined; cwd?: string } = {},
  env: NodeJS.ProcessEnv = process.env,
): Config {
  const cwd = options.cwd ?? process.cwd();
  const named = options.configFile ?? env.FIREBREAK_CONFIG;
  const candidate = resolve(cwd, named ?? "firebreak.yaml");
  const configFile = named !== undefined || existsSync(candidate) ? candidate : undefined;
  const raw = configFile ? readConfigYaml(configFile) : {};
  const parsed = configFileSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = describeZodError(parsed.error)
      .map((p) => `${configFile}: ${p.field}: ${p.problem}`)
      .join("\n");
    throw new ConfigError(problems);
  }
  // Every default is in the schema by now; what is left is the environment and flattening.
  const file = parsed.data;
  const fileDir = configFile ? dirname(configFile) : cwd;
  const slack = slackConfig(file.slack, env);
  const matrix = matrixConfig(file.matrix, env);
  return {
    configFile,
    ...serverSettings(file.server, env),
    ...folderSettings(file, { cwd, fileDir }, env),
    blamelessExtra: file.postmortem.blamelessExtra,
    blamelessAllow: file.postmortem.blamelessAllow,
    silenceMinutes: file.postmortem.silenceMinutes,
    permissions: file.permissions,
    runbookSkipInvalid: file.runbook.skipInvalid,
    runbookConcurrency: file.runbook.concurrency,
    ...reminderSettings(file.reminders),
    roleChecklists: roleChecklists(file.roles),
    siteTitle: file.site.title,
    siteBaseUrl: file.site.baseUrl,
    logLevel: env.FIREBREAK_LOG_LEVEL || file.logLevel,
    timeZone: file.display.timeZone,
    ...alertRouting(file.alerts, file.routes, file.defaultRoute),
    slack,
    matrix,
    ...consoleSettings(file.console, env),
    ...webhookSecrets(env),
  };
}
