import type { FastifyInstance } from "fastify";
import type { ChatAdapter } from "./chat/chat-adapter.ts";
import type { Config } from "./config/config.ts";
import type { NormalizedAlert } from "./core/alert.ts";
import type { Clock } from "./core/clock.ts";
import { isOpen } from "./core/lifecycle.ts";
import type { Log } from "./core/log.ts";
import { matchRoute, routeNamed } from "./core/select-route.ts";
import type { Store } from "./core/store-ports.ts";
import { guarded, settled } from "./flows/chat-handler-guards.ts";
import { createChatOutbox } from "./flows/chat-outbox.ts";
import { createOutboxDelivery } from "./flows/deliver-outbox-message.ts";
import { createChatHandlers } from "./flows/handle-chat-message.ts";
import { createIncidentService, type IncidentService } from "./flows/incident-service.ts";
import { createSummaryOf } from "./flows/incident-summary-of.ts";
import { createOutboxWorker, type OutboxWorker } from "./flows/outbox-worker.ts";
import { createPostmortemWorkflow, type PostmortemWorkflow } from "./flows/postmortem-workflow.ts";
import { createReminderSweeper } from "./flows/reminder-sweeper.ts";
import { type IntakeResult, ingestAlerts } from "./intake/alert-intake.ts";
import { announceIntake } from "./intake/announce-intake.ts";
import { createGroupCommit } from "./intake/group-commit.ts";
import { fastifyRoutes } from "./intake/http-routes.ts";
import { boundAddress, buildHttpServer } from "./intake/http-server.ts";
import { createMetrics, type Metrics } from "./intake/metrics.ts";
import { enableLinearRegExpFallback } from "./process-settings.ts";
import { createPostmortemFiles } from "./publish/postmortem-files.ts";
import { createSiteRefresher } from "./publish/site/site-refresher.ts";
import { createRunbookChat } from "./runbook/runbook-chat.ts";
import { createRunLimiter } from "./runbook/runbook-run.ts";
import { suggestedCommands } from "./runbook/runbook-suggest.ts";
import { checkStartUp } from "./start-up-policy.ts";
import { openSqliteStore } from "./store/sqlite/sqlite-store.ts";

export interface App {
  readonly store: Store;
  readonly service: IncidentService;
  /** Chat operations waiting to be delivered, and their delivery. */
  readonly outbox: OutboxWorker;
  readonly http: FastifyInstance;
  readonly metrics: Metrics;
  readonly postmortems: PostmortemWorkflow;
  /** Sends due reminders; runs on its own every reminders.checkSeconds. */
  readonly reminders: { sweep(): Promise<number> };
  /** Commits alerts as the webhooks do, and queues telling chat about them. */
  receiveAlerts(alerts: readonly NormalizedAlert[]): IntakeResult;
  /** Connects chat and listens for HTTP; returns the address it listens on. */
  start(): Promise<string>;
  /**
   * Delivers every chat operation waiting (summary edits included, without their delay); each is
   * tried once, so with a platform down this returns and the failures wait for their retry.
   */
  drain(): Promise<void>;
  stop(): Promise<void>;
}

