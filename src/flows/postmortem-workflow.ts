import { type BlamelessFinding, checkBlameless } from "../core/blameless-check.ts";
import type { Clock } from "../core/clock.ts";
import { FirebreakError } from "../core/firebreak-error.ts";
import type { Incident } from "../core/incident.ts";
import { formatIncidentRef } from "../core/incident-ref.ts";
import { isOpen } from "../core/lifecycle.ts";
import { mergeDraft } from "../core/merge-draft.ts";
import type { PostmortemPublisher } from "../core/postmortem-publisher.ts";
import { publicMarkdown } from "../core/public-markdown.ts";
import { formatDuration } from "../core/response-metrics.ts";
import { formatSeverity } from "../core/severity.ts";
import type { Store } from "../core/store-ports.ts";
import type { TimelineEntry } from "../core/timeline-event.ts";
import { postmortemModelOf } from "./postmortem-model-of.ts";

/** What the workflow needs of the configuration (the Config object has these, among others). */
export interface PostmortemSettings {
  readonly timeZone: string;
  readonly blamelessExtra: readonly string[];
  readonly blamelessAllow: readonly string[];
  readonly siteTitle: string;
  readonly siteBaseUrl: string | undefined;
}

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
export function createPostmortemWorkflow(
  store: Store,
  clock: Clock,
  settings: PostmortemSettings,
  files: PostmortemPublisher,
) {
  const lint = (markdown: string) =>
    checkBlameless(markdown, {
      extraPhrases: settings.blamelessExtra,
      allow: settings.blamelessAllow,
    });

  /** Writes the draft (keeping what people changed since the last one) and checks its language. */
  async function draft(number: number): Promise<DraftResult> {
    files.checkDraftPath(number);
    const generated = await files.render(
      postmortemModelOf(store, number, clock.now(), settings.timeZone),
    );
    const previous = store.postmortems.get(number);
    const markdown = mergeDraft(generated, previous?.generated, files.readDraft(number));
    files.writeDraft(number, markdown);
    store.postmortems.save({
      incidentNumber: number,
      status: previous?.status === "in_review" ? "in_review" : "draft",
      generated,
      updatedAt: clock.now().toISOString(),
      publishedAt: previous?.publishedAt ?? null,
    });
    return { path: files.draftPath(number), markdown, findings: lint(markdown) };
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
  function buildPublicSite(outDir?: string) {
    const incidents = store.postmortems.listPublished().flatMap((record) => {
      const incident = store.incidents.get(record.incidentNumber);
      // A published file swapped for a link is left out of the site rather than followed.
      const markdown = files.readPublished(record.incidentNumber);
      if (!incident || incident.private || markdown === undefined) return [];
      return [siteIncident(incident, markdown, record.publishedAt ?? record.updatedAt)];
    });
    const current = store.incidents
      .list()
      .filter(
        (incident) => isOpen(incident.status) && incident.status !== "triage" && !incident.private,
      )
      .map((incident) => currentIncident(incident, store.timeline.list(incident.number)));
    return files.buildSite(
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
    draftPath: (number: number) => files.draftPath(number),
    publishedPath: (number: number) => files.publishedPath(number),
    draft,
    buildPublicSite,
    review: (number: number) => setStatus(number, "in_review"),
    siteIndex: () => files.siteIndex(),

    /**
     * Publishes the edited draft: refused for private incidents and while the blameless check
     * finds something, unless a reason to publish anyway is given (the caller records it, closes
     * the incident and then rebuilds the site once).
     */
    publish(incident: Incident, waive: string | undefined) {
      if (incident.private) {
        throw new FirebreakError("private_incident", "Private incidents are never published.");
      }
      files.checkDraftPath(incident.number);
      files.checkPublishedPath(incident.number);
      const markdown = files.readDraft(incident.number);
      if (markdown === undefined) throw noDraft(incident.number);
      const findings = lint(markdown);
      if (findings.length > 0 && !waive) return { published: false as const, findings };
      const date = clock.now().toISOString().slice(0, 10);
      const stamped = markdown
        .replace(/^\| Status \| Draft — for review \|$/m, `| Status | Published ${date} |`)
        .replace(/^\| Incident status \| \w+ \|$/m, "| Incident status | closed |");
      files.writePublished(incident.number, publicMarkdown(stamped).replace(/\n{3,}/g, "\n\n"));
      setStatus(incident.number, "published");
      return { published: true as const, findings, path: files.publishedPath(incident.number) };
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
