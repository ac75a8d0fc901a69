import { createHash } from "node:crypto";
import { escapeXml } from "../../core/escape-html.ts";
import type { SiteIncident } from "../../core/site-model.ts";
import { incidentPagePath, siteUrl } from "./site-paths.ts";

export interface FeedInput {
  readonly title: string;
  /** Normalized base URL (trailing slash) or undefined. */
  readonly base: string | undefined;
  readonly generatedAt: string;
  /** Newest first, each with its rendered public HTML. */
  readonly entries: readonly { readonly incident: SiteIncident; readonly html: string }[];
}

function instant(iso: string): string {
  return new Date(iso).toISOString();
}

/**
 * Atom ids must be absolute and must not change between builds. With a base URL the page's URL is
 * the id; without one, a name-based UUID from the site title keeps ids stable and distinct from
 * other sites' feeds.
 */
function atomId(base: string | undefined, siteTitle: string, path: string): string {
  if (base !== undefined) return siteUrl(base, path);
  const hex = createHash("sha1").update(`firebreak-site\n${siteTitle}\n${path}`).digest("hex");
  // RFC 4122 version 5 layout: version nibble 5, variant bits 10.
  const variant = ((Number.parseInt(hex.slice(16, 18), 16) & 0x3f) | 0x80).toString(16);
  return `urn:uuid:${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(18, 20)}-${hex.slice(20, 32)}`;
}

function entry(feed: FeedInput, incident: SiteIncident, html: string): string {
  const path = incidentPagePath(incident.number);
  const summary = [incident.severity, incident.status, incident.service, incident.duration]
    .filter((fact): fact is string => fact !== null && fact !== "")
    .join(" · ");
  return `  <entry>
    <id>${escapeXml(atomId(feed.base, feed.title, path))}</id>
    <title type="text">${escapeXml(`${incident.ref}: ${incident.title}`)}</title>
    <link rel="alternate" type="text/html" href="${escapeXml(siteUrl(feed.base, path))}"/>
    <published>${instant(incident.publishedAt)}</published>
    <updated>${instant(incident.publishedAt)}</updated>
    <summary type="text">${escapeXml(summary)}</summary>
    <content type="html">${escapeXml(html)}</content>
  </entry>`;
}

/**
 * The Atom 1.0 feed (RFC 4287), one entry per published postmortem. Every piece of text is
 * XML-escaped; the postmortem travels as escaped HTML (type="html") so readers sanitise it as
 * they would any feed. The feed counts as updated when its newest postmortem was published, so
 * rebuilding without changes does not make readers fetch everything again.
 */
export function renderAtomFeed(feed: FeedInput): string {
  const published = feed.entries.map(({ incident }) => Date.parse(incident.publishedAt));
  const updated =
    published.length === 0
      ? instant(feed.generatedAt)
      : new Date(Math.max(...published)).toISOString();
  // Relative hrefs resolve against the feed's own address, which sits at the site root.
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <id>${escapeXml(atomId(feed.base, feed.title, "feed.atom"))}</id>
  <title type="text">${escapeXml(feed.title)}</title>
  <updated>${updated}</updated>
  <author><name>${escapeXml(feed.title)}</name></author>
  <link rel="self" type="application/atom+xml" href="${escapeXml(siteUrl(feed.base, "feed.atom"))}"/>
  <link rel="alternate" type="text/html" href="${escapeXml(siteUrl(feed.base, "index.html"))}"/>
  <generator>Firebreak</generator>
${feed.entries.map(({ incident, html }) => entry(feed, incident, html)).join("\n")}
</feed>
`;
}
