import { webApi } from "@slack/bolt";
import { ConnectionError, MatrixError } from "matrix-js-sdk";
import { describe, expect, it } from "vitest";
import { FirebreakError } from "../../../src/core/firebreak-error.ts";
import {
  isRefusedChatError,
  isTransientChatError,
} from "../../../src/flows/transient-chat-error.ts";

const refused = (error: string) => new webApi.WebAPIPlatformError({ ok: false, error });

describe("telling an outage from a refusal", () => {
  it("retries what the Slack Web API reports as load or network trouble", () => {
    const failures: unknown[] = [
      new webApi.WebAPIRequestError(
        Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" }),
      ),
      new webApi.WebAPIHTTPError(503, "Service Unavailable", {}, ""),
      new webApi.WebAPIRateLimitedError(30),
      refused("ratelimited"),
      refused("internal_error"),
      refused("fatal_error"),
    ];
    for (const error of failures) {
      expect(isTransientChatError(error), String(error)).toBe(true);
      expect(isRefusedChatError(error), String(error)).toBe(false);
    }
  });

  it("gives up what Slack refuses for good", () => {
    for (const code of ["channel_not_found", "is_archived", "not_in_channel", "invalid_auth"]) {
      expect(isTransientChatError(refused(code))).toBe(false);
      expect(isRefusedChatError(refused(code))).toBe(true);
    }
  });

  it("retries homeserver 5xx, 429 and lost connections, and gives up a 4xx", () => {
    expect(isTransientChatError(new MatrixError({ errcode: "M_UNKNOWN" }, 502))).toBe(true);
    expect(isTransientChatError(new MatrixError({ errcode: "M_LIMIT_EXCEEDED" }, 429))).toBe(true);
    expect(isTransientChatError(new ConnectionError("fetch failed"))).toBe(true);
    const forbidden = new MatrixError({ errcode: "M_FORBIDDEN", error: "not in room" }, 403);
    expect(isTransientChatError(forbidden)).toBe(false);
    expect(isRefusedChatError(forbidden)).toBe(true);
  });

  it("retries fetch's own network failures, and treats an unknown error as neither", () => {
    const fetchFailed = new TypeError("fetch failed", {
      cause: Object.assign(new Error("connect ECONNRESET"), { code: "ECONNRESET" }),
    });
    expect(isTransientChatError(fetchFailed)).toBe(true);
    expect(isTransientChatError(new DOMException("timed out", "TimeoutError"))).toBe(true);
    const unknown = new Error("something odd");
    expect(isTransientChatError(unknown)).toBe(false);
    expect(isRefusedChatError(unknown)).toBe(false);
    expect(isRefusedChatError(new FirebreakError("channel_names_taken", "all taken"))).toBe(true);
  });
});