/** The composition root: the one place that wires adapters to the core. */
export function createApp(options: {
  config: Config;
  clock: Clock;
  /** Every chat platform to run (or how to make them from the store); incidents get a room on each. */
  chats: readonly ChatAdapter[] | ((store: Store) => readonly ChatAdapter[]);
  log: Log;
  /** How long summary edits wait to coalesce (default 1 s). */
  summaryDelayMs?: number;
  /** Wall-clock ms for chat delivery timing (retry backoff); default Date.now. */
  wallNow?: () => number;
  /** How often a failed refresh of the public site is retried (default a minute). */
  siteRetryMs?: number;
}): App {
  enableLinearRegExpFallback();
  const { config, clock, log } = options;
  const runbookCommands = checkStartUp(config);
  const store = openSqliteStore(config.dataDir);
  const chats = typeof options.chats === "function" ? options.chats(store) : options.chats;
  const wallNow = options.wallNow ?? Date.now;
  const metrics = createMetrics(
    () => {
      const counts: Record<number, number> = {};
      for (const incident of store.incidents.list()) {
        if (isOpen(incident.status))
          counts[incident.severity] = (counts[incident.severity] ?? 0) + 1;
      }
      return counts;
    },
    () => worker.backlog(),
  );
  for (const problem of runbookCommands?.problems ?? []) {
    log.warn(
      { file: problem.file, key: problem.key },
      `runbook command skipped: ${problem.problem}`,
    );
  }
  const outbox = createChatOutbox({
    store,
    platforms: chats,
    wallNow,
    createdAt: () => clock.now().toISOString(),
    summaryDelayMs: options.summaryDelayMs ?? 1000,
    checklists: config.roleChecklists,
  });
  const worker = createOutboxWorker({
    store,
    chats,
    log,
    wallNow,
    deliver: createOutboxDelivery({
      store,
      log,
      summaryOf: createSummaryOf(store, (labelSets) => [
        ...new Set(
          labelSets.flatMap((labels) =>
            suggestedCommands(runbookCommands?.commands ?? [], labels).map(
              (command) => command.name,
            ),
          ),
        ),
      ]),
      routeOf: (incident) =>
        incident.route !== null
          ? routeNamed(config.routes, config.defaultRoute, incident.route)
          : matchRoute(
              config.routes,
              config.defaultRoute,
              incident.service ? { service: incident.service } : {},
            ),
    }),
  });
  const service = createIncidentService({
    store,
    outbox,
    delivered: worker.kick,
    clock,
    log,
    onRecorded: (entry, incident) => {
      const seconds = (at: string) => (Date.parse(at) - Date.parse(incident.openedAt)) / 1000;
      // Declined and merged incidents stay out of response metrics; only first acks count.
      if (entry.event.kind === "acknowledged" && entry.event.first) {
        metrics.timeToAcknowledgeSeconds.observe(seconds(entry.occurredAt));
      }
      if (entry.event.kind === "resolved")
        metrics.timeToResolveSeconds.observe(seconds(entry.occurredAt));
    },
  });
  const postmortems = createPostmortemWorkflow(store, clock, config, createPostmortemFiles(config));
  const site = createSiteRefresher({
    build: () => postmortems.buildPublicSite(),
    log,
    tell: (incident, text) => outbox.announce(incident, () => text),
    ...(options.siteRetryMs ? { retryMs: options.siteRetryMs } : {}),
  });
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
    outbox,
    deliver: () => worker.settle(0),
    commandPrefix: chats[0]?.commandPrefix ?? "!inc",
    clock,
    settings: config.reminders,
    log,
  });

  /** Stores one delivery and writes what chat must hear of it (call inside a transaction). */
  const ingest = (alerts: readonly NormalizedAlert[]) => {
    const ingested = ingestAlerts(store, alerts, clock, config);
    if (ingested.changed > 0) announceIntake(ingested, outbox, log);
    return ingested;
  };
  const afterCommit = (result: IntakeResult) => {
    metrics.incidentsOpened.inc(result.opened.length);
    if (result.changed > 0) service.committed(result.entries);
    return result;
  };
  const receiveAlerts = (alerts: readonly NormalizedAlert[]) =>
    afterCommit(store.transaction(() => ingest(alerts)));
  // Webhooks arriving together share one commit (see group-commit.ts).
  const submitAlerts = createGroupCommit<readonly NormalizedAlert[], IntakeResult>({
    commitAll: (deliveries) => store.transaction(() => deliveries.map(ingest)).map(afterCommit),
    commitOne: receiveAlerts,
  });

  /** A database problem is logged when it appears (or changes), not at every probe. */
  let reported: string | undefined;
  const databaseReady = () => {
    const problem = store.healthProblem();
    if (problem && problem !== reported) log.error({ database: config.dataDir }, problem);
    else if (!problem && reported) log.info({ database: config.dataDir }, "database usable again");
    reported = problem;
    return problem === undefined;
  };

  const http = buildHttpServer({
    log,
    clock,
    bodyLimitBytes: config.bodyLimitBytes,
    webhookToken: config.webhookToken,
    grafanaSecret: config.grafanaSecret,
    metrics,
    receiveAlerts: submitAlerts,
    backlog: () => {
      const { waiting, failed } = worker.backlog();
      return { chatJobs: waiting, chatJobsFailed: failed };
    },
    readiness: () => ({
      database: databaseReady(),
      ...Object.fromEntries(chats.map((chat) => [`chat:${chat.platform}`, chat.isConnected()])),
    }),
  });

  const routes = fastifyRoutes(http);
  for (const chat of chats) chat.registerHttp?.(routes);

  return {
    store,
    service,
    outbox: worker,
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
          refreshSite: site.refresh,
          permissions: config.permissions,
          timeZone: config.timeZone,
          defaultSeverity: config.defaultSeverity,
          now: () => clock.now(),
        });
        await chat.start(guarded(settled(handlers, worker), chat, log));
      }
      databaseReady(); // SQLite's integrity check, once at start: damage is logged now
      // What a crash or an outage left in the outbox goes out now, in order.
      worker.start();
      reminders.start(config.reminderCheckMs);
      await http.listen({ host: config.host, port: config.port });
      // Fastify's answer names a loopback address even when every interface listens.
      return boundAddress(http.server.address());
    },
    drain: () => worker.drain(),
    async stop() {
      reminders.stop();
      runbook.stop();
      site.stop();
      await http.close();
      // A database fault (logged by readiness) must not stop the stopping.
      const drain = () =>
        worker.drain().catch((error: unknown) => log.error({ err: error }, "outbox drain failed"));
      await drain();
      for (const chat of chats) await chat.stop();
      // Handlers still running while the chats stopped may have written more; what still
      // fails stays in the outbox for the next start.
      await drain();
      await worker.stop();
      store.close();
    },
  };
}
