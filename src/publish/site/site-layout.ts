import { escapeHtml } from "../../core/escape-html.ts";
import { formatDateTime } from "../../core/format-time.ts";

/**
 * Nothing on the site runs code or loads anything from elsewhere; the policy makes the browser
 * enforce that even if some text slipped through unescaped. base-uri and form-action are not
 * covered by default-src, so they are closed separately.
 */
const CONTENT_SECURITY_POLICY =
  "default-src 'none'; style-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'";

export interface PageShell {
  readonly siteTitle: string;
  /** The page's own title, or null for the index. */
  readonly pageTitle: string | null;
  /** "" for pages at the site root, "../" one level down; links stay relative so the site can move. */
  readonly root: string;
  readonly generatedAt: string;
  readonly body: string;
}

/** A timestamp for people, with the machine-readable instant alongside. */
export function timeHtml(iso: string): string {
  return `<time datetime="${escapeHtml(new Date(iso).toISOString())}">${escapeHtml(formatDateTime(iso))}</time>`;
}

/** The HTML around every page: head with the security policy, site header and footer. */
export function renderPage(page: PageShell): string {
  const title = page.pageTitle === null ? page.siteTitle : `${page.pageTitle} — ${page.siteTitle}`;
  const root = page.root;
  // The empty data: icon stops the browser asking the server for /favicon.ico.
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<meta name="referrer" content="no-referrer">
<title>${escapeHtml(title)}</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="${root}style.css">
<link rel="alternate" type="application/atom+xml" title="${escapeHtml(page.siteTitle)}" href="${root}feed.atom">
</head>
<body>
<header class="site-header"><a href="${root}index.html">${escapeHtml(page.siteTitle)}</a></header>
<main>
${page.body}
</main>
<footer class="site-footer">
<p>Generated ${timeHtml(page.generatedAt)} · <a href="${root}feed.atom">Atom feed</a> · <a href="${root}incidents.json">JSON</a></p>
</footer>
</body>
</html>
`;
}
