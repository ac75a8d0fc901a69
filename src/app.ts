import { existsSync } from "node:fs";
import type { FastifyInstance } from "fastify";
import type { Logger } from "pino";
import type { NormalizedAlert } from "./alert.ts";
import { type IntakeResult, ingestAlerts } from "./alert-intake.ts";
import { announceIntake } from "./announce-intake.ts";
import type { ChatAdapter } from "./chat-adapter.ts";
import type { ChatHandlers, ChatPort } from "./chat-port.ts";
import type { Clock } from "./clock.ts";
import type { Config } from "./config.ts";
import { createChatHandlers } from "./handle-chat-message.ts";
import { buildHttpServer } from "./http-server.ts";
import { createIncidentService, type IncidentService } from "./incident-service.ts";
import { isOpen } from "./lifecycle.ts";
import { createMetrics, type Metrics } from "./metrics.ts";
import { createPostmortemWorkflow, type PostmortemWorkflow } from "./postmortem-workflow.ts";
import { createReminderSweeper } from "./reminder-sweeper.ts";
import { createRunbookChat } from "./runbook-chat.ts";
import { loadRunbookCommands } from "./runbook-load.ts";
import { createRunLimiter } from "./runbook-run.ts";
import { suggestedCommands } from "./runbook-suggest.ts";
import { selectRoute } from "./select-route.ts";
import { openSqliteStore } from "./sqlite-store.ts";
import type { Store } from "./store-ports.ts";
import { createWorkQueue, type WorkQueue } from "./work-queue.ts";

export interface App {
  readonly store: Store;
  readonly service: IncidentService;
  readonly queue: WorkQueue;
  readonly http: FastifyInstance;
  readonly metrics: Metrics;
  readonly postmortems: PostmortemWorkflow;
  /** Sends due reminders; runs on its own every reminders.checkSeconds. */
  readonly reminders: { sweep(): Promise<number> };
  /** Commits alerts as the webhooks do, and queues telling chat about them. */
  receiveAlerts(alerts: readonly NormalizedAlert[]): IntakeResult;
  /** Connects chat and listens for HTTP; returns the address it listens on. */
  start(): Promise<string>;
  /** Resolves once all chat work queued so far (summary edits included) is done. */
  drain(): Promise<void>;
  stop(): Promise<void>;
}

