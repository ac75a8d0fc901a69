import type { JsonValue } from "./runbook-types.ts";

export type TemplatePath = readonly (string | number)[];

export interface TemplateSite {
  readonly path: TemplatePath;
  readonly template: string;
}

/** The parts of a command that hold templates. */
export interface HasTemplates {
  readonly exec?: readonly string[] | undefined;
  readonly http?:
    | {
        readonly url: string;
        readonly headers: Readonly<Record<string, string>>;
        readonly body?: string | undefined;
        readonly json?: JsonValue | undefined;
      }
    | undefined;
}

/** Every string of a command that may hold placeholders, with the key that names it in errors. */
export function templatesOf(command: HasTemplates): TemplateSite[] {
  const sites: TemplateSite[] = [];
  command.exec?.forEach((template, i) => {
    sites.push({ path: ["exec", i], template });
  });
  const http = command.http;
  if (http) {
    sites.push({ path: ["http", "url"], template: http.url });
    for (const [name, template] of Object.entries(http.headers)) {
      sites.push({ path: ["http", "headers", name], template });
    }
    if (http.body !== undefined) sites.push({ path: ["http", "body"], template: http.body });
    if (http.json !== undefined) jsonSites(http.json, ["http", "json"], sites);
  }
  return sites;
}

function jsonSites(value: JsonValue, path: TemplatePath, sites: TemplateSite[]): void {
  if (typeof value === "string") sites.push({ path, template: value });
  else if (Array.isArray(value)) {
    value.forEach((item: JsonValue, i) => {
      jsonSites(item, [...path, i], sites);
    });
  } else if (value !== null && typeof value === "object") {
    for (const [key, item] of Object.entries(value)) jsonSites(item, [...path, key], sites);
  }
}
