import { randomBytes } from "node:crypto";
import type { Clock } from "../core/clock.ts";
import { FirebreakError } from "../core/firebreak-error.ts";
import type { Actor, Incident } from "../core/incident.ts";
import { formatIncidentRef } from "../core/incident-ref.ts";
import type { Log } from "../core/log.ts";
import type { RunContext } from "../core/runbook-port.ts";
import type { Store } from "../core/store-ports.ts";
import type { TimelineEvent } from "../core/timeline-event.ts";
import type { IncidentService } from "../flows/incident-service.ts";
import { type ArgValue, expectedForm } from "./runbook-arg-value.ts";
import { parseRunArgs, validateRunbookArgs } from "./runbook-args.ts";
import type { RunbookCommand } from "./runbook-command.ts";
import { describePlan, planRunbook, secretsOf } from "./runbook-plan.ts";
import { redactSecrets } from "./runbook-redact.ts";
import { type RunbookResult, type RunLimiter, runRunbook } from "./runbook-run.ts";
import { suggestedCommands } from "./runbook-suggest.ts";

type CommandRunEvent = Extract<TimelineEvent, { kind: "command_run" }>;

interface Pending {
  readonly incidentNumber: number;
  readonly command: RunbookCommand;
  readonly values: Record<string, ArgValue>;
  readonly argsText: string;
  readonly requestedBy: Actor;
  readonly expiresAt: number;
}

const TAIL_CHARS = 1500;
const EDIT_EVERY_MS = 1000;

function usage(command: RunbookCommand, prefix: string): string {
  const args = command.args.map((arg) =>
    arg.required ? expectedForm(arg) : `[${expectedForm(arg)}]`,
  );
  return [
    `${prefix} run ${command.name} ${command.args.map((a) => `${a.name}=…`).join(" ")}`.trim(),
    ...args.map((a) => `  ${a}`),
  ].join("\n");
}

function outcome(result: RunbookResult): { icon: string; text: string } {
  if (result.error) return { icon: "⚠️", text: result.error };
  if (result.httpStatus !== undefined) {
    return { icon: result.httpStatus < 400 ? "✅" : "❌", text: `HTTP ${result.httpStatus}` };
  }
  return { icon: result.exitCode === 0 ? "✅" : "❌", text: `exit ${result.exitCode}` };
}

/**
 * `run`, `commands` and `confirm` in chat: arguments validated, roles checked, confirmation asked
 * where the command wants it, output streamed into one edited message, every run on the timeline.
 */
