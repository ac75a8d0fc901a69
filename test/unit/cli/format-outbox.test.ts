import { describe, expect, it } from "vitest";
import { formatOutbox } from "../../../src/cli/format-outbox.ts";
import type { OutboxEntry } from "../../../src/core/store-ports.ts";

const entry = (overrides: Partial<OutboxEntry>): OutboxEntry => ({
  id: 7,
  platform: "matrix",
  kind: "room_post",
  incidentNumber: 3,
  attempts: 0,
  notBefore: 0,
  createdAt: "2026-11-18T09:00:00Z",
  failedAt: null,
  lastError: null,
  ...overrides,
});

describe("formatOutbox", () => {
  it("says when the outbox is empty", () => {
    expect(formatOutbox([], 0)).toBe("The outbox is empty: chat has been told everything.");
  });

  it("shows a message waiting out its backoff with the platform's last answer", () => {
    const now = 1_000_000;
    const text = formatOutbox(
      [entry({ attempts: 4, notBefore: now + 8_000, lastError: "503 Service Unavailable" })],
      now,
    );
    expect(text).toBe(
      "#7 matrix room_post INC-3: waiting, 4 tries, next in 8s — 503 Service Unavailable\n\n1 waiting, 0 given up.",
    );
  });
});
