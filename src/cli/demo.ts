import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { createApp } from "../app.ts";
import { createConsoleChat } from "../chat/console-chat.ts";
import type { Config } from "../config/config.ts";
import { manualClock } from "../core/clock.ts";
import { demoAlertmanagerPayload } from "./demo-alerts.ts";
import { createLogger } from "./logger.ts";

type Step =
  | { readonly at: string; readonly say: string; readonly as: string; readonly room?: string }
  | { readonly at: string; readonly pin: true; readonly as: string }
  | { readonly at: string; readonly alerts: "firing" | "resolved" }
  | { readonly at: string; readonly review: true };

const DAY = "2026-11-18";

/** A 50-minute Nova API latency incident in eu-de-1, as it might really go. */
export const DEMO_SCRIPT: readonly Step[] = [
  { at: "09:12:40", alerts: "firing" },
  { at: "09:15:10", as: "alice", say: "!inc ack" },
  { at: "09:16:02", as: "bob", say: "!inc ack" },
  { at: "09:16:30", as: "alice", say: "!inc role ops bob" },
  { at: "09:17:05", as: "alice", say: "!inc sev 2" },
  {
    at: "09:19:40",
    as: "bob",
    say: "!inc note nova-conductor on ctl-1 at 100% CPU; RabbitMQ queue depth 40k and rising",
  },
  {
    at: "09:24:12",
    as: "alice",
    say: "!inc update Creating and resizing servers in eu-de-1 is slow or times out. Running servers are not affected. Next update by 09:45.",
  },
  {
    at: "09:27:02",
    as: "bob",
    say: "RabbitMQ on ctl-1: the conductor consumer has acked nothing for 15 minutes",
  },
  { at: "09:27:30", as: "alice", pin: true },
  { at: "09:31:20", as: "bob", say: "!inc stauts identified" },
  {
    at: "09:31:55",
    as: "bob",
    say: "!inc status identified a stuck RabbitMQ consumer on ctl-1 stopped nova-conductor from draining its queue",
  },
  {
    at: "09:38:20",
    as: "bob",
    say: "!inc note restarted nova-conductor on ctl-1; queue draining at ~2k/s",
  },
  {
    at: "09:40:03",
    as: "alice",
    say: "!inc status monitoring p99 latency back under 1s, watching for 15 minutes",
  },
  { at: "09:59:11", alerts: "resolved" },
  {
    at: "10:02:30",
    as: "alice",
    say: "!inc resolve Nova API latency normal for 20 minutes after restarting nova-conductor on ctl-1",
  },
  { at: "10:02:45", as: "alice", say: "!inc timeline" },
  {
    at: "10:04:10",
    as: "alice",
    say: "!inc action Alert when a RabbitMQ consumer acknowledges nothing for 5 minutes --owner bob --due 2026-12-04",
  },
  {
    at: "10:05:02",
    as: "bob",
    say: "!inc action Add the conductor consumer restart to the nova-api latency runbook --owner bob --due 2026-11-27",
  },
  { at: "10:06:00", as: "alice", say: "!inc postmortem" },
  { at: "14:30:00", review: true },
  { at: "14:31:00", as: "alice", say: "!inc postmortem review" },
  { at: "16:00:00", as: "alice", say: "!inc postmortem publish" },
];

/** What the team writes into the draft during review: the parts only people know. */
const REVIEW_EDITS: Readonly<Record<string, string>> = {
  "## Summary":
    "For 50 minutes, creating and resizing servers in eu-de-1 was slow or timed out. A RabbitMQ consumer of nova-conductor on ctl-1 stopped acknowledging messages, the conductor queue grew to 40k, and Nova API latency rose above 2 s. Restarting nova-conductor on ctl-1 drained the queue. Running servers were not affected.",
  "## Contributing factors": [
    "- The conductor's RabbitMQ consumer can stall without exiting, so its health check stays green.",
    "- No alert watches consumer acknowledgements, only API latency, which rises minutes later.",
    "- The runbook for Nova API latency did not mention the conductor queue.",
  ].join("\n"),
  "## What went well": [
    "- The latency alert fired 37 seconds after the incident began and the commander acknowledged within 3 minutes.",
    "- A status update went out 12 minutes in.",
  ].join("\n"),
  "## What went badly":
    "- Finding the stuck consumer took 12 minutes of reading queue statistics by hand.",
  "## Where we got lucky":
    "- The stall happened on one controller only; ctl-2 kept serving requests.",
};

