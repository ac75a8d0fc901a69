import type { FastifyInstance } from "fastify";
import type { Logger } from "pino";
import type { NormalizedAlert } from "./alert.ts";
import { type IntakeResult, ingestAlerts } from "./alert-intake.ts";
import { announceIntake } from "./announce-intake.ts";
import type { ChatPort } from "./chat-port.ts";
import type { Clock } from "./clock.ts";
import type { Config } from "./config.ts";
import { createChatListener } from "./handle-chat-message.ts";
import { buildHttpServer } from "./http-server.ts";
import { createIncidentService, type IncidentService } from "./incident-service.ts";
import { createMetrics, type Metrics } from "./metrics.ts";
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
  chat: ChatPort;
  log: Logger;
  /** How long summary edits wait to coalesce (default 1 s). */
  summaryDelayMs?: number;
}): App {
  const { config, clock, chat, log } = options;
  const store = openSqliteStore(config.dataDir);
  const queue = createWorkQueue(log);
  const metrics = createMetrics();
  const routeNamed = (name: string | null) =>
    config.routes.find((route) => route.name === name) ?? config.defaultRoute;
  const service = createIncidentService({
    store,
    chat,
    clock,
    queue,
    log,
    summaryDelayMs: options.summaryDelayMs ?? 1000,
    routeOf: (incident) =>
      incident.route !== null
        ? routeNamed(incident.route)
        : selectRoute(
            config.routes,
            config.defaultRoute,
            incident.service ? { service: incident.service } : {},
          ).route,
  });
  const listener = createChatListener({
    chat,
    service,
    store,
    timeZone: config.timeZone,
    defaultSeverity: config.defaultSeverity,
    now: () => clock.now(),
  });

  const receiveAlerts = (alerts: readonly NormalizedAlert[]) => {
    const result = ingestAlerts(store, alerts, clock, config);
    metrics.incidentsOpened.inc(result.opened.length);
    if (result.changed > 0) {
      queue.enqueue("announce alerts", () => announceIntake(result, { service, chat, log }));
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
    readiness: () => ({ database: store.isHealthy(), chat: chat.isConnected() }),
  });

  return {
    store,
    service,
    queue,
    http,
    metrics,
    receiveAlerts,
    async start() {
      await chat.start((message) =>
        listener(message).catch(async (error: unknown) => {
          log.error({ err: error, room: message.roomId }, "chat command failed");
          await chat
            .post(message.roomId, {
              text: "Something went wrong handling that; the details are in Firebreak's log.",
              ephemeralTo: message.sender.id,
            })
            .catch(() => {});
        }),
      );
      return http.listen({ host: config.host, port: config.port });
    },
    async drain() {
      do await queue.drain();
      while (service.flushSummaries());
    },
    async stop() {
      await http.close();
      await this.drain();
      await chat.stop();
      store.close();
    },
  };
}