export function createRunbookChat(deps: {
  commands: readonly RunbookCommand[];
  service: IncidentService;
  store: Store;
  clock: Clock;
  log: Log;
  limiter: RunLimiter;
  env: NodeJS.ProcessEnv;
  confirmTtlMs?: number;
}) {
  const pending = new Map<string, Pending>();
  const stopping = new AbortController();
  const ttl = deps.confirmTtlMs ?? 5 * 60_000;

  function find(name: string, prefix: string): RunbookCommand {
    const command = deps.commands.find((c) => c.name === name);
    if (!command) {
      const known = deps.commands.map((c) => c.name).join(", ") || "none are installed";
      throw new FirebreakError(
        "unknown_command",
        `There is no runbook command "${name}". Commands: ${known}. \`${prefix} commands\` lists them.`,
      );
    }
    return command;
  }

  function assertRole(command: RunbookCommand, incident: Incident, actor: Actor): void {
    if (command.roles.length === 0) return;
    const holds = command.roles.some((role) => incident.roles[role]?.id === actor.id);
    if (!holds) {
      throw new FirebreakError(
        "not_allowed",
        `Only the ${command.roles.join(" or ")} of ${formatIncidentRef(incident.number)} may run ${command.name}. \`role ${command.roles[0]} @you\` first if that is you.`,
      );
    }
  }

  async function execute(
    ctx: RunContext,
    command: RunbookCommand,
    values: Pending["values"],
    argsText: string,
    confirmedBy?: Actor,
  ) {
    const secrets = secretsOf(command, deps.env);
    const plan = planRunbook(command, values, deps.env);
    const startedAt = deps.clock.now().toISOString();
    const head = `▶️ ${ctx.actor.name} runs \`${command.name}${argsText ? ` ${argsText}` : ""}\``;
    const posted = await ctx.chat.post(ctx.roomId, { text: `${head}…` });
    let tail = "";
    let edits = Promise.resolve();
    let lastEdit = 0;
    const show = (text: string) => {
      edits = edits
        .then(() => ctx.chat.edit(ctx.roomId, posted.messageId, { text }))
        .catch((error: unknown) =>
          deps.log.warn({ err: error }, "could not edit the run's message"),
        );
    };
    const result = await runRunbook(plan, {
      timeoutMs: command.timeoutMs,
      secrets,
      limiter: deps.limiter,
      signal: stopping.signal,
      onOutput: (chunk) => {
        tail = (tail + chunk).slice(-TAIL_CHARS);
        const now = Date.now();
        if (now - lastEdit >= EDIT_EVERY_MS) {
          lastEdit = now;
          show(`${head}…\n\`\`\`\n${tail.trimEnd()}\n\`\`\``);
        }
      },
    });
    const { icon, text } = outcome(result);
    // The result's output is already redacted (with these secrets) by the runner.
    const shown = result.output.slice(-TAIL_CHARS).trimEnd();
    show(
      `${icon} ${head}: ${text} after ${(result.durationMs / 1000).toFixed(1)}s${shown ? `\n\`\`\`\n${shown}\n\`\`\`` : ""}`,
    );
    await edits;
    await record(ctx, startedAt, {
      command: command.name,
      args: argsText,
      dryRun: false,
      ...(confirmedBy ? { confirmedBy: confirmedBy.name } : {}),
      exitCode: result.exitCode,
      ...(result.httpStatus === undefined ? {} : { httpStatus: result.httpStatus }),
      durationMs: result.durationMs,
      timedOut: result.timedOut,
      ...(result.error ? { error: result.error } : {}),
      output: result.output,
    });
  }

  /** Puts a run (or a dry run) on the incident's timeline, at the time it started. */
  function record(ctx: RunContext, at: string, run: Omit<CommandRunEvent, "kind">) {
    return deps.service.apply(ctx.incident.number, (current) => ({
      incident: current,
      entries: [{ event: { kind: "command_run", ...run }, occurredAt: at, actor: ctx.actor }],
    }));
  }

  return {
    /** `commands`: what can be run, those suggested for this incident's alerts first. */
    list(incident: Incident, prefix: string): string {
      if (deps.commands.length === 0)
        return "No runbook commands are installed (see commands/README.md).";
      const labels = deps.store.alerts
        .listForIncident(incident.number)
        .map((alert) => alert.labels);
      const suggested = new Set(labels.flatMap((l) => suggestedCommands(deps.commands, l)));
      const line = (c: RunbookCommand) =>
        `• \`${prefix} run ${c.name}\` — ${c.description}${c.confirm ? " (asks to confirm)" : ""}${c.roles.length > 0 ? ` (${c.roles.join("/")} only)` : ""}`;
      const first = deps.commands.filter((c) => suggested.has(c));
      const rest = deps.commands.filter((c) => !suggested.has(c));
      return [
        ...(first.length > 0 ? ["Suggested for this incident:", ...first.map(line), ""] : []),
        first.length > 0 ? "Other commands:" : "Runbook commands:",
        ...rest.map(line),
        `\`${prefix} run <name> --dry-run\` shows what a command would do.`,
      ].join("\n");
    },

    /** `run <name> key=value … [--dry-run]`. */
    async run(ctx: RunContext, name: string, rawArgs: string, prefix: string): Promise<void> {
      const command = find(name, prefix);
      const parsed = parseRunArgs(rawArgs);
      if ("error" in parsed) return ctx.reply(`${parsed.error}\nUsage: ${usage(command, prefix)}`);
      const valid = validateRunbookArgs(command, parsed.values);
      if (!valid.ok)
        return ctx.reply(`${valid.errors.join("\n")}\nUsage: ${usage(command, prefix)}`);
      const secrets = secretsOf(command, deps.env);
      const argsText = redactSecrets(
        Object.entries(parsed.values)
          .map(([key, value]) => `${key}=${value}`)
          .join(" "),
        secrets,
      );
      if (parsed.dryRun) {
        const plan = planRunbook(command, valid.values, deps.env);
        await record(ctx, deps.clock.now().toISOString(), {
          command: command.name,
          args: argsText,
          dryRun: true,
          exitCode: null,
          durationMs: 0,
          timedOut: false,
          output: "",
        });
        return ctx.reply(
          `Dry run — nothing was run. ${command.name} would do:\n${describePlan(plan, secrets)}`,
        );
      }
      assertRole(command, ctx.incident, ctx.actor);
      if (command.confirm) {
        const id = randomBytes(3).toString("hex");
        pending.set(id, {
          incidentNumber: ctx.incident.number,
          command,
          values: valid.values,
          argsText,
          requestedBy: ctx.actor,
          expiresAt: deps.clock.now().getTime() + ttl,
        });
        const plan = planRunbook(command, valid.values, deps.env);
        // In the room, not privately: confirming is often someone else's call (the commander's).
        await ctx.chat.post(ctx.roomId, {
          text: `${ctx.actor.name} wants to run ${command.name}, which asks to be confirmed. It will do:\n${describePlan(plan, secrets)}\nConfirm within ${Math.round(ttl / 60_000)} minutes with \`${prefix} confirm ${id}\`.`,
          actions: [{ label: `Confirm ${command.name}`, command: `confirm ${id}` }],
        });
        return;
      }
      await execute(ctx, command, valid.values, argsText);
    },

    /** `confirm <id>`: runs a command that asked for confirmation, once, before it expires. */
    async confirm(ctx: RunContext, id: string): Promise<void> {
      const request = pending.get(id);
      if (!request || request.incidentNumber !== ctx.incident.number) {
        throw new FirebreakError(
          "unknown_confirmation",
          `There is no run waiting for confirmation ${id} in this incident.`,
        );
      }
      if (deps.clock.now().getTime() > request.expiresAt) {
        pending.delete(id);
        throw new FirebreakError(
          "confirmation_expired",
          `Confirmation ${id} expired; run the command again.`,
        );
      }
      // Someone not allowed to run it cannot use it up either.
      assertRole(request.command, ctx.incident, ctx.actor);
      pending.delete(id);
      await execute(
        { ...ctx, actor: request.requestedBy },
        request.command,
        request.values,
        request.argsText,
        ctx.actor,
      );
    },

    /** Stops runs still going (shutdown). */
    stop: () => stopping.abort(),
  };
}

export type RunbookChat = ReturnType<typeof createRunbookChat>;
