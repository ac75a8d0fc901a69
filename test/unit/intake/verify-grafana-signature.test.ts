import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { verifyGrafanaSignature } from "../../../src/intake/verify-grafana-signature.ts";
import { readFixture } from "../../helpers/temp-store.ts";

const SECRET = "grafana-shared-secret";
const SMALL_BODY = Buffer.from('{"version":"1","status":"firing"}');
const TIMESTAMP = "1795466477";
const NOW = new Date(Number(TIMESTAMP) * 1000 + 2_000);
// Computed with `openssl dgst -sha256 -hmac`, not with the code under test.
const BODY_ONLY = "feb07e045ddeba59389bac5bf6a7863b9f82789c3488b91af97ea007217f1547";
const WITH_TIMESTAMP = "d690bb42a8b9084a3d4bae43f7b1215ea27402da212a56d0f7691a7c3cb650d0";

/** The fixture as Grafana would send it: signed over the exact bytes of the body. */
const FIXTURE_BODY = Buffer.from(JSON.stringify(readFixture("grafana-firing.json")));

function sign(body: Buffer, timestamp?: string, secret = SECRET): string {
  const mac = createHmac("sha256", secret);
  if (timestamp !== undefined) mac.update(`${timestamp}:`);
  return mac.update(body).digest("hex");
}

function check(overrides: Partial<Parameters<typeof verifyGrafanaSignature>[0]>) {
  return verifyGrafanaSignature({
    secret: SECRET,
    rawBody: FIXTURE_BODY,
    signature: sign(FIXTURE_BODY, TIMESTAMP),
    timestamp: TIMESTAMP,
    now: NOW,
    ...overrides,
  });
}

describe("Grafana webhook signature", () => {
  it("accepts the known HMAC of the body alone and of timestamp:body", () => {
    expect(check({ rawBody: SMALL_BODY, signature: BODY_ONLY, timestamp: undefined })).toEqual({
      ok: true,
    });
    expect(check({ rawBody: SMALL_BODY, signature: WITH_TIMESTAMP })).toEqual({ ok: true });
  });

  it("accepts a signed fixture, with uppercase hex too", () => {
    expect(check({})).toEqual({ ok: true });
    expect(check({ signature: sign(FIXTURE_BODY, TIMESTAMP).toUpperCase() })).toEqual({
      ok: true,
    });
  });

  it("rejects a signature made with another secret", () => {
    expect(check({ signature: sign(FIXTURE_BODY, TIMESTAMP, "another-secret") })).toEqual({
      ok: false,
      reason: "the signature does not match the body",
    });
  });

  it("rejects a tampered body, even by one byte", () => {
    const tampered = Buffer.from(FIXTURE_BODY);
    const at = tampered.length - 2;
    tampered.writeUInt8(tampered.readUInt8(at) ^ 1, at);
    expect(check({ rawBody: tampered }).ok).toBe(false);
    const reserialised = Buffer.from(JSON.stringify(readFixture("grafana-firing.json"), null, 2));
    expect(check({ rawBody: reserialised }).ok).toBe(false);
  });

  it("rejects a signature of the body alone when a timestamp came with it, and the reverse", () => {
    expect(check({ signature: sign(FIXTURE_BODY) }).ok).toBe(false);
    expect(check({ timestamp: undefined }).ok).toBe(false);
  });

  it("rejects a changed timestamp, so a replay cannot be made fresh", () => {
    const later = String(Number(TIMESTAMP) + 60);
    expect(check({ timestamp: later })).toEqual({
      ok: false,
      reason: "the signature does not match the body",
    });
  });

  it("rejects a missing signature header", () => {
    for (const signature of [undefined, ""]) {
      expect(check({ signature })).toEqual({
        ok: false,
        reason: "the signature header is missing",
      });
    }
  });

  it("rejects a signature that is not 64 hex digits", () => {
    const good = sign(FIXTURE_BODY, TIMESTAMP);
    for (const signature of [
      `${good.slice(0, 63)}g`,
      good.slice(0, 62),
      `${good}00`,
      `sha256=${good}`,
      ` ${good}`,
      Buffer.from(good, "hex").toString("base64"),
    ]) {
      expect(check({ signature })).toEqual({
        ok: false,
        reason: "the signature is not 64 hex digits (HMAC-SHA256)",
      });
    }
  });

  it("rejects a stale or future timestamp outside the window, and takes one at its edge", () => {
    const at = (offsetSeconds: number) => new Date((Number(TIMESTAMP) + offsetSeconds) * 1000);
    const reason = "the timestamp is more than 300s away from the server's clock";
    expect(check({ now: at(301) })).toEqual({ ok: false, reason });
    expect(check({ now: at(-301) })).toEqual({ ok: false, reason });
    expect(check({ now: at(300) })).toEqual({ ok: true });
    expect(check({ now: at(-300) })).toEqual({ ok: true });
    expect(check({ now: at(3600), maxSkewSeconds: 3600 })).toEqual({ ok: true });
    expect(check({ now: at(31), maxSkewSeconds: 30 }).ok).toBe(false);
  });

  it("rejects a timestamp that is not Unix seconds", () => {
    for (const timestamp of ["", "abc", "1795466477.5", "-1795466477", "2026-11-23T20:41:17Z"]) {
      expect(check({ timestamp, signature: sign(FIXTURE_BODY, timestamp) })).toEqual({
        ok: false,
        reason: "the timestamp is not a Unix time in seconds",
      });
    }
  });

  it("refuses to verify with an empty secret", () => {
    expect(check({ secret: "", signature: sign(FIXTURE_BODY, TIMESTAMP, "") })).toEqual({
      ok: false,
      reason: "no signing secret is configured",
    });
  });
});
