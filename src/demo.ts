import { rmSync } from "node:fs";
import { join, resolve } from "node:path";
import { createApp } from "./app.ts";
import { manualClock } from "./clock.ts";
import type { Config } from "./config.ts";
import { createConsoleChat } from "./console-chat.ts";
import { demoAlertmanagerPayload } from "./demo-alerts.ts";
import { generatePostmortem, writeTextFile } from "./generate-postmortem.ts";
import { createLogger } from "./logger.ts";

type Step =
  | { readonly at: string; readonly say: string; readonly as: string; readonly room?: string }
  | { readonly at: string; readonly pin: true; readonly as: string }
  | { readonly at: string; readonly alerts: "firing" | "resolved" };

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
];

export interface DemoResult {
  readonly postmortemFile: string;
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
  for (const name of ["firebreak.db", "firebreak.db-wal", "firebreak.db-shm"]) {
    rmSync(join(dir, name), { force: true });
  }
  const config: Config = {
    ...baseConfig,
    dataDir: dir,
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
      } else {
        await chat.type(step.room ?? "inc-1", step.as, step.say);
      }
      await app.drain();
    }
    const postmortemFile = join(dir, "postmortems", "INC-1.md");
    const markdown = await generatePostmortem(app.store, 1, {
      templatesDir: config.templatesDir,
      timeZone: config.timeZone,
      clock,
    });
    writeTextFile(postmortemFile, markdown);
    return { postmortemFile, databaseFile: join(dir, "firebreak.db"), incidentNumber: 1 };
  } finally {
    await app.stop();
  }
}
