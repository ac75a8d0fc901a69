import type { FastifyInstance } from "fastify";
import type { Logger } from "pino";
import type { NormalizedAlert } from "./alert.ts";
import { type IntakeResult, ingestAlerts } from "./alert-intake.ts";
import type { ChatPort } from "./chat-port.ts";
import type { Clock } from "./clock.ts";
import type { Config } from "./config.ts";
import { createChatListener } from "./handle-chat-message.ts";
import { buildHttpServer } from "./http-server.ts";
import { formatIncidentRef } from "./incident-ref.ts";
import { createIncidentService, type IncidentService } from "./incident-service.ts";
import { severityPolicy } from "./severity-policy.ts";
import { openSqliteStore } from "./sqlite-store.ts";
import type { Store } from "./store-ports.ts";
import { createWorkQueue, type WorkQueue } from "./work-queue.ts";

export interface App {
  readonly store: Store;
  readonly service: IncidentService;
  readonly queue: WorkQueue;
  readonly http: FastifyInstance;
  /** Connects chat and listens for HTTP; returns the address it listens on. */
  start(): Promise<string>;
  stop(): Promise<void>;
}

/** The composition root: the one place that wires adapters to the core. */
export function createApp(options: {
  config: Config;
  clock: Clock;
  chat: ChatPort;
  log: Logger;
}): App {
  const { config, clock, chat, log } = options;
  const store = openSqliteStore(config.dataDir);
  const queue = createWorkQueue(log);
  const service = createIncidentService({ store, chat, clock, queue, log });
  const policy = severityPolicy(config.severityLabel, config.severityMap, config.defaultSeverity);
  const listener = createChatListener({
    chat,
    service,
    store,
    timeZone: config.timeZone,
    defaultSeverity: config.defaultSeverity,
    now: () => clock.now(),
  });

  async function announceIntake(result: IntakeResult): Promise<void> {
    for (const number of result.opened) await service.openRoom(service.get(number));
    await service.announceEntries(result.entries);
    for (const number of result.allResolved) {
      await service.announce(
        number,
        `Every alert of ${formatIncidentRef(number)} has resolved. An alert that stopped firing is not yet a fixed system: when you are sure, \`${chat.commandPrefix} resolve\`.`,
      );
    }
  }

  const receiveAlerts = (alerts: readonly NormalizedAlert[]) => {
    const result = ingestAlerts(store, alerts, clock, policy);
    if (result.changed > 0) queue.enqueue("announce alerts", () => announceIntake(result));
    return result;
  };

  const http = buildHttpServer({
    log,
    bodyLimitBytes: config.bodyLimitBytes,
    webhookToken: config.webhookToken,
    receiveAlerts,
    readiness: () => ({ database: store.isHealthy(), chat: chat.isConnected() }),
  });

  return {
    store,
    service,
    queue,
    http,
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
    async stop() {
      await http.close();
      await queue.drain();
      await chat.stop();
      store.close();
    },
  };
}
