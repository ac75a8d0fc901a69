import type { AddressInfo } from "node:net";
import Fastify, {
  type FastifyError,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
} from "fastify";
import type { NormalizedAlert } from "../core/alert.ts";
import type { Clock } from "../core/clock.ts";
import type { Log } from "../core/log.ts";
import type { IntakeResult } from "./alert-intake.ts";
import { checkWebhookAuth } from "./check-webhook-auth.ts";
import { fastifyLog } from "./fastify-log.ts";
import type { Metrics } from "./metrics.ts";
import { verifyGrafanaSignature } from "./verify-grafana-signature.ts";
import { WEBHOOK_SOURCES, type WebhookSource } from "./webhook-sources.ts";

export interface HttpServerDeps {
  readonly log: Log;
  readonly clock: Clock;
  readonly metrics: Metrics;
  readonly bodyLimitBytes: number;
  readonly webhookToken: string | undefined;
  /** Grafana's HMAC secret; a valid signature then authenticates /webhooks/grafana. */
  readonly grafanaSecret: string | undefined;
  /** Stores the alerts; settles once they are committed (durable). */
  readonly receiveAlerts: (
    alerts: readonly NormalizedAlert[],
  ) => IntakeResult | Promise<IntakeResult>;
  readonly readiness: () => Record<string, boolean>;
  /** Figures shown with readiness that do not decide it (the chat backlog). */
  readonly backlog?: () => Record<string, number>;
}

class HttpProblem extends Error {
  readonly status: number;
  readonly error: string;
  constructor(status: number, error: string, message: string) {
    super(message);
    this.status = status;
    this.error = error;
  }
}

// The exact bytes received, for signatures (re-serialised JSON would not match).
const rawBodies = new WeakMap<FastifyRequest, Buffer>();

function sendError(
  reply: FastifyReply,
  status: number,
  error: string,
  message: string,
  extra = {},
) {
  return reply.code(status).send({ error, message, ...extra });
}

/** Map body errors to the JSON errors the webhook contract promises. */
function errorHandler(error: FastifyError | HttpProblem, _request: unknown, reply: FastifyReply) {
  if (error instanceof HttpProblem)
    return sendError(reply, error.status, error.error, error.message);
  switch (error.code) {
    case "FST_ERR_CTP_INVALID_MEDIA_TYPE":
      return sendError(
        reply,
        415,
        "unsupported_media_type",
        "Send the payload as application/json.",
      );
    case "FST_ERR_CTP_BODY_TOO_LARGE":
      return sendError(reply, 413, "payload_too_large", "The body is larger than the limit.");
    case "FST_ERR_CTP_INVALID_CONTENT_LENGTH":
      return sendError(reply, 400, "invalid_content_length", error.message);
  }
  reply.log.error({ err: error }, "request failed");
  return sendError(reply, 500, "internal_error", "Firebreak could not handle this request.");
}

/** The `reason` label of firebreak_webhook_rejected_total for a request that failed. */
function rejectionReason(error: FastifyError | HttpProblem): string {
  if (error instanceof HttpProblem) return error.error;
  if (error.code === "FST_ERR_CTP_INVALID_MEDIA_TYPE") return "unsupported_media_type";
  if (error.code === "FST_ERR_CTP_BODY_TOO_LARGE") return "payload_too_large";
  return "error";
}

function parseJson(request: FastifyRequest, body: Buffer): unknown {
  rawBodies.set(request, body);
  if (body.length === 0) {
    throw new HttpProblem(400, "empty_body", "The body is empty; expected a JSON object.");
  }
  try {
    return JSON.parse(body.toString("utf8"));
  } catch (error) {
    throw new HttpProblem(
      400,
      "invalid_json",
      `The body is not valid JSON: ${(error as Error).message}`,
    );
  }
}

/** The URL of the address a listening server really bound, e.g. http://0.0.0.0:8787. */
export function boundAddress(address: AddressInfo | string | null): string {
  if (address === null || typeof address === "string") return String(address);
  const host = address.family === "IPv6" ? `[${address.address}]` : address.address;
  return `http://${host}:${address.port}`;
}

