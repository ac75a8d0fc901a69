import { describe, expect, it } from "vitest";
import { REDACTED, redactSecrets } from "../../../src/core/redact-secrets.ts";

describe("redacting secrets from log fields", () => {
  it("replaces credential-named values at any depth, whatever their case", () => {
    const fields = {
      config: { slack: { botToken: "xoxb-1", signingSecret: "s" }, webhookToken: "w" },
      headers: { Authorization: "Bearer t", "X-Api-Key": "k", host: "example.org" },
      list: [{ password: "p" }, "plain"],
    };
    expect(redactSecrets(fields)).toEqual({
      config: { slack: { botToken: REDACTED, signingSecret: REDACTED }, webhookToken: REDACTED },
      headers: { Authorization: REDACTED, "X-Api-Key": REDACTED, host: "example.org" },
      list: [{ password: REDACTED }, "plain"],
    });
  });

  it("never changes the caller's objects, and keeps an error an error", () => {
    const error = Object.assign(new Error("request failed"), {
      original: { config: { headers: { Authorization: "Bearer abc" } } },
    });
    const fields = { err: error };
    const redacted = redactSecrets(fields);
    expect(error.original.config.headers.Authorization).toBe("Bearer abc");
    expect(redacted.err).toBeInstanceOf(Error);
    expect(redacted.err.message).toBe("request failed");
    expect(redacted.err.stack).toBe(error.stack);
    expect(redacted.err.original.config.headers.Authorization).toBe(REDACTED);
  });

  it("returns fields without secrets as they are, and survives cycles", () => {
    const plain = { source: "alertmanager", received: 3, opened: [1, 2] };
    expect(redactSecrets(plain)).toBe(plain);
    const cyclic: Record<string, unknown> = { token: "t" };
    cyclic.self = cyclic;
    expect(redactSecrets(cyclic).token).toBe(REDACTED);
  });

  it("leaves empty secret fields visible as empty (so a missing token shows)", () => {
    expect(redactSecrets({ token: undefined, password: null })).toEqual({
      token: undefined,
      password: null,
    });
  });
});
