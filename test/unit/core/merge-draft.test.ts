import { describe, expect, it } from "vitest";
import { mergeDraft } from "../../../src/core/merge-draft.ts";

const v1 =
  "# INC-1: x\n\n| Severity | SEV2 |\n\n## Summary\n\n> ✍️ prompt\n\n## Timeline\n\n| 09:00 | a |\n";
const v2 =
  "# INC-1: x\n\n| Severity | SEV1 |\n\n## Summary\n\n> ✍️ prompt\n\n## Timeline\n\n| 09:00 | a |\n| 09:05 | b |\n";

describe("mergeDraft", () => {
  it("takes new facts where nobody edited, keeps what people wrote", () => {
    const edited = v1.replace("> ✍️ prompt", "Nova API was slow for 50 minutes.");
    const merged = mergeDraft(v2, v1, edited);
    expect(merged).toContain("| Severity | SEV1 |");
    expect(merged).toContain("Nova API was slow for 50 minutes.");
    expect(merged).not.toContain("> ✍️ prompt");
    expect(merged).toContain("| 09:05 | b |");
  });

  it("keeps sections people added", () => {
    const edited = `${v1}\n## Appendix\n\nGraphs.\n`;
    expect(mergeDraft(v2, v1, edited)).toMatch(/## Appendix\n\nGraphs\.\n$/);
  });

  it("is the fresh draft when there is no earlier one", () => {
    expect(mergeDraft(v2, undefined, undefined)).toBe(v2);
  });
});
