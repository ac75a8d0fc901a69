import { describe, expect, it } from "vitest";
import { formatSeverity, parseSeverity } from "../../../src/core/severity.ts";

describe("severity", () => {
  it("accepts 1-4 with or without the SEV prefix", () => {
    expect(parseSeverity("2")).toBe(2);
    expect(parseSeverity("sev1")).toBe(1);
    expect(parseSeverity("SEV4")).toBe(4);
    expect(formatSeverity(3)).toBe("SEV3");
  });

  it("rejects anything else with a message that says what is allowed", () => {
    for (const bad of ["0", "5", "high", "", "sev", "2.5"]) {
      expect(() => parseSeverity(bad)).toThrow(/use 1, 2, 3 or 4/);
    }
  });
});
