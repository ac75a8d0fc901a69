import { FirebreakError } from "../../core/firebreak-error.ts";

/**
 * Every file the site may consist of. File names come only from incident numbers, never from
 * titles or refs, so nothing a person typed can steer a write outside the output folder.
 */
export const SITE_FILE =
  /^(?:index\.html|style\.css|feed\.atom|incidents\.json|incidents\/INC-[1-9]\d*\.html)$/;

export function incidentPagePath(number: number): string {
  if (!Number.isSafeInteger(number) || number < 1) {
    throw new FirebreakError(
      "invalid_site_incident",
      `Incident number ${String(number)} cannot name a page: it must be a positive whole number.`,
    );
  }
  return `incidents/INC-${number}.html`;
}

/** The base URL with exactly one trailing slash, so relative paths resolve under it. */
export function normalizeBaseUrl(baseUrl: string | undefined): string | undefined {
  if (baseUrl === undefined || baseUrl.trim() === "") return undefined;
  const url = URL.parse(baseUrl.trim());
  if (url === null || (url.protocol !== "https:" && url.protocol !== "http:")) {
    throw new FirebreakError(
      "invalid_site_base_url",
      `Site base URL "${baseUrl}" is not an absolute http(s) URL.`,
      "Use the address the site is served from, like https://status.example.com/incidents/.",
    );
  }
  url.search = "";
  url.hash = "";
  return url.href.endsWith("/") ? url.href : `${url.href}/`;
}

/** Where a site path is reachable: absolute under the base URL, else relative to the site root. */
export function siteUrl(base: string | undefined, path: string): string {
  return base === undefined ? path : new URL(path, base).href;
}
