import { describe, expect, it } from "vitest";
import { redactSecrets } from "../../../src/runbook/runbook-redact.ts";

// Built from pieces so that secret scanners do not mistake the fixtures for leaked credentials.
const TOKENS = {
  slackBot: `${"xox"}b-123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx`,
  slackUser: `${"xox"}p-123456789012-1234567890123-abcdefabcdef`,
  slackApp: `${"xa"}pp-1-A0123456789-1234567890123-abcdef0123456789`,
  github: `${"gh"}p_${"a1B2c3D4e5".repeat(4)}`,
  githubPat: `${"github"}_pat_11ABCDEFG0123456789_${"x".repeat(40)}`,
  aws: `${"AK"}IA${"IOSFODNN7EXAMPLE"}`,
  jwt: `${"ey"}JhbGciOiJIUzI1NiJ9.${"ey"}JzdWIiOiIxMjM0In0.c2lnbmF0dXJlc2lnbmF0dXJl`,
};

describe("redactSecrets", () => {
  it("replaces given values, longest first, in plain, URL and JSON forms", () => {
    const secret = 's3cr3t/with+chars"q';
    const text = `a ${secret} b ${encodeURIComponent(secret)} c ${JSON.stringify(secret)}`;
    expect(redactSecrets(text, [secret, "s3cr3t"])).toBe(
      'a [redacted] b [redacted] c "[redacted]"',
    );
  });

  it("hides a multi-line secret line by line, so a stream split at a line break cannot leak it", () => {
    const pem = "first-line-of-secret\nsecond-line-of-secret";
    expect(redactSecrets("x first-line-of-secret y", [pem])).toBe("x [redacted] y");
  });

  it("leaves very short values alone rather than blanking ordinary words", () => {
    expect(redactSecrets("a b abc", ["a", "abc"])).toBe("a b abc");
  });

  it.each(Object.entries(TOKENS))("hides a %s token without being told", (_kind, token) => {
    const out = redactSecrets(`token here: ${token} and after`, []);
    expect(out).not.toContain(token);
    expect(out).toContain("[redacted]");
    expect(out).toMatch(/and after$/);
  });

  it("keeps the labels that make a line readable", () => {
    expect(redactSecrets("Authorization: Bearer abc.def-ghi_jkl", [])).toBe(
      "Authorization: Bearer [redacted]",
    );
    expect(redactSecrets("Authorization: Basic dXNlcjpwYXNz", [])).toBe(
      "Authorization: Basic [redacted]",
    );
    expect(redactSecrets("db password=hunter2 user=bob", [])).toBe(
      "db password=[redacted] user=bob",
    );
    expect(redactSecrets('{"password": "hunter2", "api_key":"k-123"}', [])).toBe(
      '{"password": "[redacted]", "api_key":"[redacted]"}',
    );
    expect(redactSecrets("https://x.org/?token=abc123&user=bob", [])).toBe(
      "https://x.org/?token=[redacted]&user=bob",
    );
  });

  it("hides private key blocks whole, and an unterminated one to the end", () => {
    const key = [
      "-----BEGIN RSA PRIVATE KEY-----",
      "MIIEpAIBAAKCAQEA",
      "-----END RSA PRIVATE KEY-----",
    ];
    expect(redactSecrets(`before\n${key.join("\n")}\nafter`, [])).toBe("before\n[redacted]\nafter");
    expect(redactSecrets(`before\n${key.slice(0, 2).join("\n")}\n`, [])).toBe("before\n[redacted]");
  });

  it("leaves ordinary output alone", () => {
    const text = 'deployment "nova-api" successfully rolled out\npassed: 12 tests\nBearer of news';
    expect(redactSecrets(text, [])).toBe(text);
  });
});
