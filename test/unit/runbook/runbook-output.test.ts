import { describe, expect, it } from "vitest";
import { createOutputCollector } from "../../../src/runbook/runbook-output.ts";

const bytes = (text: string) => new TextEncoder().encode(text);

const SECRET = "s3cr3t-Value-0123456789ab";

/** The prefixes of SECRET, of 4 characters or more, that `text` gives away. */
function leakedPrefixes(text: string): string[] {
  const leaked: string[] = [];
  for (let length = 4; length <= SECRET.length; length++) {
    if (text.includes(SECRET.slice(0, length))) leaked.push(SECRET.slice(0, length));
  }
  return leaked;
}

describe("createOutputCollector", () => {
  it("streams whole lines only, redacted, and holds a partial line until it ends", () => {
    const chunks: string[] = [];
    const out = createOutputCollector({
      maxBytes: 1000,
      secrets: ["swordfish-42"],
      onOutput: (c) => chunks.push(c),
    });
    out.push(bytes("one\ntwo sword"));
    expect(chunks).toEqual(["one\n"]);
    out.push(bytes("fish-42 three\nfour"));
    expect(chunks).toEqual(["one\n", "two [redacted] three\n"]);
    expect(out.finish()).toBe("one\ntwo [redacted] three\nfour");
    expect(chunks.join("")).toBe("one\ntwo [redacted] three\nfour");
  });

  it("holds a private key block back until it ends, then hides it whole", () => {
    const chunks: string[] = [];
    const out = createOutputCollector({
      maxBytes: 1000,
      secrets: [],
      onOutput: (c) => chunks.push(c),
    });
    out.push(bytes("before\n-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAA\n"));
    expect(chunks.join("")).toBe("before\n");
    out.push(bytes("QyNTUxOQAAACD\n-----END OPENSSH PRIVATE KEY-----\nafter\n"));
    expect(out.finish()).toBe("before\n[redacted]\nafter\n");
    expect(chunks.join("")).toBe("before\n[redacted]\nafter\n");
  });

  it("never splits a UTF-8 character at a chunk boundary", () => {
    const out = createOutputCollector({ maxBytes: 1000, secrets: [] });
    const text = bytes("Zürich ✓\n");
    out.push(text.subarray(0, 2));
    out.push(text.subarray(2, 9));
    out.push(text.subarray(9));
    expect(out.finish()).toBe("Zürich ✓\n");
  });

  it("keeps the first maxBytes, counts the rest and says so", () => {
    const out = createOutputCollector({ maxBytes: 10, secrets: [] });
    expect(out.push(bytes("12345678"))).toBe(true);
    expect(out.push(bytes("abcdef"))).toBe(false);
    expect(out.push(bytes("xyz"))).toBe(false);
    expect(out.droppedBytes).toBe(7);
    expect(out.finish()).toBe("12345678ab\n[output truncated: 7 bytes dropped]");
  });

  it("stays fast for output that arrives a line at a time", () => {
    const out = createOutputCollector({
      maxBytes: 64 * 1024,
      secrets: ["a-secret-value"],
      onOutput: () => {},
    });
    const started = performance.now();
    for (let i = 0; i < 4000; i++) out.push(bytes(`line ${i} of some program output\n`));
    out.finish();
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it("survives an onOutput that throws", () => {
    const out = createOutputCollector({
      maxBytes: 100,
      secrets: [],
      onOutput: () => {
        throw new Error("chat is down");
      },
    });
    out.push(bytes("a\n"));
    expect(out.finish()).toBe("a\n");
  });

  describe("a secret at the output cap", () => {
    // The cap falls after "pad " and the first `shown` characters of the secret.
    const capped = (shown: number) => ({ maxBytes: 4 + shown });

    it.each([4, 12, 20, SECRET.length - 1])(
      "hides the secret when the cap falls %i characters into it, in the result and the stream",
      (shown) => {
        const chunks: string[] = [];
        const out = createOutputCollector({
          ...capped(shown),
          secrets: [SECRET],
          onOutput: (c) => chunks.push(c),
        });
        out.push(bytes(`pad ${SECRET} and more\n`));
        const text = out.finish();
        expect(leakedPrefixes(text)).toEqual([]);
        expect(leakedPrefixes(chunks.join(""))).toEqual([]);
        expect(text).toMatch(/^pad \[redacted\]\n\[output truncated: \d+ bytes dropped\]$/);
      },
    );

    it("hides it when the program is stopped before the rest of the secret arrives", () => {
      const chunks: string[] = [];
      const out = createOutputCollector({
        ...capped(20),
        secrets: [SECRET],
        onOutput: (c) => chunks.push(c),
      });
      expect(out.push(bytes(`pad ${SECRET.slice(0, 20)}`))).toBe(true);
      expect(out.push(bytes(SECRET.slice(20, 21)))).toBe(false);
      const text = out.finish();
      expect(leakedPrefixes(text)).toEqual([]);
      expect(leakedPrefixes(chunks.join(""))).toEqual([]);
      expect(text).toBe("pad [redacted]\n[output truncated: 1 bytes dropped]");
    });

    it("hides a secret split across two chunks, the second crossing the cap", () => {
      const chunks: string[] = [];
      const out = createOutputCollector({
        ...capped(16),
        secrets: [SECRET],
        onOutput: (c) => chunks.push(c),
      });
      out.push(bytes(`pad ${SECRET.slice(0, 9)}`));
      out.push(bytes(`${SECRET.slice(9)}\n`));
      expect(leakedPrefixes(out.finish())).toEqual([]);
      expect(leakedPrefixes(chunks.join(""))).toEqual([]);
    });

    it("hides a token shape cut by the cap, even when nobody named it a secret", () => {
      const token = `${"gh"}p_${"a1B2c3D4e5".repeat(4)}`;
      const out = createOutputCollector({ maxBytes: 4 + 16, secrets: [] });
      out.push(bytes(`pad ${token} more\n`));
      expect(out.finish()).toMatch(/^pad \[redacted\]\n\[output truncated/);
    });

    it("leaves output that only looks like the start of a secret alone when nothing was cut", () => {
      const out = createOutputCollector({ maxBytes: 1000, secrets: [SECRET] });
      out.push(bytes(`pad ${SECRET.slice(0, 8)}`));
      expect(out.finish()).toBe(`pad ${SECRET.slice(0, 8)}`);
    });
  });
});
