import { existsSync, lstatSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Config } from "../config/config.ts";
import { type BlamelessFinding, checkBlameless } from "../core/blameless-check.ts";
import type { Clock } from "../core/clock.ts";
import { FirebreakError } from "../core/firebreak-error.ts";
import type { Incident } from "../core/incident.ts";
import { formatIncidentRef } from "../core/incident-ref.ts";
import { isOpen } from "../core/lifecycle.ts";
import { formatDuration } from "../core/response-metrics.ts";
import { formatSeverity } from "../core/severity.ts";
import type { Store } from "../core/store-ports.ts";
import type { TimelineEntry } from "../core/timeline-event.ts";
import { generatePostmortem, writeTextFile } from "../publish/generate-postmortem.ts";
import { mergeDraft } from "../publish/merge-draft.ts";
import { buildSite } from "../publish/site/build-site.ts";
import { publicMarkdown } from "../publish/site/site-public-markdown.ts";

export type PostmortemSettings = Pick<
  Config,
  | "templatesDir"
  | "timeZone"
  | "postmortemsDir"
  | "publishDir"
  | "blamelessExtra"
  | "blamelessAllow"
  | "siteTitle"
  | "siteBaseUrl"
>;

export interface DraftResult {
  readonly path: string;
  readonly markdown: string;
  readonly findings: readonly BlamelessFinding[];
}

/**
 * Postmortems from draft to publication: drafts live as Markdown files people edit (in git), the
 * database remembers what was generated so regenerating keeps their sections, and publishing
 * writes the public Markdown and rebuilds the static site.
 */
export function createPostmortemWorkflow(store: Store, clock: Clock, settings: PostmortemSettings) {
  const draftsDir = join(settings.postmortemsDir, "drafts");
  const draftPath = (number: number) => join(draftsDir, `${formatIncidentRef(number)}.md`);
  const publishedPath = (number: number) =>
    join(settings.postmortemsDir, `${formatIncidentRef(number)}.md`);
  const lint = (markdown: string) =>
    checkBlameless(markdown, {
      extraPhrases: settings.blamelessExtra,
      allow: settings.blamelessAllow,
    });
  const readIfThere = (path: string) => (existsSync(path) ? readFileSync(path, "utf8") : undefined);

  /**
   * The postmortems folder is one people commit to, and git keeps symlinks: a link at a draft, a
   * published file or the drafts folder would make Firebreak copy any file it can read into a
   * draft and onto the public site, or overwrite it. Such a path is refused, never followed.
   */
  const assertNotLinked = (path: string, kind: "file" | "folder") => {
    if (!isNotPlain(path, kind)) return;
    throw new FirebreakError(
      "postmortem_path_blocked",
      `${path} is a symlink (or not a plain ${kind}): Firebreak does not read or write a postmortem through it. Replace it with a plain ${kind}.`,
    );
  };
  const assertDraftPath = (number: number) => {
    assertNotLinked(draftsDir, "folder");
    assertNotLinked(draftPath(number), "file");
  };

  /** Writes the draft (keeping what people changed since the last one) and checks its language. */
  async function draft(number: number): Promise<DraftResult> {
    assertDraftPath(number);
    const generated = await generatePostmortem(store, number, {
      templatesDir: settings.templatesDir,
      timeZone: settings.timeZone,
      clock,
    });
    const path = draftPath(number);
    const previous = store.postmortems.get(number);
    const markdown = mergeDraft(generated, previous?.generated, readIfThere(path));
    writeTextFile(path, markdown);
    store.postmortems.save({
      incidentNumber: number,
      status: previous?.status === "in_review" ? "in_review" : "draft",
      generated,
      updatedAt: clock.now().toISOString(),
      publishedAt: previous?.publishedAt ?? null,
    });
    return { path, markdown, findings: lint(markdown) };
  }

  function setStatus(number: number, status: "in_review" | "published") {
    const record = store.postmortems.get(number);
    if (!record) throw noDraft(number);
    const at = clock.now().toISOString();
    store.postmortems.save({
      ...record,
      status,
      updatedAt: at,
      publishedAt: status === "published" ? at : record.publishedAt,
    });
  }

  /** Rebuilds the public site from every published postmortem of a non-private incident. */
  function buildPublicSite(outDir = settings.publishDir) {
    const incidents = store.postmortems.listPublished().flatMap((record) => {
      const incident = store.incidents.get(record.incidentNumber);
      const path = publishedPath(record.incidentNumber);
      // A published file swapped for a link is left out of the site rather than followed.
      const markdown = isNotPlain(path, "file") ? undefined : readIfThere(path);
      if (!incident || incident.private || markdown === undefined) return [];
      return [siteIncident(incident, markdown, record.publishedAt ?? record.updatedAt)];
    });
    const current = store.incidents
      .list()
      .filter(
        (incident) => isOpen(incident.status) && incident.status !== "triage" && !incident.private,
      )
      .map((incident) => currentIncident(incident, store.timeline.list(incident.number)));
    return buildSite(
      {
        title: settings.siteTitle,
        baseUrl: settings.siteBaseUrl,
        generatedAt: clock.now().toISOString(),
        incidents,
        current,
      },
      outDir,
    );
  }

  return {
    draftPath,
    publishedPath,
    draft,
    buildPublicSite,
    review: (number: number) => setStatus(number, "in_review"),
    siteIndex: () => join(settings.publishDir, "index.html"),

    /**
     * Publishes the edited draft: refused for private incidents and while the blameless check
     * finds something, unless a reason to publish anyway is given (the caller records it, closes
     * the incident and then rebuilds the site once).
     */
    publish(incident: Incident, waive: string | undefined) {
      if (incident.private) {
        throw new FirebreakError("private_incident", "Private incidents are never published.");
      }
      assertDraftPath(incident.number);
      const path = publishedPath(incident.number);
      assertNotLinked(path, "file");
      const markdown = readIfThere(draftPath(incident.number));
      if (markdown === undefined) throw noDraft(incident.number);
      const findings = lint(markdown);
      if (findings.length > 0 && !waive) return { published: false as const, findings };
      const date = clock.now().toISOString().slice(0, 10);
      const stamped = markdown
        .replace(/^\| Status \| Draft — for review \|$/m, `| Status | Published ${date} |`)
        .replace(/^\| Incident status \| \w+ \|$/m, "| Incident status | closed |");
      writeTextFile(path, publicMarkdown(stamped).replace(/\n{3,}/g, "\n\n"));
      setStatus(incident.number, "published");
      return { published: true as const, findings, path };
    },
  };
}

