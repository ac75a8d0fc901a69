import { existsSync } from "node:fs";
import { join } from "node:path";
import type { Emitter } from "liquidjs";
import { FirebreakError } from "../core/firebreak-error.ts";
import type { PostmortemModel } from "../core/postmortem-model.ts";

/** Firebreak's own templates, used when the operator's folder lacks a file. */
export const BUNDLED_TEMPLATES_DIR = join(import.meta.dirname, "..", "..", "templates");

export const POSTMORTEM_TEMPLATE = "postmortem.md.liquid";

const NEWLINE = 10;
/**
 * Pieces are joined once they hold this many characters: a string that large is created outside
 * V8's young generation, so the document does not pass through it (which makes V8 grow the young
 * generation to its largest, some 100 MB more memory, over a long draft).
 */
const CHUNK_CHARACTERS = 256 * 1024;
/** Wall-clock ms one render may take. */
const RENDER_LIMIT_MS = 60_000;
/** liquidjs's units: items in a `(1..n)` range, characters built by string filters. */
const MEMORY_LIMIT_UNITS = 200_000_000;

/**
 * Collects what a template writes in pieces joined a few thousand at a time, then once at the end
 * (a long timeline writes a million pieces: appended one by one they build a chain of a million
 * partial strings, and collected in one array they make it grow and be copied over and over), and
 * collapses runs of three or more newlines to two as they stream past — the same text as
 * collapsing them in the finished document, without another full copy of it.
 */
class DraftEmitter implements Emitter {
  buffer = "";
  private pieces: string[] = [];
  private pending = 0;
  private readonly chunks: string[] = [];
  /** Newlines at the end of what was kept so far (never more than two). */
  private newlines = 0;
  /** Liquid's own: drops render as their valueOf(). */
  private readonly toValue: (value: unknown) => unknown;

  constructor(toValue: (value: unknown) => unknown) {
    this.toValue = toValue;
  }

  /** What Liquid's emitters write for a value (liquidjs's `stringify`). */
  private stringify(html: unknown): string {
    const value = this.toValue(html);
    if (typeof value === "string") return value;
    if (value === null || value === undefined) return "";
    if (Array.isArray(value)) return value.map((item) => this.stringify(item)).join("");
    return String(value);
  }

  write(html: unknown): void {
    const text = this.stringify(html);
    if (text === "") return;
    let leading = 0;
    while (leading < text.length && text.charCodeAt(leading) === NEWLINE) leading++;
    const kept = Math.min(leading, 2 - this.newlines);
    if (kept > 0) this.add(kept === 1 ? "\n" : "\n\n");
    if (leading === text.length) {
      this.newlines += kept;
      return;
    }
    const rest = leading === 0 ? text : text.slice(leading);
    const collapsed = rest.includes("\n\n\n") ? rest.replace(/\n{3,}/g, "\n\n") : rest;
    this.add(collapsed);
    let trailing = 0;
    while (collapsed.charCodeAt(collapsed.length - 1 - trailing) === NEWLINE) trailing++;
    this.newlines = trailing;
  }

  private add(piece: string): void {
    this.pieces.push(piece);
    this.pending += piece.length;
    if (this.pending >= CHUNK_CHARACTERS) {
      this.chunks.push(this.pieces.join(""));
      this.pieces = [];
      this.pending = 0;
    }
  }

  text(): string {
    this.chunks.push(this.pieces.join(""));
    this.pieces = [];
    return this.chunks.join("");
  }
}

/**
 * Renders a postmortem with Liquid: templates read the model but cannot run code. A broken
 * template fails with its file and line.
 */
export async function renderPostmortem(
  model: PostmortemModel,
  templatesDir: string,
  templateName = POSTMORTEM_TEMPLATE,
): Promise<string> {
  const roots = [templatesDir, BUNDLED_TEMPLATES_DIR];
  const file = roots.map((root) => join(root, templateName)).find((path) => existsSync(path));
  if (!file) {
    throw new FirebreakError(
      "missing_template",
      `No template ${templateName} in ${templatesDir} or ${BUNDLED_TEMPLATES_DIR}.`,
    );
  }
  // Loaded on first use: the server starts without it.
  const { Context, Liquid, toValue, toValueSync } = await import("liquidjs");
  // Roots in order: the operator's folder first, so its files (and includes) win over ours.
  const engine = new Liquid({
    root: roots,
    strictFilters: true,
    ownPropertyOnly: true,
    // An edited template cannot run away: a 100,000-entry timeline renders in about 2 s and
    // charges a few million units, far below these.
    renderLimit: RENDER_LIMIT_MS,
    memoryLimit: MEMORY_LIMIT_UNITS,
  });
  try {
    // Synchronously: no tag or filter Firebreak allows is asynchronous, and the async renderer
    // turns every tag, output and filter of every timeline row into promises (most of the time
    // a 10,000-entry draft took). Into an emitter of ours, for the reasons above.
    const template = engine.parseFileSync(templateName);
    const context = new Context({ ...model }, engine.options, { sync: true }, { liquid: engine });
    const emitter = new DraftEmitter(toValue);
    toValueSync(engine.renderer.renderTemplates(template, context, emitter));
    return `${emitter.text().trim()}\n`;
  } catch (error) {
    throw new FirebreakError("template_error", `${file}: ${(error as Error).message}`);
  }
}
