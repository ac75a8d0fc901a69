// `npm run bench`: Firebreak's figures, measured the same way every time, against what this
// machine itself can do. One JSON line per figure on stdout as it is measured, a table with the
// targets at the end, progress on stderr. It never fails: a missed target is a finding, and a
// section that breaks is reported and skipped.
import { mkdtempSync, rmSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import { footprint } from "./footprint.ts";
import { intake } from "./intake.ts";
import type { Figure } from "./lib.ts";
import { progress } from "./lib.ts";
import { postmortem } from "./postmortem.ts";
import { storm } from "./storm.ts";

interface Target {
  readonly name: string;
  readonly text: string;
  readonly met: (value: number) => boolean;
}

/** The targets of issue 10 (a 2-core machine); the postmortem's of issue 19. */
const TARGETS: readonly Target[] = [
  { name: "intake_ratio", text: ">= 0.5", met: (v) => v >= 0.5 },
  { name: "intake_p99_ms", text: "<= 20 ms", met: (v) => v <= 20 },
  { name: "intake_p99_ratio", text: "<= 1.5 (p99 / baseline p99)", met: (v) => v <= 1.5 },
  { name: "storm_incidents", text: "= 50 (one per group)", met: (v) => v === 50 },
  { name: "storm_chat_calls_per_incident", text: "<= 5", met: (v) => v <= 5 },
  { name: "storm_alerts_lost", text: "= 0", met: (v) => v === 0 },
  { name: "postmortem_10k_ms", text: "< 300 ms", met: (v) => v < 300 },
  { name: "postmortem_100k_ms", text: "< 1000 ms", met: (v) => v < 1_000 },
  { name: "postmortem_peak_rss_mb", text: "< 200 MB", met: (v) => v < 200 },
  { name: "ready_ms", text: "< 1500 ms", met: (v) => v < 1_500 },
  { name: "idle_rss_mb", text: "< 120 MB", met: (v) => v < 120 },
];

const figures: Figure[] = [];

function emit(figure: Figure): void {
  figures.push(figure);
  process.stdout.write(`${JSON.stringify(figure)}\n`);
}

const SECTIONS: readonly { name: string; run: (e: typeof emit) => Promise<void> }[] = [
  { name: "footprint", run: footprint },
  { name: "intake", run: intake },
  { name: "storm", run: storm },
  { name: "postmortem", run: postmortem },
];

function table(): string {
  const rows = figures.map((figure) => {
    const target = TARGETS.find((t) => t.name === figure.name);
    const verdict = target ? (target.met(figure.value) ? "met" : "MISSED") : "";
    return [figure.name, String(figure.value), figure.unit, target?.text ?? "", verdict];
  });
  for (const target of TARGETS) {
    if (!figures.some((figure) => figure.name === target.name)) {
      rows.push([target.name, "n/a", "", target.text, "not measured"]);
    }
  }
  const header = ["figure", "value", "unit", "target", ""];
  const widths = header.map((h, i) =>
    Math.max(h.length, ...rows.map((row) => row[i]?.length ?? 0)),
  );
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, i) => (i === 1 ? cell.padStart(widths[i] ?? 0) : cell.padEnd(widths[i] ?? 0)))
      .join("  ")
      .trimEnd();
  return [line(header), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)].join("\n");
}

// Everything the bench and its processes put in the temp folder — data directories, and the
// compile cache that Firebreak's modules keep there — goes to a folder of its own, removed at the
// end: the user's own compile cache is neither used nor changed.
const benchTemp = mkdtempSync(join(tmpdir(), "firebreak-bench-"));
process.env.TMPDIR = benchTemp;
delete process.env.NODE_COMPILE_CACHE;

process.on("unhandledRejection", (error) => {
  progress(`unexpected: ${error instanceof Error ? error.message : String(error)}`);
});

const started = performance.now();
progress(
  `Node ${process.version}, ${cpus().length} CPU(s); sections: ${SECTIONS.map((s) => s.name).join(", ")}`,
);
for (const section of SECTIONS) {
  const sectionStarted = performance.now();
  try {
    await section.run(emit);
  } catch (error) {
    progress(
      `${section.name} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
    );
  }
  progress(`${section.name} done in ${((performance.now() - sectionStarted) / 1000).toFixed(1)} s`);
}

const measured = TARGETS.filter((target) => figures.some((f) => f.name === target.name));
const met = measured.filter((target) => {
  const figure = figures.find((f) => f.name === target.name);
  return figure !== undefined && target.met(figure.value);
});
const missed = measured.filter((target) => !met.includes(target));
const unmeasured = TARGETS.filter((target) => !measured.includes(target));
process.stdout.write(`\n${table()}\n\n`);
process.stdout.write(
  `Targets met: ${met.length} of ${TARGETS.length}: ${met.map((t) => t.name).join(", ") || "none"}\n`,
);
if (missed.length > 0) process.stdout.write(`Missed: ${missed.map((t) => t.name).join(", ")}\n`);
if (unmeasured.length > 0)
  process.stdout.write(`Not measured: ${unmeasured.map((t) => t.name).join(", ")}\n`);
rmSync(benchTemp, { recursive: true, force: true });
progress(`finished in ${((performance.now() - started) / 1000).toFixed(1)} s`);
process.exit(0);
