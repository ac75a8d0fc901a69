import { existsSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { z } from "zod";
import { consoleSection, consoleSettings } from "../chat/console-config.ts";
import { type MatrixConfig, matrixConfig, matrixSection } from "../chat/matrix/matrix-config.ts";
import { type SlackConfig, slackConfig, slackSection } from "../chat/slack/slack-config.ts";
import { describeZodError } from "../core/describe-zod-error.ts";
import type { ReminderSettings } from "../core/due-reminders.ts";
import { isValidTimeZone } from "../core/format-time.ts";
import type { Role } from "../core/incident.ts";
import type { Route } from "../core/route.ts";
import type { Severity } from "../core/severity.ts";
import {
  alertRouting,
  alertsSection,
  defaultRouteSection,
  routesSection,
} from "../intake/alert-routing-config.ts";
import { serverSection, serverSettings, webhookSecrets } from "../intake/server-config.ts";
import { postmortemSection } from "../publish/postmortem-config.ts";
import { siteSection } from "../publish/site/site-config.ts";
import { runbookSection } from "../runbook/runbook-config.ts";
import { ConfigError } from "./config-error.ts";
import { permissionsSection } from "./permissions-config.ts";
import { readConfigYaml } from "./read-config-yaml.ts";

export type { MatrixConfig } from "../chat/matrix/matrix-config.ts";
export type { SlackConfig } from "../chat/slack/slack-config.ts";
export { MAX_BODY_LIMIT_BYTES } from "../intake/server-config.ts";
// Where callers have always found them.
export { ConfigError };

/** What `roles.<role>` may say: the checklist the bot gives whoever takes the role. */
const roleSettings = z.strictObject({ checklist: z.array(z.string().min(1)) }).optional();

/** The YAML file. Every key is optional; unknown keys are errors, since they are usually typos. */
export const configFileSchema = z.strictObject({
  server: serverSection,
  dataDir: z.string().optional(),
  commandsDir: z.string().optional(),
  templatesDir: z.string().optional(),
  publishDir: z.string().optional(),
  postmortemsDir: z.string().optional(),
  postmortem: postmortemSection,
  permissions: permissionsSection,
  runbook: runbookSection,
  reminders: z
    .strictObject({
      acknowledgeMinutes: z.number().int().min(1).optional(),
      escalateTo: z.array(z.string().min(1)).optional(),
      updateMinutes: z
        .strictObject({
          1: z.number().int().min(1).optional(),
          2: z.number().int().min(1).optional(),
          3: z.number().int().min(1).optional(),
          4: z.number().int().min(1).optional(),
        })
        .optional(),
      triageMinutes: z.number().int().min(1).optional(),
      postmortemDays: z.number().int().min(1).optional(),
      publishDays: z.number().int().min(1).optional(),
      checkSeconds: z.number().int().min(1).optional(),
    })
    .optional(),
  roles: z
    .strictObject({
      commander: roleSettings,
      comms: roleSettings,
      scribe: roleSettings,
      ops: roleSettings,
    })
    .optional(),
  site: siteSection,
  logLevel: z.enum(["trace", "debug", "info", "warn", "error", "fatal", "silent"]).optional(),
  display: z
    .strictObject({
      timeZone: z
        .string()
        .refine(isValidTimeZone, { message: 'expected an IANA time zone such as "Europe/Berlin"' })
        .optional(),
    })
    .optional(),
  alerts: alertsSection,
  routes: routesSection,
  defaultRoute: defaultRouteSection,
  slack: slackSection,
  matrix: matrixSection,
  console: consoleSection,
});

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

const DEFAULT_CHECKLISTS: Readonly<Record<Role, readonly string[]>> = {
  commander: [
    "Confirm the severity (`sev 1-4`) and who does what (`role comms|scribe|ops @someone`).",
    "Keep status current (`status …`) and post updates on time (`update …`).",
    "Decide, delegate, and keep the room focused; hand over with `role commander @next` when you leave.",
  ],
  comms: [
    "Post a status update for affected users now, then on the reminder cadence.",
    "Say what is affected, what is not, and when the next update comes.",
  ],
  scribe: [
    "Record decisions and findings with `note …`; pin useful messages with 📌.",
    "Note when things were tried and what they showed, with times.",
  ],
  ops: [
    "Investigate and mitigate; say in the room before changing anything in production.",
    "Share what you see with `note …` so the timeline keeps it.",
  ],
};

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
  const file = parsed.data;
  const base = configFile ? dirname(configFile) : cwd;
  const dir = (envName: string, fromFile: string | undefined, fallback: string) => {
    const fromEnv = env[envName];
    if (fromEnv) return resolve(cwd, fromEnv);
    return fromFile ? resolve(base, fromFile) : resolve(cwd, fallback);
  };
  const slack = slackConfig(file.slack, env);
  const matrix = matrixConfig(file.matrix, env);
  return {
    configFile,
    ...serverSettings(file.server, env),
    dataDir: dir("FIREBREAK_DATA_DIR", file.dataDir, "./data"),
    commandsDir: dir("FIREBREAK_COMMANDS_DIR", file.commandsDir, "./commands"),
    templatesDir: dir("FIREBREAK_TEMPLATES_DIR", file.templatesDir, "./templates"),
    publishDir: dir("FIREBREAK_PUBLISH_DIR", file.publishDir, "./public"),
    postmortemsDir: dir("FIREBREAK_POSTMORTEMS_DIR", file.postmortemsDir, "./postmortems"),
    blamelessExtra: file.postmortem.blamelessExtra,
    blamelessAllow: file.postmortem.blamelessAllow,
    silenceMinutes: file.postmortem.silenceMinutes,
    permissions: file.permissions,
    runbookSkipInvalid: file.runbook.skipInvalid,
    runbookConcurrency: file.runbook.concurrency,
    reminders: {
      acknowledgeMinutes: file.reminders?.acknowledgeMinutes ?? 5,
      escalateTo: file.reminders?.escalateTo ?? [],
      updateMinutes: {
        1: file.reminders?.updateMinutes?.[1] ?? 15,
        2: file.reminders?.updateMinutes?.[2] ?? 30,
        3: file.reminders?.updateMinutes?.[3] ?? 60,
        4: file.reminders?.updateMinutes?.[4] ?? 120,
      },
      triageMinutes: file.reminders?.triageMinutes ?? 15,
      postmortemDays: file.reminders?.postmortemDays ?? 3,
      publishDays: file.reminders?.publishDays ?? 14,
    },
    reminderCheckMs: (file.reminders?.checkSeconds ?? 30) * 1000,
    roleChecklists: {
      commander: file.roles?.commander?.checklist ?? DEFAULT_CHECKLISTS.commander,
      comms: file.roles?.comms?.checklist ?? DEFAULT_CHECKLISTS.comms,
      scribe: file.roles?.scribe?.checklist ?? DEFAULT_CHECKLISTS.scribe,
      ops: file.roles?.ops?.checklist ?? DEFAULT_CHECKLISTS.ops,
    },
    siteTitle: file.site.title,
    siteBaseUrl: file.site.baseUrl,
    logLevel: env.FIREBREAK_LOG_LEVEL || file.logLevel || "info",
    timeZone: file.display?.timeZone ?? "UTC",
    ...alertRouting(file.alerts, file.routes, file.defaultRoute),
    slack,
    matrix,
    ...consoleSettings(file.console, env),
    ...webhookSecrets(env),
  };
}
