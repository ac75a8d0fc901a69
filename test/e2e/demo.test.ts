import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_SCRIPT, runDemo } from "../../src/cli/demo.ts";
import { demoAlertmanagerPayload } from "../../src/cli/demo-alerts.ts";
import { loadConfig } from "../../src/config/config.ts";
import { checkBlameless } from "../../src/core/blameless-check.ts";
import { openSqliteStore } from "../../src/store/sqlite/sqlite-store.ts";
import { makeTempDir, readFixture, removeTempDir } from "../helpers/temp-store.ts";

describe("the demo", () => {
  let dir: string;
  let transcript: string[];
  let postmortem: string;

  beforeAll(async () => {
    dir = makeTempDir();
    transcript = [];
    const result = await runDemo(loadConfig({ cwd: dir }, {}), dir, (line) =>
      transcript.push(line),
    );
    postmortem = readFileSync(result.postmortemFile, "utf8");
  });
  afterAll(() => removeTempDir(dir));

  it("replays the very alerts of the shared fixtures", () => {
    for (const status of ["firing", "resolved"] as const) {
      const fixture = readFixture(`alertmanager-${status}.json`) as { alerts: object[] };
      // The fixtures' generator URLs differ between firing and resolved; everything else matches.
      const withoutUrls = (payload: { alerts: object[] }) => ({
        ...payload,
        alerts: payload.alerts.map((alert) => ({ ...alert, generatorURL: "" })),
      });
      expect(withoutUrls(demoAlertmanagerPayload(status))).toEqual(withoutUrls(fixture));
    }
  });

  it("prints a readable chat transcript on simulated time", () => {
    const text = transcript.join("\n");
    expect(text).toContain(
      "09:12:40 [inc-1] firebreak: *INC-1* · SEV1 · investigating — Nova API p99 latency above 2s",
    );
    expect(text).toContain("09:15:10 [inc-1] alice: !inc ack");
    expect(text).toContain(
      "09:15:10 [inc-1] firebreak: alice acknowledged INC-1 and is now the commander.",
    );
    expect(text).toContain('Unknown sub-command "stauts". Did you mean !inc status?');
    expect(text).toContain("Every alert of INC-1 has resolved.");
    expect(text).toContain("10:02:30 [inc-1] firebreak: ✅ alice resolved INC-1");
  });

  it("stores a timeline that matches the scenario, in the order things happened", () => {
    const store = openSqliteStore(dir);
    try {
      const incident = store.incidents.get(1);
      expect(incident).toMatchObject({
        status: "closed",
        severity: 2,
        openedAt: "2026-11-18T09:12:40.000Z",
        resolvedAt: "2026-11-18T10:02:30.000Z",
      });
      const timeline = store.timeline
        .list(1)
        .map((e) => `${e.occurredAt.slice(11, 19)} ${e.event.kind} ${e.actor.id}`);
      expect(timeline).toEqual([
        "09:12:03 alert_fired alertmanager",
        "09:12:33 alert_fired alertmanager",
        "09:12:40 declared alertmanager",
        "09:15:10 acknowledged alice",
        "09:16:02 acknowledged bob",
        "09:16:30 role alice",
        "09:17:05 severity alice",
        "09:19:40 note bob",
        "09:24:12 update alice",
        "09:27:02 message bob",
        "09:31:55 status bob",
        "09:38:20 note bob",
        "09:40:03 status alice",
        "09:57:10 alert_resolved alertmanager",
        "09:58:41 alert_resolved alertmanager",
        "10:02:30 resolved alice",
        "10:04:10 action alice",
        "10:05:02 action bob",
        "16:00:00 status alice",
      ]);
      // Every command step that was not a typo or a read-only command left exactly one entry.
      const acting = DEMO_SCRIPT.filter(
        (s) =>
          ("say" in s && /^!inc (?!stauts|timeline|postmortem(?: review)?$)/.test(s.say)) ||
          "pin" in s,
      );
      expect(timeline.filter((line) => /alice|bob/.test(line))).toHaveLength(acting.length);
    } finally {
      store.close();
    }
  });

  it("writes a postmortem with the facts, the timeline, and roles instead of names", () => {
    expect(postmortem).toMatch(/^# INC-1: Nova API p99 latency above 2s/);
    expect(postmortem).toContain("| Severity | SEV2 |");
    expect(postmortem).toContain("| Time to acknowledge | 2m 30s |");
    expect(postmortem).toContain("| Time to resolve | 49m 50s |");
    expect(postmortem).toContain(
      "| 09:31:55 | the operations lead | Status investigating → identified: a stuck RabbitMQ consumer",
    );
    expect(postmortem).toContain("| 10:02:30 | the commander | Resolved: Nova API latency normal");
    expect(postmortem).not.toMatch(/alice|bob/i);
  });

  it("runs again into the same folder and starts from a clean slate", async () => {
    const again: string[] = [];
    await runDemo(loadConfig({ cwd: dir }, {}), dir, (line) => again.push(line));
    const store = openSqliteStore(dir);
    try {
      expect(store.incidents.list()).toHaveLength(1);
    } finally {
      store.close();
    }
    expect(again.join("\n")).toContain("[inc-1] firebreak: *INC-1*");
  });

  it("ends with a reviewed postmortem that passes the blameless check, published with its site", () => {
    expect(checkBlameless(postmortem)).toEqual([]);
    expect(postmortem).toContain("| Status | Published 2026-11-18 |");
    expect(postmortem).toContain(
      "A RabbitMQ consumer of nova-conductor on ctl-1 stopped acknowledging messages",
    );
    // Published: no reviewer prompts, no internal-only sections.
    expect(postmortem).not.toContain("✍️");
    expect(postmortem).not.toContain("internal:start");
    expect(postmortem).toContain(
      "| Alert when a RabbitMQ consumer acknowledges nothing for 5 minutes | the operations lead | 2026-12-04 |",
    );
    const page = readFileSync(join(dir, "site", "incidents", "INC-1.html"), "utf8");
    expect(page).toContain("Nova API p99 latency above 2s");
    const index = readFileSync(join(dir, "site", "index.html"), "utf8");
    expect(index).toContain('href="incidents/INC-1.html"');
    // Published means closed, and the history says so.
    expect(index).toContain('<td data-label="Status">closed</td>');
  });

  it("renders the same draft and published postmortem as the golden files", () => {
    // UPDATE_GOLDEN=1 npx vitest run test/e2e/demo.test.ts rewrites them after an intended change.
    for (const [file, golden] of [
      [join(dir, "postmortems", "drafts", "INC-1.md"), "demo-draft.md"],
      [join(dir, "postmortems", "INC-1.md"), "demo-published.md"],
    ] as const) {
      const goldenFile = join(import.meta.dirname, "..", "golden", golden);
      const actual = readFileSync(file, "utf8");
      if (process.env.UPDATE_GOLDEN) writeFileSync(goldenFile, actual);
      expect(actual).toBe(readFileSync(goldenFile, "utf8"));
    }
  });
});