/** Answers the draft's prompts the way a team would while reviewing it. */
function reviewDraft(markdown: string): string {
  let edited = markdown;
  for (const [heading, text] of Object.entries(REVIEW_EDITS)) {
    edited = edited.replace(new RegExp(`(${heading}\\n\\n)> ✍️[^\\n]*`), `$1${text}`);
  }
  return edited.replace(
    /> ✍️ External: [^\n]*/,
    "Between 09:12 and 10:02 UTC on 18 November, creating or resizing servers in eu-de-1 was slow or failed. Running servers were not affected. A stalled message consumer in the compute control plane caused it; we restarted it and are adding an alert for this condition.",
  );
}

export interface DemoResult {
  /** The published postmortem, its reviewed draft, and the incident site's index page. */
  readonly postmortemFile: string;
  readonly draftFile: string;
  readonly siteIndex: string;
  readonly databaseFile: string;
  readonly incidentNumber: number;
}

/**
 * Replays DEMO_SCRIPT through the whole product — HTTP intake, SQLite, the console chat, the
 * command parser, the postmortem template — on a simulated clock, into a fresh `outDir`.
 */
export async function runDemo(
  baseConfig: Config,
  outDir: string,
  write: (line: string) => void,
): Promise<DemoResult> {
  const dir = resolve(outDir);
  for (const name of ["firebreak.db", "firebreak.db-wal", "firebreak.db-shm", "postmortems"]) {
    rmSync(join(dir, name), { force: true, recursive: true });
  }
  const config: Config = {
    ...baseConfig,
    dataDir: dir,
    postmortemsDir: join(dir, "postmortems"),
    publishDir: join(dir, "site"),
    siteTitle: "Example Cloud — incident history",
    host: "127.0.0.1",
    port: 0,
    webhookToken: undefined,
  };
  const clock = manualClock(`${DAY}T${DEMO_SCRIPT[0]?.at ?? "09:00:00"}Z`);
  const chat = createConsoleChat({
    write,
    clock,
    room: "general",
    user: "alice",
    showTime: true,
    timeZone: config.timeZone,
  });
  const app = createApp({
    config,
    clock,
    chats: [chat],
    log: createLogger(process.env.FIREBREAK_LOG_LEVEL ?? "warn"),
  });
  const address = await app.start();
  write("Firebreak demo: a 50-minute incident replayed on a simulated clock (times UTC).\n");
  try {
    for (const step of DEMO_SCRIPT) {
      clock.set(`${DAY}T${step.at}Z`);
      if ("alerts" in step) {
        const payload = demoAlertmanagerPayload(step.alerts);
        write(
          `\n— Alertmanager posts ${payload.alerts.length} ${step.alerts} alerts to /webhooks/alertmanager`,
        );
        const response = await fetch(`${address}/webhooks/alertmanager`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify(payload),
        });
        if (!response.ok)
          throw new Error(`intake answered ${response.status}: ${await response.text()}`);
      } else if ("pin" in step) {
        await chat.pin("inc-1", step.as);
      } else if ("review" in step) {
        const draft = app.postmortems.draftPath(1);
        write(
          `\n— The team reviews the draft and writes what only people know, in ${relative(process.cwd(), draft)}`,
        );
        writeFileSync(draft, reviewDraft(readFileSync(draft, "utf8")));
      } else {
        await chat.type(step.room ?? "inc-1", step.as, step.say);
      }
      await app.drain();
    }
    return {
      postmortemFile: app.postmortems.publishedPath(1),
      draftFile: app.postmortems.draftPath(1),
      siteIndex: join(config.publishDir, "index.html"),
      databaseFile: join(dir, "firebreak.db"),
      incidentNumber: 1,
    };
  } finally {
    await app.stop();
  }
}