export type PostmortemWorkflow = ReturnType<typeof createPostmortemWorkflow>;

function noDraft(number: number): FirebreakError {
  return new FirebreakError(
    "no_draft",
    `${formatIncidentRef(number)} has no postmortem draft yet.`,
  );
}

/** Whether the path exists as something other than a plain file or folder (a symlink, say). */
function isNotPlain(path: string, kind: "file" | "folder"): boolean {
  let stats: ReturnType<typeof lstatSync>;
  try {
    stats = lstatSync(path);
  } catch {
    return false; // not there yet: Firebreak creates it
  }
  return kind === "file" ? !stats.isFile() : !stats.isDirectory();
}

function siteIncident(incident: Incident, markdown: string, publishedAt: string) {
  const duration = incident.resolvedAt
    ? formatDuration(Date.parse(incident.resolvedAt) - Date.parse(incident.openedAt))
    : null;
  return {
    number: incident.number,
    ref: formatIncidentRef(incident.number),
    title: incident.title,
    severity: formatSeverity(incident.severity),
    status: incident.status,
    service: incident.service,
    openedAt: incident.openedAt,
    resolvedAt: incident.resolvedAt,
    duration,
    publishedAt,
    markdown,
  };
}

/** What the status page says of an open incident: its status updates, newest first. */
function currentIncident(incident: Incident, timeline: readonly TimelineEntry[]) {
  return {
    ref: formatIncidentRef(incident.number),
    title: incident.title,
    severity: formatSeverity(incident.severity),
    status: incident.status,
    openedAt: incident.openedAt,
    updates: timeline
      .flatMap((entry) =>
        entry.event.kind === "update" && entry.withdrawnAt === null
          ? [
              {
                at: entry.occurredAt,
                status: entry.event.status ?? null,
                text: entry.event.text,
                impact: entry.event.impact ?? null,
                nextUpdateAt: entry.event.nextUpdateAt ?? null,
              },
            ]
          : [],
      )
      .reverse(),
  };
}
