/**
 * The site's only stylesheet, served as style.css (the CSP allows no inline styles). System
 * fonts only, so nothing is fetched from elsewhere. Narrow screens: the index rows stack into
 * labelled cards and postmortem tables scroll sideways inside their box, never the whole page.
 */
export const SITE_CSS = `:root {
  --text: #1d2127;
  --muted: #5b6470;
  --bg: #ffffff;
  --panel: #f4f6f8;
  --line: #d8dde3;
  --link: #0b5cad;
  --sev1: #b3261e;
  --sev2: #b35c00;
  --sev3: #7a6a00;
  --sev4: #3d6b35;
  color-scheme: light dark;
}
@media (prefers-color-scheme: dark) {
  :root {
    --text: #e4e7eb;
    --muted: #a3acb8;
    --bg: #15181c;
    --panel: #1f2329;
    --line: #343a42;
    --link: #7ab7ff;
    --sev1: #ff8a80;
    --sev2: #ffb870;
    --sev3: #e6d36a;
    --sev4: #9ad48c;
  }
}
*, *::before, *::after { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; text-size-adjust: 100%; }
body {
  margin: 0;
  background: var(--bg);
  color: var(--text);
  font: 16px/1.55 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "DejaVu Sans", sans-serif;
  overflow-wrap: break-word;
}
a { color: var(--link); }
time { white-space: nowrap; }
.site-header, main, .site-footer {
  max-width: 56rem;
  margin: 0 auto;
  padding: 0 1rem;
}
.site-header {
  padding-top: 0.75rem;
  padding-bottom: 0.75rem;
  border-bottom: 1px solid var(--line);
  font-weight: 600;
}
.site-header a { color: var(--text); text-decoration: none; }
.site-footer {
  margin-top: 2.5rem;
  padding-top: 0.75rem;
  padding-bottom: 1.5rem;
  border-top: 1px solid var(--line);
  color: var(--muted);
  font-size: 0.875rem;
}
h1 { font-size: 1.6rem; line-height: 1.25; margin: 1.25rem 0 0.75rem; }
h2 { font-size: 1.25rem; line-height: 1.3; margin: 2rem 0 0.5rem; padding-bottom: 0.25rem; border-bottom: 1px solid var(--line); }
h3 { font-size: 1.05rem; margin: 1.5rem 0 0.5rem; }
.lede, .empty, .published, .crumbs { color: var(--muted); }
.crumbs { margin: 1rem 0 0; font-size: 0.9rem; }
.published { font-size: 0.9rem; margin-top: 2rem; }
code, pre { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, "DejaVu Sans Mono", monospace; font-size: 0.9em; }
code { background: var(--panel); padding: 0.1em 0.3em; border-radius: 4px; overflow-wrap: anywhere; }
pre { background: var(--panel); padding: 0.75rem; border-radius: 6px; overflow-x: auto; }
pre code { background: none; padding: 0; overflow-wrap: normal; }
blockquote { margin: 1rem 0; padding: 0.25rem 1rem; border-left: 4px solid var(--line); color: var(--muted); }
hr { border: 0; border-top: 1px solid var(--line); margin: 2rem 0; }
.table-scroll {
  overflow-x: auto;
  -webkit-overflow-scrolling: touch;
  margin: 1rem 0;
  max-width: 100%;
}
table { border-collapse: collapse; width: 100%; font-size: 0.95rem; }
th, td { text-align: left; vertical-align: top; padding: 0.4rem 0.6rem; border-bottom: 1px solid var(--line); }
th { background: var(--panel); font-weight: 600; }
.postmortem td:first-child { white-space: nowrap; }
/* The last column holds the free text: long identifiers in it (alert names, hosts) may break
   anywhere, so the table fits the screen instead of scrolling. */
.postmortem td:last-child:not(:first-child) { overflow-wrap: anywhere; }
/* Key-value tables (like the postmortem's header) have an empty header row: no grey bar for it. */
.postmortem thead:not(:has(th:not(:empty))) { display: none; }
.align-left { text-align: left; }
.align-center { text-align: center; }
.align-right { text-align: right; }
.incidents td { white-space: nowrap; }
.incidents td.title { white-space: normal; min-width: 14rem; overflow-wrap: anywhere; }
.incidents .ref { font-variant-numeric: tabular-nums; color: var(--muted); }
.sev {
  display: inline-block;
  padding: 0 0.45em;
  border: 1px solid currentColor;
  border-radius: 4px;
  font-size: 0.85em;
  font-weight: 600;
  color: var(--muted);
}
.sev-1 { color: var(--sev1); }
.sev-2 { color: var(--sev2); }
.sev-3 { color: var(--sev3); }
.sev-4 { color: var(--sev4); }
@media (max-width: 40rem) {
  h1 { font-size: 1.35rem; }
  th, td { padding: 0.35rem 0.4rem; }
  /* A collapsed alert burst's time is a range (14:00:01–14:06:41): on a phone it wraps after the
     dash, or the row's text is squeezed into a sliver and broken inside words. */
  .postmortem td:first-child { white-space: normal; }
  .incidents, .incidents tbody, .incidents tr, .incidents td { display: block; width: 100%; }
  .incidents thead { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); }
  .incidents tr { border: 1px solid var(--line); border-radius: 8px; padding: 0.5rem 0.75rem; margin: 0 0 0.75rem; }
  .incidents td { display: flex; gap: 0.75rem; border: 0; padding: 0.15rem 0; white-space: normal; }
  .incidents td.title { min-width: 0; font-weight: 600; }
  .incidents td > * { min-width: 0; }
  .incidents td::before { content: attr(data-label); flex: 0 0 5.5rem; color: var(--muted); font-weight: 400; }
}
`;
