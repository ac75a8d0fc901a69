/** A Markdown document cut at its `## ` headings; the text before the first one is keyed "". */
function sectionsOf(markdown: string): Map<string, string> {
  const sections = new Map<string, string>();
  let key = "";
  let lines: string[] = [];
  for (const line of markdown.split("\n")) {
    if (line.startsWith("## ")) {
      sections.set(key, lines.join("\n"));
      key = line.trim();
      lines = [];
    }
    lines.push(line);
  }
  sections.set(key, lines.join("\n"));
  return sections;
}

const normalise = (text: string | undefined) => text?.replace(/\s+$/g, "");

/**
 * Regenerates a draft without losing what people wrote: a section of the edited draft that differs
 * from what Firebreak generated last time was edited by someone, so it stays; the others take the
 * new facts. Sections people added stay too, at the end.
 */
export function mergeDraft(
  generated: string,
  previousGenerated: string | undefined,
  edited: string | undefined,
): string {
  if (edited === undefined || previousGenerated === undefined) return generated;
  const fresh = sectionsOf(generated);
  const before = sectionsOf(previousGenerated);
  const human = sectionsOf(edited);
  const merged: string[] = [];
  for (const [key, text] of fresh) {
    const theirs = human.get(key);
    const changedByPeople =
      theirs !== undefined && normalise(theirs) !== normalise(before.get(key));
    merged.push(changedByPeople ? theirs : text);
  }
  for (const [key, text] of human) {
    if (!fresh.has(key) && !before.has(key)) merged.push(text);
  }
  return `${merged.map((text) => text.replace(/\s+$/, "")).join("\n\n")}\n`;
}
