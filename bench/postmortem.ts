// Postmortem render: incidents of 1,000 / 10,000 / 100,000 timeline events, seeded in one process,
// each drafted in a fresh process of its own so that its peak RSS is its own.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Figure } from "./lib.ts";
import { progress, round, startChild } from "./lib.ts";

const SIZES = [
  { events: 1_000, name: "postmortem_1k_ms", runs: 5 },
  { events: 10_000, name: "postmortem_10k_ms", runs: 3 },
  { events: 100_000, name: "postmortem_100k_ms", runs: 1 },
] as const;

export async function postmortem(emit: (figure: Figure) => void): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), "firebreak-bench-postmortem-"));
  try {
    progress("postmortem: inserting the timelines");
    const seed = startChild("child-postmortem.ts", {
      BENCH_DATA_DIR: dataDir,
      BENCH_POSTMORTEM: "seed",
    });
    const { numbers } = await seed.next("seeded", 180_000);
    await seed.stop();
    const [, ...incidents] = numbers as number[];
    let peak = 0;
    for (const [i, size] of SIZES.entries()) {
      progress(`postmortem: drafting ${size.events} events (${size.runs} run(s), median)`);
      const draft = startChild("child-postmortem.ts", {
        BENCH_DATA_DIR: dataDir,
        BENCH_POSTMORTEM: `draft:${incidents[i]}:${size.runs}`,
      });
      try {
        const result = await draft.next("drafted", 180_000);
        const ms = Number(result.ms);
        const rss = Number(result.peakRssMb);
        progress(
          `postmortem: ${size.events} events: ${Math.round(ms)} ms, ${Math.round(Number(result.bytes) / 1024)} KiB of Markdown (${result.lines} lines), peak RSS ${Math.round(rss)} MB`,
        );
        emit({ name: size.name, value: Math.round(ms), unit: "ms" });
        // What a reader gets: an alert storm's draft stays a few hundred lines (issue 19).
        if (i === SIZES.length - 1) {
          emit({ name: "postmortem_100k_lines", value: Number(result.lines), unit: "lines" });
        }
        peak = Math.max(peak, rss);
      } finally {
        await draft.stop();
      }
    }
    emit({ name: "postmortem_peak_rss_mb", value: round(peak), unit: "MB" });

    // Most of that peak is V8's young generation, which Node 24 lets grow to 2 × 64 MB during a
    // long allocation-heavy task: the same 100,000-event draft with it capped, as an operator can.
    const last = SIZES.length - 1;
    progress(`postmortem: drafting ${SIZES[last]?.events} events again, young generation capped`);
    const capped = startChild("child-postmortem.ts", {
      BENCH_DATA_DIR: dataDir,
      BENCH_POSTMORTEM: `draft:${incidents[last]}:1`,
      NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ""} --max-semi-space-size=16`.trim(),
    });
    try {
      const result = await capped.next("drafted", 180_000);
      progress(
        `postmortem: ${SIZES[last]?.events} events, --max-semi-space-size=16: ${Math.round(Number(result.ms))} ms, peak RSS ${Math.round(Number(result.peakRssMb))} MB`,
      );
      emit({
        name: "postmortem_peak_rss_semi16_mb",
        value: round(Number(result.peakRssMb)),
        unit: "MB (NODE_OPTIONS=--max-semi-space-size=16)",
      });
    } finally {
      await capped.stop();
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}
