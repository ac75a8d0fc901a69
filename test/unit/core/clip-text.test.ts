import { describe, expect, it } from "vitest";
import { clipText, clipToFit, splitToFit } from "../../../src/core/clip-text.ts";

const under = (max: number) => (text: string) => text.length <= max;

describe("clipText", () => {
  it("keeps short text and ends long text with …", () => {
    expect(clipText("short", 10)).toBe("short");
    expect(clipText("a longer text", 6)).toBe("a lon…");
  });
});

describe("splitToFit", () => {
  it("keeps text that fits as one part", () => {
    expect(splitToFit("one\ntwo", under(100))).toEqual(["one\ntwo"]);
  });

  it("cuts at line breaks, losing nothing but the break", () => {
    const lines = Array.from({ length: 1000 }, (_, i) => `line ${i} of the timeline`);
    const parts = splitToFit(lines.join("\n"), under(2000));
    expect(parts.length).toBeGreaterThan(1);
    for (const part of parts) expect(part.length).toBeLessThanOrEqual(2000);
    expect(parts.join("\n")).toBe(lines.join("\n"));
  });

  it("cuts one long line anywhere, but never inside an emoji", () => {
    const text = "🔥".repeat(5000);
    const parts = splitToFit(text, under(999));
    for (const part of parts) {
      expect(part.length).toBeLessThanOrEqual(999);
      expect(part).toMatch(/^(🔥)+$/u);
    }
    expect(parts.join("")).toBe(text);
  });

  it("measures as the platform does", () => {
    const bytes = (text: string) => Buffer.byteLength(text) <= 1000;
    const parts = splitToFit("é".repeat(3000), bytes);
    for (const part of parts) expect(Buffer.byteLength(part)).toBeLessThanOrEqual(1000);
    expect(parts.join("")).toBe("é".repeat(3000));
  });
});

describe("clipToFit", () => {
  it("keeps as much as fits, marked with …", () => {
    expect(clipToFit("short", under(10))).toBe("short");
    const clipped = clipToFit("x".repeat(50_000), under(40_000));
    expect(clipped).toHaveLength(40_000);
    expect(clipped.endsWith("x…")).toBe(true);
  });
});
