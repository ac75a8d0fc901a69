import { describe, expect, it } from "vitest";
import { parseLabelMatcher } from "../../../src/core/label-matcher.ts";
import { safeRegExp } from "../../../src/core/safe-regexp.ts";

// Without the linear-time fallback each of these takes minutes (exponential backtracking); the
// test would time out instead of finishing.
const hostile = `${"a".repeat(40)}!`;

describe("patterns people configure, against text from outside", () => {
  it("a catastrophic pattern still answers at once", () => {
    expect(safeRegExp("^(?:(a+)+)$", "u").test(hostile)).toBe(false);
    expect(safeRegExp("^(?:(a+)+)$", "u").test("aaaa")).toBe(true);
  });

  it("a route matcher like `host=~(a+)+` cannot be frozen by an alert's label", () => {
    const matcher = parseLabelMatcher("host=~(a+)+");
    expect(matcher.matches({ host: hostile })).toBe(false);
    expect(matcher.matches({ host: "aaa" })).toBe(true);
  });
});
