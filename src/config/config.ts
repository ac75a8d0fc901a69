import { existsSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { z } from "zod";
import { RESTRICTABLE_SUB_COMMANDS } from "../core/chat-command-specs.ts";
import { describeZodError } from "../core/describe-zod-error.ts";
import type { ReminderSettings } from "../core/due-reminders.ts";
import { isValidTimeZone } from "../core/format-time.ts";
import { ROLES, type Role } from "../core/incident.ts";
import type { Route } from "../core/route.ts";
import type { Severity } from "../core/severity.ts";
import { ConfigError } from "./config-error.ts";
import { readConfigYaml } from "./read-config-yaml.ts";
import { buildRoute, routeSchema, severitySchema as severity } from "./route-config.ts";

// Where callers have always found ConfigError; the sub-commands `permissions:` may limit to roles
// are the command table's `changes-incident` ones.
export { ConfigError, RESTRICTABLE_SUB_COMMANDS };

/** Why `permissions:` refuses these keys; `declare` gets its own reason, since it looks sensible. */
function unrestrictableKeys(keys: readonly string[]): string {
  const problems = keys.map((key) =>
    key === "declare"
      ? `"declare" cannot be limited to roles: it opens a new incident, where nobody holds a role yet, so the limit would never apply; remove permissions.declare`
      : `"${key}" is not a sub-command that can be limited; expected one of ${RESTRICTABLE_SUB_COMMANDS.join(", ")}`,
  );
  return problems.join("; ");
}

/** What `roles.<role>` may say: the checklist the bot gives whoever takes the role. */
const roleSettings = z.strictObject({ checklist: z.array(z.string().min(1)) }).optional();

/** The largest webhook body server.bodyLimitBytes may allow. */
export const MAX_BODY_LIMIT_BYTES = 4 * 1024 * 1024;

/** The YAML file. Every key is optional; unknown keys are errors, since they are usually typos. */
export const configFileSchema = z.strictObject({
  server: z
    .strictObject({
      host: z.string().min(1, { message: "expected a host name or IP address" }).optional(),
      port: z
        .number({ message: "expected a port number from 0 to 65535" })
        .int()
        .min(0)
        .max(65535)
        .optional(),
      bodyLimitBytes: z
        .number({ message: "expected a size in bytes" })
        .int()
        .min(1024, { message: "expected at least 1024 bytes" })
        // Parsing and storing a delivery holds the event loop (~0.2 s per MiB): cap it.
        .max(MAX_BODY_LIMIT_BYTES, {
          message: `expected at most ${MAX_BODY_LIMIT_BYTES} bytes (4 MiB): a larger delivery would stall Firebreak for seconds`,
        })
        .optional(),
    })
    .optional(),
  dataDir: z.string().optional(),
  commandsDir: z.string().optional(),
  templatesDir: z.string().optional(),
  publishDir: z.string().optional(),
  postmortemsDir: z.string().optional(),
  postmortem: z
    .strictObject({
      /** Phrases the blameless check also flags, and phrases it never flags. */
      blamelessExtra: z.array(z.string().min(1)).optional(),
      blamelessAllow: z.array(z.string().min(1)).optional(),
      /** A gap this long in an open incident's timeline is worth a question. */
      silenceMinutes: z.number().int().min(1).optional(),
    })
    .optional(),
  /**
   * Sub-commands only some roles may use once someone holds them, e.g. `resolve: [commander]`.
   * `declare` is not among them: it opens a new incident, where nobody holds a role yet.
   */
  permissions: z
    .partialRecord(
      z.enum(RESTRICTABLE_SUB_COMMANDS, {
        message: `expected a state-changing sub-command (${RESTRICTABLE_SUB_COMMANDS.join(", ")})`,
      }),
      z.array(
        z.enum(ROLES, {
          message: "expected a role: commander, comms, scribe or ops",
        }),
      ),
      {
        // Keys outside the enum come as `unrecognized_keys`, which zod's types leave out here.
        error: (issue) => {
          const { code, keys } = issue as { code: string; keys?: readonly string[] };
          return code === "unrecognized_keys" && keys ? unrestrictableKeys(keys) : undefined;
        },
      },
    )
    .optional(),
  runbook: z
    .strictObject({
      /** Start even when some files in the commands folder are invalid (they are skipped). */
      skipInvalid: z.boolean().optional(),
      /** Runs at once across all incidents. */
      concurrency: z.number().int().min(1).max(32).optional(),
    })
    .optional(),
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
  site: z
    .strictObject({
      title: z.string().min(1).optional(),
      baseUrl: z
        .url({ message: "expected an absolute URL such as https://status.example.org/" })
        .optional(),
    })
    .optional(),
  logLevel: z.enum(["trace", "debug", "info", "warn", "error", "fatal", "silent"]).optional(),
  display: z
    .strictObject({
      timeZone: z
        .string()
        .refine(isValidTimeZone, { message: 'expected an IANA time zone such as "Europe/Berlin"' })
        .optional(),
    })
    .optional(),
  alerts: z
    .strictObject({
      severityLabel: z.string().min(1).optional(),
      severityMap: z.record(z.string(), severity).optional(),
      defaultSeverity: severity.optional(),
      flapWindowSeconds: z
        .number({ message: "expected a number of seconds" })
        .int()
        .min(0)
        .optional(),
    })
    .optional(),
  routes: z.array(routeSchema).optional(),
  defaultRoute: routeSchema.optional(),
  slack: z
    .strictObject({
      /** The slash commands the Slack app defines; all of them reach the same parser. */
      commands: z
        .array(
          z
            .string()
            .regex(/^\/[a-z0-9_-]+$/, { message: 'expected a slash command such as "/incident"' }),
        )
        .optional(),
      channelPrefix: z
        .string()
        .regex(/^[a-z0-9_-]{1,20}$/, {
          message: "expected lowercase letters, digits, - or _ (at most 20)",
        })
        .optional(),
    })
    .optional(),
  matrix: z
    .strictObject({
      commandPrefix: z.string().min(1).optional(),
      /** Matrix user IDs (@alice:example.org) or server names (example.org) whose invites the bot accepts. */
      allowInvitesFrom: z.array(z.string().min(1)).optional(),
      /** Give incident rooms an alias #<prefix><number>:<server>. */
      roomAliasPrefix: z
        .string()
        .regex(/^[a-z0-9_.-]+$/, { message: "expected lowercase letters, digits, ., - or _" })
        .optional(),
      commanderPowerLevel: z.number().int().min(0).max(100).optional(),
    })
    .optional(),
  console: z
    .strictObject({
      room: z.string().min(1).optional(),
      user: z.string().min(1).optional(),
    })
    .optional(),
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

export interface SlackConfig {
  /** Secrets, from the environment only. */
  readonly botToken: string;
  readonly signingSecret: string | undefined;
  /** Socket Mode when set; HTTP mode at POST /slack/events otherwise. */
  readonly appToken: string | undefined;
  /** Web API base URL (SLACK_API_URL), for tests and proxies. */
  readonly apiUrl: string | undefined;
  readonly commands: readonly string[];
  readonly channelPrefix: string;
}

export interface MatrixConfig {
  readonly homeserverUrl: string;
  /** Secret. Either a token and user id, or a user and password to log in with. */
  readonly accessToken: string | undefined;
  readonly userId: string | undefined;
  readonly user: string | undefined;
  readonly password: string | undefined;
  readonly commandPrefix: string;
  readonly allowInvitesFrom: readonly string[];
  readonly roomAliasPrefix: string | undefined;
  readonly commanderPowerLevel: number;
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

const DEFAULT_SEVERITY_MAP = {
  critical: 1,
  page: 1,
  error: 2,
  high: 2,
  warning: 3,
  info: 4,
} as const;

function envPort(env: NodeJS.ProcessEnv): number | undefined {
  const raw = env.FIREBREAK_PORT;
  if (raw === undefined || raw === "") return undefined;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new ConfigError(`FIREBREAK_PORT: expected a port number from 0 to 65535, got "${raw}".`);
  }
  return port;
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
  const file = parsed.data;
  const base = configFile ? dirname(configFile) : cwd;
  const dir = (envName: string, fromFile: string | undefined, fallback: string) => {
    const fromEnv = env[envName];
    if (fromEnv) return resolve(cwd, fromEnv);
    return fromFile ? resolve(base, fromFile) : resolve(cwd, fallback);
  };
  const severities = {
    severityLabel: file.alerts?.severityLabel ?? "severity",
    severityMap: { ...DEFAULT_SEVERITY_MAP, ...file.alerts?.severityMap },
    defaultSeverity: file.alerts?.defaultSeverity ?? 3,
  };
  const slack = slackConfig(file.slack, env);
  const matrix = matrixConfig(file.matrix, env);
  return {
    configFile,
    host: env.FIREBREAK_HOST || file.server?.host || "127.0.0.1",
    port: envPort(env) ?? file.server?.port ?? 8787,
    bodyLimitBytes: file.server?.bodyLimitBytes ?? 1024 * 1024,
    dataDir: dir("FIREBREAK_DATA_DIR", file.dataDir, "./data"),
    commandsDir: dir("FIREBREAK_COMMANDS_DIR", file.commandsDir, "./commands"),
    templatesDir: dir("FIREBREAK_TEMPLATES_DIR", file.templatesDir, "./templates"),
    publishDir: dir("FIREBREAK_PUBLISH_DIR", file.publishDir, "./public"),
    postmortemsDir: dir("FIREBREAK_POSTMORTEMS_DIR", file.postmortemsDir, "./postmortems"),
    blamelessExtra: file.postmortem?.blamelessExtra ?? [],
    blamelessAllow: file.postmortem?.blamelessAllow ?? [],
    silenceMinutes: file.postmortem?.silenceMinutes ?? 30,
    permissions: file.permissions ?? {},
    runbookSkipInvalid: file.runbook?.skipInvalid ?? false,
    runbookConcurrency: file.runbook?.concurrency ?? 4,
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
    siteTitle: file.site?.title ?? "Incident history",
    siteBaseUrl: file.site?.baseUrl,
    logLevel: env.FIREBREAK_LOG_LEVEL || file.logLevel || "info",
    timeZone: file.display?.timeZone ?? "UTC",
    ...severities,
    routes: (file.routes ?? []).map((route, i) => buildRoute(route, `route-${i + 1}`, severities)),
    defaultRoute: buildRoute(file.defaultRoute ?? {}, "default", severities),
    flapWindowMs: (file.alerts?.flapWindowSeconds ?? 300) * 1000,
    slack,
    matrix,
    consoleRoom: file.console?.room ?? "general",
    consoleUser: file.console?.user ?? env.USER ?? "operator",
    // Set but empty is kept, so start-up can refuse it rather than run without a token.
    webhookToken: env.FIREBREAK_WEBHOOK_TOKEN,
    grafanaSecret: env.FIREBREAK_GRAFANA_SECRET || undefined,
  };
}

type FileConfig = z.infer<typeof configFileSchema>;

function slackConfig(file: FileConfig["slack"], env: NodeJS.ProcessEnv): SlackConfig | undefined {
  const botToken = env.SLACK_BOT_TOKEN;
  if (!botToken) return undefined;
  const signingSecret = env.SLACK_SIGNING_SECRET || undefined;
  const appToken = env.SLACK_APP_TOKEN || undefined;
  if (!signingSecret && !appToken) {
    throw new ConfigError(
      "SLACK_BOT_TOKEN is set, but neither SLACK_SIGNING_SECRET (HTTP mode) nor SLACK_APP_TOKEN (Socket Mode) is.",
    );
  }
  return {
    botToken,
    signingSecret,
    appToken,
    apiUrl: env.SLACK_API_URL || undefined,
    commands: file?.commands ?? ["/incident", "/inc"],
    channelPrefix: file?.channelPrefix ?? "inc-",
  };
}

function matrixConfig(
  file: FileConfig["matrix"],
  env: NodeJS.ProcessEnv,
): MatrixConfig | undefined {
  const homeserverUrl = env.MATRIX_HOMESERVER_URL;
  if (!homeserverUrl) return undefined;
  const accessToken = env.MATRIX_ACCESS_TOKEN || undefined;
  const userId = env.MATRIX_USER_ID || undefined;
  const user = env.MATRIX_USER || undefined;
  const password = env.MATRIX_PASSWORD || undefined;
  if (!(accessToken && userId) && !(user && password)) {
    throw new ConfigError(
      "MATRIX_HOMESERVER_URL is set: also set MATRIX_ACCESS_TOKEN and MATRIX_USER_ID, or MATRIX_USER and MATRIX_PASSWORD to log in.",
    );
  }
  return {
    homeserverUrl,
    accessToken,
    userId,
    user,
    password,
    commandPrefix: file?.commandPrefix ?? "!inc",
    allowInvitesFrom: file?.allowInvitesFrom ?? [],
    roomAliasPrefix: file?.roomAliasPrefix,
    commanderPowerLevel: file?.commanderPowerLevel ?? 50,
  };
}
