import { describe, expect, it } from "vitest";
import { createOutputCollector } from "../src/runbook-output.ts";

const bytes = (text: string) => new TextEncoder().encode(text);

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
});
