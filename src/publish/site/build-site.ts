import { resolve } from "node:path";
import { atPath } from "../../core/filesystem-fault.ts";
import { FirebreakError } from "../../core/firebreak-error.ts";
import type { SiteInput } from "../../core/site-model.ts";
import { renderAtomFeed } from "./site-feed.ts";
import { writeSiteFiles } from "./site-files.ts";
import { postmortemHtml, renderIncidentPage } from "./site-incident-page.ts";
import { orderSiteIncidents } from "./site-incidents.ts";
import { renderIndexPage } from "./site-index-page.ts";
import { renderIncidentsJson } from "./site-json.ts";
import { incidentPagePath, normalizeBaseUrl } from "./site-paths.ts";
import { SITE_CSS } from "./site-style.ts";

export type { CurrentIncident, SiteIncident, SiteInput } from "../../core/site-model.ts";

/**
 * Builds the public incident site into `outDir`: index.html (history, newest first), one
 * incidents/INC-<number>.html per postmortem, feed.atom, incidents.json and style.css. Pages of
 * postmortems no longer in `input` are removed; files the site did not write are never touched
 * (a small manifest, .firebreak-site.json, remembers which are the site's). Internal sections and
 * reviewer prompts are dropped and all user text is escaped. Returns the site's files, relative
 * to `outDir`, sorted.
 *
 * The caller decides what is public: private incidents must not be passed in.
 */
export function buildSite(input: SiteInput, outDir: string): { files: string[] } {
  if (Number.isNaN(Date.parse(input.generatedAt))) {
    throw new FirebreakError(
      "invalid_site_input",
      `generatedAt "${input.generatedAt}" is not a timestamp.`,
    );
  }
  const base = normalizeBaseUrl(input.baseUrl);
  const incidents = orderSiteIncidents(input.incidents);
  const rendered = incidents.map((incident) => ({ incident, html: postmortemHtml(incident) }));

  const files = new Map<string, string>([
    ["index.html", renderIndexPage(input.title, input.generatedAt, incidents, input.current ?? [])],
    ["style.css", SITE_CSS],
    [
      "feed.atom",
      renderAtomFeed({
        title: input.title,
        base,
        generatedAt: input.generatedAt,
        entries: rendered,
      }),
    ],
    ["incidents.json", renderIncidentsJson(base, incidents)],
  ]);
  for (const { incident, html } of rendered) {
    files.set(
      incidentPagePath(incident.number),
      renderIncidentPage(input.title, input.generatedAt, incident, html),
    );
  }
  const out = resolve(outDir);
  atPath(out, () => writeSiteFiles(out, files));
  return { files: [...files.keys()].sort() };
}
