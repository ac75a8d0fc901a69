import { createRequire } from "node:module";
import type { MarkdownIt, StateCore, Token } from "markdown-it";
import { escapeHtml } from "../../core/escape-html.ts";

// Loaded on first use (its CommonJS build, synchronously): only publishing and the status page
// render Markdown, so a running bot does not carry the parser until then.
const loadMarkdownIt = () =>
  createRequire(import.meta.url)("markdown-it") as typeof import("markdown-it").default;

/** Only these schemes become links; everything else (javascript:, data:, relative) stays text. */
const SAFE_LINK = /^(?:https?|mailto):/i;

/**
 * Postmortems are written by people and contain text from chat and alerts, so rendering is locked
 * down: raw HTML is escaped rather than passed through, bare URLs are not turned into links, and a
 * link whose scheme is not http, https or mailto is left as plain text.
 */
function createRenderer(): MarkdownIt {
  const md = loadMarkdownIt()("default", { html: false, linkify: false, typographer: false });
  md.validateLink = (url) => SAFE_LINK.test(url.trim());
  md.renderer.rules.table_open = () => '<div class="table-scroll">\n<table>\n';
  md.renderer.rules.table_close = () => "</table>\n</div>\n";
  // An image would be an external asset (and the CSP blocks it): link to it instead.
  md.renderer.rules.image = (tokens, idx, options, env, self) => {
    const token = tokens[idx];
    if (!token) return "";
    const alt = self.renderInlineAsText(token.children ?? [], options, env) || "image";
    return `<a href="${escapeHtml(String(token.attrGet("src") ?? ""))}">${escapeHtml(alt)}</a>`;
  };
  md.core.ruler.after("text_join", "line_breaks", lineBreaks);
  return md;
}

/** A `<br>` tag as a postmortem template writes it (Liquid's newline_to_br) for a table cell. */
const BR_TAG = /<br\s*\/?>/i;

/**
 * Multi-line notes reach table cells as `<br />`, which GitHub shows as a line break. Raw HTML
 * stays off, so that tag alone becomes a line break token; everything around it remains escaped
 * text (a `<br>` typed by someone is a line break too, which is harmless).
 */
function lineBreaks(state: StateCore): void {
  for (const block of state.tokens) {
    if (block.type !== "inline" || !block.children?.some((t) => BR_TAG.test(t.content))) continue;
    block.children = block.children.flatMap((token) => {
      if (token.type !== "text" || !BR_TAG.test(token.content)) return [token];
      return token.content.split(new RegExp(BR_TAG.source, "gi")).flatMap((part, i) => {
        const text = new state.Token("text", "", 0);
        text.content = part;
        return i === 0 ? [text] : [new state.Token("hardbreak", "br", 0), text];
      });
    });
  }
}

let renderer: MarkdownIt | undefined;

/**
 * Aligned table cells come out as `style="text-align:…"`, which the site's CSP refuses (no inline
 * styles); a class from style.css does the same job.
 */
function alignmentToClass(tokens: Token[]): void {
  for (const token of tokens) {
    if (token.type !== "th_open" && token.type !== "td_open") continue;
    const align = /text-align:(left|center|right)/.exec(String(token.attrGet("style") ?? ""))?.[1];
    token.attrs = token.attrs?.filter(([name]) => name !== "style") ?? null;
    if (align) token.attrJoin("class", `align-${align}`);
  }
}

/**
 * Renders a postmortem's (already public) Markdown to HTML. When the Markdown has no top-level
 * heading, `heading` becomes one so every page has a title.
 */
export function renderSiteMarkdown(markdown: string, heading: string): string {
  const env = {};
  renderer ??= createRenderer();
  const md = renderer;
  const tokens = md.parse(markdown, env);
  alignmentToClass(tokens);
  const html = md.renderer.render(tokens, md.options, env);
  const hasTitle = tokens.some((token) => token.type === "heading_open" && token.tag === "h1");
  return hasTitle ? html : `<h1>${escapeHtml(heading)}</h1>\n${html}`;
}
