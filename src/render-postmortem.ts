import { existsSync } from "node:fs";
import { join } from "node:path";
import { Liquid } from "liquidjs";
import { FirebreakError } from "./firebreak-error.ts";
import type { PostmortemModel } from "./postmortem-model.ts";

/** Firebreak's own templates, used when the operator's folder lacks a file. */
export const BUNDLED_TEMPLATES_DIR = join(import.meta.dirname, "..", "templates");

export const POSTMORTEM_TEMPLATE = "postmortem.md.liquid";

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
  // Roots in order: the operator's folder first, so its files (and includes) win over ours.
  const engine = new Liquid({
    root: roots,
    strictFilters: true,
    ownPropertyOnly: true,
  });
  try {
    const template = await engine.parseFile(templateName);
    const text = await engine.render(template, { ...model });
    return `${text.replace(/\n{3,}/g, "\n\n").trim()}\n`;
  } catch (error) {
    throw new FirebreakError("template_error", `${file}: ${(error as Error).message}`);
  }
}
