import { escapeHtml } from "../../core/escape-html.ts";
import { publicMarkdown } from "../../core/public-markdown.ts";
import type { SiteIncident } from "../../core/site-model.ts";
import { renderPage, timeHtml } from "./site-layout.ts";
import { renderSiteMarkdown } from "./site-markdown.ts";

/** The rendered public part of a postmortem; shared by its page and its feed entry. */
export function postmortemHtml(incident: SiteIncident): string {
  return renderSiteMarkdown(
    publicMarkdown(incident.markdown),
    `${incident.ref}: ${incident.title}`,
  );
}

/** One postmortem's page, at incidents/INC-<number>.html (so links go one level up). */
export function renderIncidentPage(
  siteTitle: string,
  generatedAt: string,
  incident: SiteIncident,
  html: string,
): string {
  const facts = [incident.severity, incident.status, incident.service ?? ""]
    .filter((fact) => fact !== "")
    .map(escapeHtml)
    .join(" · ");
  return renderPage({
    siteTitle,
    pageTitle: `${incident.ref}: ${incident.title}`,
    root: "../",
    generatedAt,
    body: `<nav class="crumbs"><a href="../index.html">← All incidents</a></nav>
<article class="postmortem">
${html}</article>
<p class="published">${facts} · published ${timeHtml(incident.publishedAt)}</p>`,
  });
}
