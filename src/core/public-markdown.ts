const INTERNAL_START = /^\s*<!--\s*internal:start\s*-->\s*$/;
const INTERNAL_END = /^\s*<!--\s*internal:end\s*-->\s*$/;
/** A reviewer prompt from the template: a quote line starting with ✍️ (with or without U+FE0F). */
const PROMPT = /^\s*>\s*\u270D\uFE0F?(?:\s.*)?$/u;

/**
 * The part of a postmortem that may be shown to the public. Runs on the Markdown source, before
 * rendering, so internal sections never reach the page in any form (not even escaped).
 *
 * - Lines from `<!-- internal:start -->` to `<!-- internal:end -->` go, markers included. Markers
 *   nest, and a start without an end hides the rest of the document: a typo must fail closed.
 * - Unanswered reviewer prompts (`> ✍️ …`) go: they are questions for the team, not content.
 * - Headings left with nothing under them go with them.
 */
export function publicMarkdown(markdown: string): string {
  const kept: string[] = [];
  let depth = 0;
  let removing = false;
  for (const line of markdown.split(/\r\n?|\n/)) {
    if (INTERNAL_START.test(line)) {
      depth += 1;
    } else if (INTERNAL_END.test(line)) {
      // A stray end marker outside any section is dropped too; it would only show up escaped.
      depth = Math.max(0, depth - 1);
    } else if (depth === 0 && !PROMPT.test(line)) {
      kept.push(line);
      removing = false;
      continue;
    }
    // What is removed leaves one blank line, so the text around it cannot merge into one block
    // (a paragraph followed by "---" would turn into a heading).
    if (!removing) kept.push("");
    removing = true;
  }
  return dropEmptySections(kept).join("\n");
}

const HEADING = /^ {0,3}(#{1,6})(?:[ \t]|$)/;
const FENCE = /^ {0,3}(`{3,}|~{3,})/;

/** Heading level per line (0 for other lines), ignoring lines inside fenced code. */
function headingLevels(lines: readonly string[]): number[] {
  let fence: string | null = null;
  return lines.map((line) => {
    const marker = FENCE.exec(line)?.[1];
    if (fence !== null) {
      if (marker !== undefined && marker[0] === fence[0] && marker.length >= fence.length) {
        fence = null;
      }
      return 0;
    }
    if (marker !== undefined) {
      fence = marker;
      return 0;
    }
    return HEADING.exec(line)?.[1]?.length ?? 0;
  });
}

/**
 * Once the prompts are gone, sections nobody wrote anything in are bare headings; a reader would
 * take them for a broken page. A heading goes when nothing but blank lines separates it from the
 * next heading of the same or a higher level (or the end).
 */
function dropEmptySections(lines: readonly string[]): string[] {
  const levels = headingLevels(lines);
  const kept: string[] = [];
  // Walking backwards, the level of the next kept non-blank line: 0 for text; the end of the
  // document counts as a level-1 heading, since it closes every section.
  let next = 1;
  for (let index = lines.length - 1; index >= 0; index -= 1) {
    const line = lines[index] ?? "";
    const level = levels[index] ?? 0;
    if (level > 0 && next > 0 && next <= level) continue;
    kept.push(line);
    if (line.trim() !== "") next = level;
  }
  return kept.reverse();
}
