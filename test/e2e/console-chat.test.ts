import { readFileSync } from "node:fs";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { createConsoleChat } from "../../src/chat/console-chat.ts";
import { manualClock } from "../../src/core/clock.ts";
import { startConsoleApp } from "./helpers/console-app.ts";

const until = async (check: () => boolean) => {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
  expect(check()).toBe(true);
};

describe("console chat", () => {
  it("prints bot messages as [room] firebreak: …, continuation lines aligned", async () => {
    const lines: string[] = [];
    const chat = createConsoleChat({
      write: (l) => lines.push(l),
      clock: manualClock("2026-11-18T09:00:00Z"),
      room: "general",
      user: "alice",
    });
    await chat.post("inc-42", { text: "first\nsecond" });
    expect(lines).toEqual(["[inc-42] firebreak: first\n                    second"]);
  });

  it("shows the time when asked, for transcripts", async () => {
    const lines: string[] = [];
    const chat = createConsoleChat({
      write: (l) => lines.push(l),
      clock: manualClock("2026-11-18T09:05:07Z"),
      room: "general",
      user: "alice",
      showTime: true,
    });
    await chat.post("general", { text: "hi" });
    expect(lines).toEqual(["09:05:07 [general] firebreak: hi"]);
  });

  it("takes typed lines: an alert opens a room, /as switches user, !inc acts in the current room", async () => {
    const input = new PassThrough();
    const t = await startConsoleApp({ input });
    try {
      const fixture = readFileSync(
        join(import.meta.dirname, "..", "fixtures", "alertmanager-firing.json"),
        "utf8",
      );
      const response = await fetch(`${t.address}/webhooks/alertmanager`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: fixture,
      });
      expect(response.status).toBe(200);
      await t.app.drain();
      expect(t.chat.currentRoom()).toBe("inc-1");
      expect(t.lines.join("\n")).toContain("opened inc-1; you are in it now");

      input.write("/as bob\n!inc ack\n!inc status identified found it\n!inc resolve\n");
      await until(() => t.app.service.get(1).status === "resolved");
      const incident = t.app.service.get(1);
      expect(incident.roles.commander?.id).toBe("bob");
      expect(t.lines).toContain("[inc-1] firebreak: bob set the status to *identified*: found it");

      input.write("/room general\n!inc list\n");
      await until(() =>
        t.lines.some((l) => l.startsWith("[general] firebreak: No open incidents.")),
      );
    } finally {
      input.end();
      await t.close();
    }
  });
});
