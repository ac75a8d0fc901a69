import { timingSafeEqual } from "node:crypto";
import Fastify, {
  type FastifyBaseLogger,
  type FastifyError,
  type FastifyInstance,
  type FastifyReply,
} from "fastify";
import type { NormalizedAlert } from "./alert.ts";
import type { IntakeResult } from "./alert-intake.ts";
import { alertmanagerPayload, normalizeAlertmanager } from "./alertmanager-payload.ts";
import { describeZodError } from "./describe-zod-error.ts";

export interface HttpServerDeps {
  readonly log: FastifyBaseLogger;
  readonly bodyLimitBytes: number;
  readonly webhookToken: string | undefined;
  /** Commits the alerts; must not return before they are durable. */
  readonly receiveAlerts: (alerts: readonly NormalizedAlert[]) => IntakeResult;
  readonly readiness: () => Record<string, boolean>;
}

function sendError(
  reply: FastifyReply,
  status: number,
  error: string,
  message: string,
  extra = {},
) {
  return reply.code(status).send({ error, message, ...extra });
}

function tokenMatches(header: string | undefined, token: string): boolean {
  const expected = Buffer.from(`Bearer ${token}`);
  const given = Buffer.from(header ?? "");
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** Map Fastify's body errors to the JSON errors the webhook contract promises. */
function errorHandler(error: FastifyError, _request: unknown, reply: FastifyReply) {
  switch (error.code) {
    case "FST_ERR_CTP_INVALID_MEDIA_TYPE":
      return sendError(
        reply,
        415,
        "unsupported_media_type",
        "Send the payload as application/json.",
      );
    case "FST_ERR_CTP_BODY_TOO_LARGE":
      return sendError(reply, 413, "payload_too_large", `The body is larger than the limit.`);
    case "FST_ERR_CTP_EMPTY_JSON_BODY":
      return sendError(reply, 400, "empty_body", "The body is empty; expected a JSON object.");
    case "FST_ERR_CTP_INVALID_CONTENT_LENGTH":
      return sendError(reply, 400, "invalid_content_length", error.message);
  }
  if (error.statusCode === 400) {
    return sendError(reply, 400, "invalid_json", `The body is not valid JSON: ${error.message}`);
  }
  reply.log.error({ err: error }, "request failed");
  return sendError(reply, 500, "internal_error", "Firebreak could not handle this request.");
}

/** Transport only: checks, parses and hands alerts to intake; chat work happens elsewhere. */
export function buildHttpServer(deps: HttpServerDeps): FastifyInstance {
  const app = Fastify({
    // Fastify logs every request at info; keep those out of the way, log what matters ourselves.
    loggerInstance: deps.log.child(
      { component: "http" },
      { level: ["error", "fatal", "silent"].includes(deps.log.level) ? deps.log.level : "warn" },
    ),
    bodyLimit: deps.bodyLimitBytes,
  });
  app.setErrorHandler(errorHandler);
  // Fastify parses text/plain by default; the webhooks take JSON only, so answer 415 for anything else.
  app.removeContentTypeParser("text/plain");

  app.get("/healthz", async () => ({ status: "ok" }));
  app.get("/readyz", async (_request, reply) => {
    const checks = deps.readiness();
    const ready = Object.values(checks).every(Boolean);
    return reply.code(ready ? 200 : 503).send({ status: ready ? "ready" : "not ready", checks });
  });

  app.register(async (webhooks) => {
    webhooks.addHook("onRequest", async (request, reply) => {
      if (deps.webhookToken && !tokenMatches(request.headers.authorization, deps.webhookToken)) {
        reply.header("www-authenticate", 'Bearer realm="firebreak"');
        return sendError(
          reply,
          401,
          "unauthorized",
          "Send Authorization: Bearer <FIREBREAK_WEBHOOK_TOKEN>.",
        );
      }
    });

    webhooks.post("/webhooks/alertmanager", async (request, reply) => {
      const parsed = alertmanagerPayload.safeParse(request.body);
      if (!parsed.success) {
        const problems = describeZodError(parsed.error);
        const first = problems[0];
        return sendError(
          reply,
          400,
          "invalid_payload",
          `Not an Alertmanager v4 payload: ${first?.field}: ${first?.problem}`,
          { problems },
        );
      }
      const result = deps.receiveAlerts(normalizeAlertmanager(parsed.data));
      deps.log.info(
        {
          source: "alertmanager",
          received: result.received,
          changed: result.changed,
          opened: result.opened,
        },
        "alerts received",
      );
      return reply.code(200).send({
        status: "stored",
        received: result.received,
        changed: result.changed,
        incidents: result.opened.map((number) => `INC-${number}`),
      });
    });
  });

  return app;
}