/** Transport only: checks, parses and hands alerts to intake; chat work happens elsewhere. */
export function buildHttpServer(deps: HttpServerDeps): FastifyInstance {
  const { metrics } = deps;
  const app = Fastify({
    // Fastify logs every request at info; keep those out of the way, log what matters ourselves.
    loggerInstance: fastifyLog(
      deps.log.child(
        { component: "http" },
        { level: ["error", "fatal", "silent"].includes(deps.log.level) ? deps.log.level : "warn" },
      ),
    ),
    bodyLimit: deps.bodyLimitBytes,
  });
  app.setErrorHandler(errorHandler);
  // Webhooks are JSON; anything else is 415 rather than a confusing schema error.
  app.removeContentTypeParser(["application/json", "text/plain"]);
  app.addContentTypeParser("application/json", { parseAs: "buffer" }, (request, body, done) => {
    try {
      done(null, parseJson(request, body as Buffer));
    } catch (error) {
      done(error as Error, undefined);
    }
  });

  app.get("/healthz", async () => ({ status: "ok" }));
  /** The chat backlog, left out when the database cannot tell it (readiness says why). */
  const backlog = () => {
    try {
      return deps.backlog ? { backlog: deps.backlog() } : {};
    } catch {
      return {};
    }
  };
  app.get("/readyz", async (_request, reply) => {
    const checks = deps.readiness();
    const ready = Object.values(checks).every(Boolean);
    return reply.code(ready ? 200 : 503).send({
      status: ready ? "ready" : "not ready",
      checks,
      ...backlog(),
    });
  });
  app.get("/metrics", async (_request, reply) => {
    return reply.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });

  const header = (request: FastifyRequest, name: string) => {
    const value = request.headers[name];
    return Array.isArray(value) ? value[0] : value;
  };
  const grafanaSignature = (request: FastifyRequest) =>
    header(request, "x-grafana-alerting-signature") ?? header(request, "x-grafana-alert-signature");
  /** Grafana with a signing secret authenticates by an HMAC of the body, not by the token. */
  const signedBySource = (source: WebhookSource) =>
    source.name === "grafana" && Boolean(deps.grafanaSecret);

  /**
   * The credentials in the headers, checked before the body is read: a caller without them gets
   * a 401 whatever they send, and Firebreak neither buffers nor parses a stranger's body. For a
   * signed source that is only that a signature is there; the signature itself needs the body.
   */
  const authenticateHeaders = (source: WebhookSource, request: FastifyRequest) => {
    if (signedBySource(source)) {
      return grafanaSignature(request)
        ? undefined
        : "Grafana signature rejected: the signature header is missing.";
    }
    if (deps.webhookToken && !checkWebhookAuth(request.headers.authorization, deps.webhookToken)) {
      return "Send Authorization: Bearer <FIREBREAK_WEBHOOK_TOKEN> (or Basic auth with the token as password).";
    }
    return undefined;
  };

  /** The HMAC of a signed source, over the exact bytes received. */
  const authenticateBody = (source: WebhookSource, request: FastifyRequest) => {
    if (!signedBySource(source) || !deps.grafanaSecret) return undefined;
    const verdict = verifyGrafanaSignature({
      secret: deps.grafanaSecret,
      rawBody: rawBodies.get(request) ?? Buffer.alloc(0),
      signature: grafanaSignature(request),
      timestamp: header(request, "x-grafana-alerting-timestamp"),
      now: deps.clock.now(),
    });
    return verdict.ok ? undefined : `Grafana signature rejected: ${verdict.reason}.`;
  };

  const unauthorized = (source: WebhookSource, reply: FastifyReply, message: string) => {
    metrics.webhookRejected.inc({ source: source.name, reason: "unauthorized" });
    reply.header("www-authenticate", 'Bearer realm="firebreak"');
    return sendError(reply, 401, "unauthorized", message);
  };

  for (const source of WEBHOOK_SOURCES) {
    const onRequest = async (request: FastifyRequest, reply: FastifyReply) => {
      const refused = authenticateHeaders(source, request);
      if (refused) return unauthorized(source, reply, refused);
    };
    // Errors raised before the handler runs (media type, size, JSON) count as rejections too.
    const onError = async (_request: FastifyRequest, _reply: FastifyReply, error: FastifyError) => {
      metrics.webhookRejected.inc({ source: source.name, reason: rejectionReason(error) });
    };
    app.post(`/webhooks/${source.name}`, { onRequest, onError }, async (request, reply) => {
      const started = performance.now();
      const refused = authenticateBody(source, request);
      if (refused) return unauthorized(source, reply, refused);
      const parsed = source.parse(request.body, deps.clock.now().toISOString());
      if (!parsed.ok) {
        const [first] = parsed.problems;
        metrics.webhookRejected.inc({ source: source.name, reason: "invalid_payload" });
        return sendError(
          reply,
          400,
          "invalid_payload",
          `Not ${source.expected}: ${first?.field}: ${first?.problem}`,
          { problems: parsed.problems },
        );
      }
      const result = await deps.receiveAlerts(parsed.alerts);
      // One increment per status rather than per alert: a storm's payloads carry hundreds.
      const byStatus = new Map<string, number>();
      for (const alert of parsed.alerts) {
        byStatus.set(alert.status, (byStatus.get(alert.status) ?? 0) + 1);
      }
      for (const [status, count] of byStatus) {
        metrics.alertsReceived.inc({ source: source.name, status }, count);
      }
      metrics.intakeSeconds.observe({ source: source.name }, (performance.now() - started) / 1000);
      deps.log.info(
        {
          source: source.name,
          received: result.received,
          changed: result.changed,
          opened: result.opened,
        },
        "alerts received",
      );
      const answer = parsed.reply(result);
      return reply.code(answer.status).send(answer.body);
    });
  }

  return app;
}