/** The composition root: the one place that wires adapters to the core. */
export function createApp(options: {
  config: Config;
  clock: Clock;
  /** Every chat platform to run (or how to make them from the store); incidents get a room on each. */
  chats: readonly ChatAdapter[] | ((store: Store) => readonly ChatAdapter[]);
  log: Logger;
  /** How long summary edits wait to coalesce (default 1 s). */
  summaryDelayMs?: number;
}): App {
  const { config, clock, log } = options;
  const store = openSqliteStore(config.dataDir);
  const chats = typeof options.chats === "function" ? options.chats(store) : options.chats;
  const queue = createWorkQueue(log);
  const metrics = createMetrics(
    () => {
      const counts: Record<number, number> = {};
      for (const incident of store.incidents.list()) {
        if (isOpen(incident.status))
          counts[incident.severity] = (counts[incident.severity] ?? 0) + 1;
      }
      return counts;
    },
    () => ({ waiting: queue.size(), failed: queue.failed() }),
  );
  const routeNamed = (name: string | null) =>
    config.routes.find((route) => route.name === name) ?? config.defaultRoute;
  const runbookCommands = existsSync(config.commandsDir)
    ? loadRunbookCommands(config.commandsDir)
    : undefined;
  for (const problem of runbookCommands?.problems ?? []) {
    log.warn(
      { file: problem.file, key: problem.key },
      `runbook command skipped: ${problem.problem}`,
    );
  }
  const service = createIncidentService({
    store,
    chats,
    clock,
    queue,
    log,
    summaryDelayMs: options.summaryDelayMs ?? 1000,
    checklists: config.roleChecklists,
    suggest: (labelSets) => [
      ...new Set(
        labelSets.flatMap((labels) =>
          suggestedCommands(runbookCommands?.commands ?? [], labels).map((command) => command.name),
        ),
      ),
    ],
    onRecorded: (entry, incident) => {
      const seconds = (at: string) => (Date.parse(at) - Date.parse(incident.openedAt)) / 1000;
      // Declined and merged incidents stay out of response metrics; only first acks count.
      if (entry.event.kind === "acknowledged" && entry.event.first) {
        metrics.timeToAcknowledgeSeconds.observe(seconds(entry.occurredAt));
      }
      if (entry.event.kind === "resolved")
        metrics.timeToResolveSeconds.observe(seconds(entry.occurredAt));
    },
    routeOf: (incident) =>
      incident.route !== null
        ? routeNamed(incident.route)
        : selectRoute(
            config.routes,
            config.defaultRoute,
            incident.service ? { service: incident.service } : {},
          ).route,
  });
  const postmortems = createPostmortemWorkflow(store, clock, config);
  const runbook = createRunbookChat({
    commands: runbookCommands?.commands ?? [],
    service,
    store,
    clock,
    log,
    limiter: createRunLimiter(config.runbookConcurrency),
    env: process.env,
  });
  const reminders = createReminderSweeper({
    store,
    service,
    chats,
    clock,
    settings: config.reminders,
    log,
  });

  const receiveAlerts = (alerts: readonly NormalizedAlert[]) => {
    const result = ingestAlerts(store, alerts, clock, config);
    metrics.incidentsOpened.inc(result.opened.length);
    if (result.changed > 0) {
      queue.enqueue("announce alerts", () => announceIntake(result, { service, chats, log }));
    }
    return result;
  };

  const http = buildHttpServer({
    log,
    clock,
    bodyLimitBytes: config.bodyLimitBytes,
    webhookToken: config.webhookToken,
    grafanaSecret: config.grafanaSecret,
    metrics,
    receiveAlerts,
    backlog: () => ({ chatJobs: queue.size(), chatJobsFailed: queue.failed() }),
    readiness: () => ({
      database: store.isHealthy(),
      ...Object.fromEntries(chats.map((chat) => [`chat:${chat.platform}`, chat.isConnected()])),
    }),
  });

  for (const chat of chats) chat.registerHttp?.(http);

  return {
    store,
    service,
    queue,
    http,
    metrics,
    postmortems,
    reminders,
    receiveAlerts,
    async start() {
      for (const chat of chats) {
        const handlers = createChatHandlers({
          chat,
          service,
          postmortems,
          runbook,
          permissions: config.permissions,
          timeZone: config.timeZone,
          defaultSeverity: config.defaultSeverity,
          now: () => clock.now(),
        });
        await chat.start(guarded(handlers, chat, log));
      }
      queue.enqueue("recover chat work lost in a crash", async () => {
        await service.recover();
      });
      reminders.start(config.reminderCheckMs);
      return http.listen({ host: config.host, port: config.port });
    },
    async drain() {
      do await queue.drain();
      while (service.flushSummaries());
    },
    async stop() {
      reminders.stop();
      runbook.stop();
      await http.close();
      await this.drain();
      for (const chat of chats) await chat.stop();
      // Handlers still running while the chats stopped may have queued more work.
      await this.drain();
      store.close();
    },
  };
}

/** A failing handler is logged and, for commands, answered; it never takes the adapter down. */
function guarded(handlers: ChatHandlers, chat: ChatPort, log: Logger): ChatHandlers {
  const report = (what: string, room: string) => (error: unknown) => {
    log.error({ err: error, platform: chat.platform, room }, `${what} failed`);
  };
  return {
    onMessage: (message) =>
      handlers.onMessage(message).catch(async (error: unknown) => {
        report("chat command", message.roomId)(error);
        await chat
          .post(message.roomId, {
            text: "Something went wrong handling that; the details are in Firebreak's log.",
            ephemeralTo: message.sender.id,
          })
          .catch(() => {});
      }),
    onPin: (pin) => handlers.onPin(pin).catch(report("pin", pin.roomId)),
    onUnpin: (ref) => handlers.onUnpin(ref).catch(report("unpin", ref.roomId)),
    onMessageEdited: (edit) => handlers.onMessageEdited(edit).catch(report("edit", edit.roomId)),
    onMessageDeleted: (ref) => handlers.onMessageDeleted(ref).catch(report("delete", ref.roomId)),
  };
}
