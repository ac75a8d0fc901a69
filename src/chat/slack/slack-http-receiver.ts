import type { App, Receiver } from "@slack/bolt";
import type { Clock } from "../../core/clock.ts";
import type { HttpAnswer, HttpRoutes, RawHttpRequest } from "../../core/http-routes.ts";
import type { Log } from "../../core/log.ts";
import { isSslCheck, parseSlackBody, type SlackBody } from "./slack-request-body.ts";
import { checkSlackSignature } from "./slack-request-signature.ts";

const SLACK_EVENTS_PATH = "/slack/events";
/** Events and interactivity come as JSON, slash commands and options as form fields. */
const SLACK_CONTENT_TYPES = ["application/json", "application/x-www-form-urlencoded"];

/** Slack waits 3 seconds for an answer; a request nobody acknowledged by then gets a 404. */
const ACK_TIMEOUT_MS = 3_000;

export interface SlackHttpReceiver extends Receiver {
  /** Mounts POST /slack/events on Firebreak's HTTP server. */
  register(routes: HttpRoutes): void;
}

type Answer = { readonly status: number; readonly body?: unknown };

function header(value: string | readonly string[] | undefined): string | undefined {
  return typeof value === "object" ? value[0] : value;
}

/**
 * Bolt's HTTP mode on Firebreak's one port, transport only: the route gets the raw body (JSON or
 * form-encoded, as Slack sends; the webhooks' JSON parser is not involved), refuses anything
 * whose signature does not verify, answers url_verification and ssl_check, and
 * hands everything else to the Bolt app, answering Slack as soon as a listener acknowledges.
 */
export function createSlackHttpReceiver(deps: {
  readonly signingSecret: string;
  readonly clock: Clock;
  readonly log: Log;
  readonly ackTimeoutMs?: number;
}): SlackHttpReceiver {
  let bolt: App | undefined;

  function dispatch(body: SlackBody, retryNum?: number, retryReason?: string): Promise<Answer> {
    const app = bolt;
    if (!app) {
      return Promise.resolve({
        status: 503,
        body: { error: "not_ready", message: "Slack is not started." },
      });
    }
    return new Promise((resolve) => {
      let answered = false;
      const answer = (result: Answer) => {
        if (answered) return false;
        answered = true;
        clearTimeout(timer);
        resolve(result);
        return true;
      };
      const timer = setTimeout(() => {
        deps.log.warn({ type: body.type }, "no Slack listener acknowledged the request in time");
        answer({ status: 404 });
      }, deps.ackTimeoutMs ?? ACK_TIMEOUT_MS);
      const ack = async (response?: unknown) => {
        if (!answer({ status: 200, body: response })) {
          deps.log.warn({ type: body.type }, "Slack request acknowledged twice or too late");
        }
      };
      app
        .processEvent({
          body,
          ack,
          ...(retryNum === undefined ? {} : { retryNum }),
          ...(retryReason === undefined ? {} : { retryReason }),
        })
        .then(
          // Listeners acknowledge before they return; a request none took is not ours to handle.
          () => answer({ status: 404 }),
          (error: unknown) => {
            deps.log.error({ err: error }, "Slack request failed");
            answer({ status: 500 });
          },
        );
    });
  }

  async function answer(request: RawHttpRequest): Promise<HttpAnswer> {
    // Decoded once: the signature is checked over these exact characters, then parsed.
    const raw = Buffer.from(request.body).toString("utf8");
    const headers = request.headers;
    const contentType = header(headers["content-type"]) ?? "";
    if (isSslCheck(raw, contentType)) return { status: 200 };
    const verdict = checkSlackSignature({
      signingSecret: deps.signingSecret,
      rawBody: raw,
      signature: header(headers["x-slack-signature"]),
      timestamp: header(headers["x-slack-request-timestamp"]),
      now: deps.clock.now(),
    });
    if (!verdict.ok) {
      deps.log.warn({ reason: verdict.reason }, "Slack request refused");
      return {
        status: 401,
        body: {
          error: "invalid_signature",
          message: `Slack signature rejected: ${verdict.reason}.`,
        },
      };
    }
    const body = parseSlackBody(raw, contentType);
    if (!body) {
      return {
        status: 400,
        body: { error: "invalid_body", message: "The body is not a Slack payload." },
      };
    }
    if (body.type === "url_verification") {
      return { status: 200, body: { challenge: body.challenge } };
    }
    const retryNum = Number(header(headers["x-slack-retry-num"]));
    const result = await dispatch(
      body,
      Number.isInteger(retryNum) ? retryNum : undefined,
      header(headers["x-slack-retry-reason"]),
    );
    if (result.body === undefined || result.body === "") return { status: result.status };
    return typeof result.body === "string"
      ? { status: result.status, headers: { "content-type": "text/plain" }, body: result.body }
      : { status: result.status, body: result.body as object };
  }

  return {
    init(app) {
      bolt = app;
    },
    // The port is Firebreak's: the HTTP server starts and stops with the app.
    start: async () => {},
    stop: async () => {},
    register(routes) {
      routes.postRaw(SLACK_EVENTS_PATH, SLACK_CONTENT_TYPES, answer);
    },
  };
}
