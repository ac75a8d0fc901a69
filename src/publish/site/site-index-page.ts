import { escapeHtml, escapeHtmlLines } from "../../core/escape-html.ts";
import type { CurrentIncident, SiteIncident } from "../../core/site-model.ts";
import { renderPage, timeHtml } from "./site-layout.ts";
import { incidentPagePath } from "./site-paths.ts";

/** A colour class for the usual severities; anything else just gets the neutral badge. */
function severityBadge(severity: string): string {
  const level = /^SEV([1-4])$/i.exec(severity.trim())?.[1];
  const levelClass = level === undefined ? "" : ` sev-${level}`;
  return `<span class="sev${levelClass}">${escapeHtml(severity)}</span>`;
}

function row(incident: SiteIncident): string {
  // data-label names each cell, so on a phone the row can stack as a labelled card.
  return `<tr>
<td data-label="Incident" class="ref">${escapeHtml(incident.ref)}</td>
<td data-label="Title" class="title"><a href="${incidentPagePath(incident.number)}">${escapeHtml(incident.title)}</a></td>
<td data-label="Severity">${severityBadge(incident.severity)}</td>
<td data-label="Status">${escapeHtml(incident.status)}</td>
<td data-label="Opened">${timeHtml(incident.openedAt)}</td>
<td data-label="Duration">${escapeHtml(incident.duration ?? "—")}</td>
</tr>`;
}

function currentIncident(incident: CurrentIncident): string {
  const updates = incident.updates.map(
    (
      update,
    ) => `<li><p>${timeHtml(update.at)}${update.status ? ` — <strong>${escapeHtml(update.status)}</strong>` : ""}</p>
<p>${escapeHtmlLines(update.text)}</p>${update.impact ? `\n<p>Impact: ${escapeHtml(update.impact)}</p>` : ""}${update.nextUpdateAt ? `\n<p>Next update by ${timeHtml(update.nextUpdateAt)}</p>` : ""}</li>`,
  );
  return `<section class="current">
<h3>${severityBadge(incident.severity)} ${escapeHtml(incident.ref)}: ${escapeHtml(incident.title)}</h3>
<p>${escapeHtml(incident.status)} since ${timeHtml(incident.openedAt)}</p>
${updates.length === 0 ? "<p>We are investigating; updates follow here.</p>" : `<ul class="updates">\n${updates.join("\n")}\n</ul>`}
</section>`;
}

/** The incident history: every published postmortem, in the order given (newest first). */
export function renderIndexPage(
  siteTitle: string,
  generatedAt: string,
  incidents: readonly SiteIncident[],
  current: readonly CurrentIncident[] = [],
): string {
  const list =
    incidents.length === 0
      ? `<p class="empty">No postmortems have been published yet.</p>`
      : `<p class="lede">${incidents.length === 1 ? "One published postmortem" : `${incidents.length} published postmortems`}, newest first.</p>
<div class="table-scroll">
<table class="incidents">
<thead><tr><th>Incident</th><th>Title</th><th>Severity</th><th>Status</th><th>Opened</th><th>Duration</th></tr></thead>
<tbody>
${incidents.map(row).join("\n")}
</tbody>
</table>
</div>`;
  return renderPage({
    siteTitle,
    pageTitle: null,
    root: "",
    generatedAt,
    body: `<h1>${escapeHtml(siteTitle)}</h1>\n${
      current.length > 0
        ? `<h2>Current incidents</h2>\n${current.map(currentIncident).join("\n")}\n<h2>History</h2>\n`
        : ""
    }${list}`,
  });
}
