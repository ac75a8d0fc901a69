import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { join, relative } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { manualClock } from "../../../../src/core/clock.ts";
import { escapeHtml, escapeXml } from "../../../../src/core/escape-html.ts";
import { publicMarkdown } from "../../../../src/core/public-markdown.ts";
import { generatePostmortem } from "../../../../src/publish/generate-postmortem.ts";
import {
  buildSite,
  type SiteIncident,
  type SiteInput,
} from "../../../../src/publish/site/build-site.ts";
import { renderSiteMarkdown } from "../../../../src/publish/site/site-markdown.ts";
import { makeIncident, withoutNumber } from "../../../helpers/make-incident.ts";
import { makeTempDir, openTempStore, removeTempDir } from "../../../helpers/temp-store.ts";

const IMG_TITLE = "<img src=x onerror=alert(1)>";
const SCRIPT_TITLE = '"><script>alert(1)</script>';

const incident = (number: number, overrides: Partial<SiteIncident> = {}): SiteIncident => ({
  number,
  ref: `INC-${number}`,
  title: `Incident ${number}`,
  severity: "SEV2",
  status: "resolved",
  service: "nova-api",
  // Higher numbers opened later, an hour apart.
  openedAt: new Date(Date.UTC(2026, 10, 1, 9) + number * 3_600_000).toISOString(),
  resolvedAt: new Date(Date.UTC(2026, 10, 1, 9, 49, 50) + number * 3_600_000).toISOString(),
  duration: "49m 50s",
  publishedAt: "2026-11-30T12:00:00.000Z",
  markdown: `# INC-${number}: Incident ${number}\n\n## Summary\n\nThe API was slow.\n`,
  ...overrides,
});

const input = (incidents: SiteIncident[], overrides: Partial<SiteInput> = {}): SiteInput => ({
  title: "Example Cloud — incident history",
  baseUrl: undefined,
  generatedAt: "2026-12-01T08:00:00.000Z",
  incidents,
  ...overrides,
});

let dir = "";
let out = "";
beforeEach(() => {
  dir = makeTempDir();
  out = join(dir, "site");
});
afterEach(() => removeTempDir(dir));

const read = (path: string): string => readFileSync(join(out, path), "utf8");

/** Every file under `root` (relative, "/"-separated) with its modification time and size. */
function snapshot(root: string): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (folder: string): void => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) walk(path);
      else {
        const stats = statSync(path, { throwIfNoEntry: false });
        files.set(relative(root, path).split("\\").join("/"), `${stats?.mtimeMs}:${stats?.size}`);
      }
    }
  };
  walk(root);
  return files;
}

interface XmlElement {
  readonly name: string;
  readonly attributes: Readonly<Record<string, string>>;
  readonly children: XmlElement[];
  text: string;
}

const XML_ENTITIES: Readonly<Record<string, string>> = {
  amp: "&",
  lt: "<",
  gt: ">",
  quot: '"',
  apos: "'",
};

function decodeXml(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|\w+);/gi, (_, entity: string) => {
    if (entity.startsWith("#x")) return String.fromCodePoint(Number.parseInt(entity.slice(2), 16));
    if (entity.startsWith("#")) return String.fromCodePoint(Number(entity.slice(1)));
    const char = XML_ENTITIES[entity];
    if (char === undefined) throw new Error(`unknown entity &${entity};`);
    return char;
  });
}

/**
 * A small, strict XML well-formedness check (enough for the feed: no DTD, CDATA or processing
 * instructions after the declaration): tags nest, attributes are quoted, text has no raw "<" and
 * every "&" starts an entity. Returns the root element.
 */
function parseXml(xml: string): XmlElement {
  const body = xml.replace(/^<\?xml version="1\.0" encoding="utf-8"\?>\n/, "");
  expect(body).not.toBe(xml);
  const token =
    /<\/([A-Za-z][\w.:-]*)\s*>|<([A-Za-z][\w.:-]*)((?:\s+[A-Za-z][\w.:-]*="[^"<]*")*)\s*(\/?)>|([^<]+)/y;
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  while (token.lastIndex < body.length) {
    const at = token.lastIndex;
    const match = token.exec(body);
    if (!match) throw new Error(`not well-formed XML at ${at}: ${body.slice(at, at + 40)}`);
    const [, close, open, attributeText, selfClosing, text] = match;
    const parent = stack.at(-1);
    if (text !== undefined) {
      if (/&(?!(?:#x[0-9a-f]+|#\d+|amp|lt|gt|quot|apos);)/i.test(text)) {
        throw new Error(`bare & in text at ${at}`);
      }
      if (parent) parent.text += decodeXml(text);
      else if (text.trim() !== "") throw new Error(`text outside the root at ${at}`);
    } else if (close !== undefined) {
      const element = stack.pop();
      if (element?.name !== close) throw new Error(`</${close}> closes <${element?.name}>`);
    } else if (open !== undefined) {
      const attributes: Record<string, string> = {};
      for (const [, name, value] of (attributeText ?? "").matchAll(/([\w.:-]+)="([^"]*)"/g)) {
        if (name === undefined || name in attributes) throw new Error(`bad attribute ${name}`);
        attributes[name] = decodeXml(value ?? "");
      }
      const element: XmlElement = { name: open, attributes, children: [], text: "" };
      if (parent) parent.children.push(element);
      else if (root) throw new Error("two root elements");
      else root = element;
      if (selfClosing !== "/") stack.push(element);
    }
  }
  if (stack.length > 0 || !root) throw new Error("unclosed elements");
  return root;
}

const child = (element: XmlElement, name: string): XmlElement => {
  const found = element.children.find((candidate) => candidate.name === name);
  if (!found) throw new Error(`<${element.name}> has no <${name}>`);
  return found;
};

describe("escapeHtml / escapeXml", () => {
  it("escapes tags, both quotes and ampersands", () => {
    expect(escapeHtml("<script>alert('x')</script>")).toBe(
      "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;",
    );
    expect(escapeHtml('a "quoted" value')).toBe("a &quot;quoted&quot; value");
    expect(escapeHtml("Tom & Jerry &amp;")).toBe("Tom &amp; Jerry &amp;amp;");
    expect(escapeHtml("plain text — ok")).toBe("plain text — ok");
  });

  it("drops characters XML cannot carry at all", () => {
    expect(escapeXml("a\u0000b\u0007c\u001Fd\tе\n<&>\uFFFF")).toBe("abcd\tе\n&lt;&amp;&gt;");
    expect(escapeXml("lone \uD800 surrogate")).toBe("lone \uFFFD surrogate");
  });
});

describe("publicMarkdown", () => {
  it("removes internal sections, markers included, before anything is rendered", () => {
    const markdown = [
      "# INC-1: Title",
      "",
      "Public text.",
      "<!-- internal:start -->",
      "Customer ticket CS-1234, contract value.",
      "<!-- internal:end -->",
      "---",
      "More public text.",
      "  <!--   internal:start   -->  ",
      "Second secret.",
      "<!-- internal:end -->",
    ].join("\n");
    const result = publicMarkdown(markdown);
    expect(result).toContain("Public text.");
    expect(result).toContain("More public text.");
    expect(result).not.toMatch(/CS-1234|Second secret|internal:/);
    // The removed block leaves a blank line, so "Public text." does not become a setext heading.
    expect(renderSiteMarkdown(result, "x")).not.toContain("<h2>Public text.</h2>");
  });

  it("fails closed: an unclosed section hides the rest, and sections nest", () => {
    const unclosed = publicMarkdown("Intro.\n<!-- internal:start -->\nSecret.\n\nAlso secret.\n");
    expect(unclosed).toContain("Intro.");
    expect(unclosed).not.toContain("ecret");
    const nested = publicMarkdown(
      [
        "<!-- internal:start -->",
        "a",
        "<!-- internal:start -->",
        "b",
        "<!-- internal:end -->",
        "still secret",
        "<!-- internal:end -->",
        "public",
      ].join("\n"),
    );
    expect(nested.trim()).toBe("public");
  });

  it("drops reviewer prompts, with or without the emoji variation selector", () => {
    const markdown = [
      "## Summary",
      "",
      "> ✍️ In two or three sentences: what happened?",
      "> \u270D bare emoji prompt",
      "  >✍️",
      "",
      "It was slow.",
      "",
      "> A real quote stays.",
    ].join("\n");
    const result = publicMarkdown(markdown);
    expect(result).not.toMatch(/\u270D|what happened|bare emoji/);
    expect(result).toContain("It was slow.");
    expect(result).toContain("> A real quote stays.");
  });

  it("drops headings left empty once the prompts are gone, keeps the rest", () => {
    const markdown = [
      "# INC-1: Title",
      "## What went well",
      "",
      "> ✍️",
      "",
      "## What went badly",
      "",
      "The pager was silent.",
      "## Parent",
      "### Child",
      "Child text.",
      "## Empty child parent",
      "### Empty child",
      "> ✍️ question",
      "## Code",
      "```",
      "## not a heading",
      "```",
      "## Last",
      "> ✍️ Internal: what do other teams need to know?",
    ].join("\n");
    const result = publicMarkdown(markdown);
    expect(result).toContain("# INC-1: Title");
    expect(result).not.toContain("What went well");
    expect(result).toContain("## What went badly");
    expect(result).toContain("## Parent\n### Child\nChild text.");
    expect(result).not.toContain("Empty child");
    expect(result).toContain("## Code\n```\n## not a heading\n```");
    expect(result).not.toContain("## Last");
  });
});

describe("renderSiteMarkdown", () => {
  it("escapes raw HTML instead of passing it through", () => {
    const html = renderSiteMarkdown(
      [
        "<script>alert(1)</script>",
        "",
        'Inline <img src=x onerror="alert(1)"> and <b onclick="x()">bold</b>.',
        "",
        "<div>",
        "block",
        "</div>",
      ].join("\n"),
      "t",
    );
    expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(html).toContain("&lt;img src=x onerror=&quot;alert(1)&quot;&gt;");
    expect(html).not.toMatch(/<script|<img|<b |<div>|onerror="|onclick="/);
  });

  it("renders only http, https and mailto as links; everything else stays text", () => {
    const html = renderSiteMarkdown(
      [
        "[a](javascript:alert(1)) [b](JaVaScRiPt:alert(1)) [c]( javascript:alert(1))",
        "[d](vbscript:msgbox) [e](data:text/html;base64,PHNjcmlwdD4=) [f](file:///etc/passwd)",
        "<javascript:alert(2)> [g][ref] [h](/relative) https://bare.example.com",
        "",
        "[ref]: javascript:alert(3)",
        "",
        "[ok](https://status.example.com/x?a=1&b=2) [mail](mailto:ops@example.com) <http://example.com>",
      ].join("\n"),
      "t",
    );
    const hrefs = [...html.matchAll(/<a href="([^"]*)"/g)].map((match) => match[1]);
    expect(hrefs).toEqual([
      "https://status.example.com/x?a=1&amp;b=2",
      "mailto:ops@example.com",
      "http://example.com",
    ]);
    expect(html).not.toMatch(/href="(?:javascript|vbscript|data|file)/i);
    expect(html).toContain("[a](javascript:alert(1))");
  });

  it("turns images into links (no external assets) and alignment into classes (no inline style)", () => {
    const html = renderSiteMarkdown(
      "![p99 latency](https://grafana.example.com/p.png) ![x](data:image/png;base64,AAAA)\n\n| a | b | c |\n|:--|:-:|--:|\n| 1 | 2 | 3 |\n",
      "t",
    );
    expect(html).not.toContain("<img");
    expect(html).toContain('<a href="https://grafana.example.com/p.png">p99 latency</a>');
    expect(html).not.toContain("style=");
    expect(html).toContain('<td class="align-left">1</td>');
    expect(html).toContain('<th class="align-center">b</th>');
    expect(html).toContain('<td class="align-right">3</td>');
    expect(html).toContain('<div class="table-scroll">');
  });

  it("adds the given heading only when the Markdown has no title of its own", () => {
    expect(renderSiteMarkdown("# Own title\n\ntext", "Fallback")).not.toContain("Fallback");
    expect(renderSiteMarkdown("## Summary\n\ntext", `INC-1: ${IMG_TITLE}`)).toContain(
      "<h1>INC-1: &lt;img src=x onerror=alert(1)&gt;</h1>",
    );
  });
});

describe("buildSite", () => {
  it("writes the index, one page per postmortem, the feed, the JSON and one stylesheet", () => {
    const result = buildSite(input([incident(1), incident(42)]), out);
    const expected = [
      "feed.atom",
      "incidents.json",
      "incidents/INC-1.html",
      "incidents/INC-42.html",
      "index.html",
      "style.css",
    ];
    expect(result.files).toEqual(expected);
    for (const file of expected) expect(existsSync(join(out, file))).toBe(true);
    for (const page of ["index.html", "incidents/INC-1.html", "incidents/INC-42.html"]) {
      const html = read(page);
      expect(html).toMatch(/^<!doctype html>/);
      expect(html).toContain(
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
      );
      expect(html).toContain(
        `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'self'; img-src 'self' data:;`,
      );
      // Nothing from elsewhere: no scripts, no absolute URLs, one local stylesheet.
      expect(html).not.toMatch(/<script|https?:\/\/|\/\/[a-z]|<img|style=/i);
      expect(html.match(/rel="stylesheet"/g)).toHaveLength(1);
    }
    expect(read("incidents/INC-42.html")).toContain('href="../style.css"');
    expect(read("style.css")).toContain("@media (max-width:");
    expect(read("style.css")).not.toMatch(/@import|url\(|https?:/);
  });

  it("lists incidents newest first with ref, title, severity, status, opened, duration and link", () => {
    const site = input([
      incident(2, { openedAt: "2026-11-12T09:00:00Z" }),
      incident(10, { openedAt: "2026-11-01T09:00:00Z", duration: null, status: "closed" }),
      incident(5, { openedAt: "2026-11-20T09:00:00Z", service: null }),
    ]);
    buildSite(site, out);
    const index = read("index.html");
    const refs = [...index.matchAll(/<td data-label="Incident" class="ref">([^<]*)</g)].map(
      (match) => match[1],
    );
    expect(refs).toEqual(["INC-5", "INC-2", "INC-10"]);
    expect(index).toContain('<a href="incidents/INC-5.html">Incident 5</a>');
    expect(index).toContain('<span class="sev sev-2">SEV2</span>');
    expect(index).toContain('<td data-label="Status">closed</td>');
    expect(index).toContain(
      '<time datetime="2026-11-20T09:00:00.000Z">2026-11-20 09:00:00 UTC</time>',
    );
    expect(index).toContain('<td data-label="Duration">49m 50s</td>');
    expect(index).toContain('<td data-label="Duration">—</td>');
    const json = JSON.parse(read("incidents.json")) as { ref: string }[];
    expect(json.map((row) => row.ref)).toEqual(["INC-5", "INC-2", "INC-10"]);
  });

  it("escapes hostile titles, services and refs in the HTML, the feed and the JSON", () => {
    const hostile = incident(7, {
      title: `${IMG_TITLE} ${SCRIPT_TITLE}`,
      service: `<b>svc</b>&"`,
      severity: "<i>SEV1</i>",
      status: "<u>resolved</u>",
      ref: "INC-7<script>",
      // As the template writes it: the title goes into the Markdown heading unescaped.
      markdown: `# INC-7: ${IMG_TITLE} ${SCRIPT_TITLE}\n\nText.\n`,
    });
    buildSite(input([hostile], { title: `Status <script>x</script> & "co"` }), out);
    for (const page of ["index.html", "incidents/INC-7.html"]) {
      const html = read(page);
      expect(html).not.toMatch(/<script|<img|<b>|<i>|<u>/);
      expect(html).toContain("&lt;img src=x onerror=alert(1)&gt;");
      expect(html).toContain("&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;");
      expect(html).toContain("Status &lt;script&gt;x&lt;/script&gt; &amp; &quot;co&quot;");
    }
    expect(read("incidents/INC-7.html")).toContain("&lt;b&gt;svc&lt;/b&gt;&amp;&quot;");

    const atom = read("feed.atom");
    expect(atom).not.toMatch(/<script|<img|<b>/);
    const feed = parseXml(atom);
    expect(child(feed, "title").text).toBe(`Status <script>x</script> & "co"`);
    const entry = child(feed, "entry");
    expect(child(entry, "title").text).toBe(`INC-7<script>: ${IMG_TITLE} ${SCRIPT_TITLE}`);
    // The content is HTML carried as text: decoded once, it is the page's escaped HTML.
    expect(child(entry, "content").text).toContain("&lt;img src=x onerror=alert(1)&gt;");
    expect(child(entry, "content").text).not.toMatch(/<script|<img/);

    const raw = read("incidents.json");
    expect(raw).not.toMatch(/[<>]/);
    const [row] = JSON.parse(raw) as Record<string, unknown>[];
    expect(row?.title).toBe(`${IMG_TITLE} ${SCRIPT_TITLE}`);
    expect(row?.service).toBe(`<b>svc</b>&"`);
    expect(row).not.toHaveProperty("markdown");
  });

  it("publishes no internal section, no prompt and no raw HTML from the postmortem", () => {
    const markdown = [
      "# INC-3: Disk full",
      "",
      "## Summary",
      "",
      "> ✍️ In two or three sentences: what happened?",
      "",
      "The disk filled up.",
      "",
      "<!-- internal:start -->",
      "## Internal",
      "Customer escalation CS-1234.",
      "<!-- internal:end -->",
      "",
      "## What went well",
      "",
      "> ✍️",
      "",
      "## Notes",
      "",
      "note: <script>alert(1)</script> and <img src=x onerror=alert(1)> [x](javascript:alert(1))",
    ].join("\n");
    buildSite(input([incident(3, { markdown })]), out);
    const outputs = [read("incidents/INC-3.html"), read("feed.atom")];
    for (const text of outputs) {
      expect(text).not.toMatch(/CS-1234|internal:|Internal|✍️|what happened|What went well/);
      expect(text).toContain("The disk filled up.");
    }
    const page = read("incidents/INC-3.html");
    expect(page).toContain("note: &lt;script&gt;alert(1)&lt;/script&gt; and &lt;img src=x");
    expect(page).not.toMatch(/<script|<img|href="javascript/);
  });

  it("writes an Atom 1.0 feed that is well-formed and has the required elements", () => {
    buildSite(
      input([incident(1), incident(2, { publishedAt: "2026-12-01T07:30:00Z" })], {
        baseUrl: "https://status.example.com/incidents",
      }),
      out,
    );
    const atom = read("feed.atom");
    expect(atom.startsWith('<?xml version="1.0" encoding="utf-8"?>\n')).toBe(true);
    const feed = parseXml(atom);
    expect(feed.name).toBe("feed");
    expect(feed.attributes.xmlns).toBe("http://www.w3.org/2005/Atom");
    expect(child(feed, "id").text).toBe("https://status.example.com/incidents/feed.atom");
    expect(child(feed, "title").text).toBe("Example Cloud — incident history");
    // Updated when the newest postmortem was published, not whenever the site is rebuilt.
    expect(child(feed, "updated").text).toBe("2026-12-01T07:30:00.000Z");
    expect(child(child(feed, "author"), "name").text).not.toBe("");
    const links = feed.children.filter((element) => element.name === "link");
    expect(links.map((link) => [link.attributes.rel, link.attributes.href])).toEqual([
      ["self", "https://status.example.com/incidents/feed.atom"],
      ["alternate", "https://status.example.com/incidents/index.html"],
    ]);
    const entries = feed.children.filter((element) => element.name === "entry");
    expect(entries).toHaveLength(2);
    for (const [i, entry] of entries.entries()) {
      const number = i === 0 ? 2 : 1;
      expect(child(entry, "id").text).toBe(
        `https://status.example.com/incidents/incidents/INC-${number}.html`,
      );
      expect(child(entry, "title").text).toBe(`INC-${number}: Incident ${number}`);
      expect(child(entry, "updated").text).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      expect(child(entry, "link").attributes.href).toBe(child(entry, "id").text);
      expect(child(entry, "content").attributes.type).toBe("html");
      expect(child(entry, "content").text).toContain("<h2>Summary</h2>");
      expect(child(entry, "summary").text).toBe("SEV2 · resolved · nova-api · 49m 50s");
    }
    const json = JSON.parse(read("incidents.json")) as { url: string }[];
    expect(json.map((row) => row.url)).toEqual([
      "https://status.example.com/incidents/incidents/INC-2.html",
      "https://status.example.com/incidents/incidents/INC-1.html",
    ]);
  });

  it("without a base URL, links are relative and feed ids are stable URNs", () => {
    buildSite(input([incident(1)]), out);
    const first = parseXml(read("feed.atom"));
    const entry = child(first, "entry");
    expect(child(entry, "link").attributes.href).toBe("incidents/INC-1.html");
    expect(child(entry, "id").text).toMatch(
      /^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab]/,
    );
    expect(child(first, "id").text).not.toBe(child(entry, "id").text);
    expect((JSON.parse(read("incidents.json")) as { url: string }[])[0]?.url).toBe(
      "incidents/INC-1.html",
    );
    buildSite(input([incident(1)], { generatedAt: "2027-01-01T00:00:00Z" }), out);
    expect(child(child(parseXml(read("feed.atom")), "entry"), "id").text).toBe(
      child(entry, "id").text,
    );
  });

  it("writes a valid, empty site when nothing is published yet", () => {
    buildSite(input([]), out);
    expect(read("index.html")).toContain("No postmortems have been published yet.");
    const feed = parseXml(read("feed.atom"));
    expect(feed.children.some((element) => element.name === "entry")).toBe(false);
    expect(child(feed, "updated").text).toBe("2026-12-01T08:00:00.000Z");
    expect(JSON.parse(read("incidents.json"))).toEqual([]);
  });

  it("removes the page of a postmortem that is gone, and nothing it did not write", () => {
    buildSite(input([incident(1), incident(2)]), out);
    writeFileSync(join(out, "keep.txt"), "mine");
    writeFileSync(join(out, "incidents", "INC-99.html"), "hand-made, not the site's");
    writeFileSync(join(out, "incidents", "notes.txt"), "mine too");
    const result = buildSite(input([incident(2)]), out);
    expect(result.files).not.toContain("incidents/INC-1.html");
    expect(existsSync(join(out, "incidents", "INC-1.html"))).toBe(false);
    expect(existsSync(join(out, "incidents", "INC-2.html"))).toBe(true);
    expect(read("keep.txt")).toBe("mine");
    expect(read("incidents/INC-99.html")).toBe("hand-made, not the site's");
    expect(read("incidents/notes.txt")).toBe("mine too");
    expect(read("index.html")).not.toContain("INC-1.html");
    // A manifest edited to point elsewhere is not trusted.
    writeFileSync(
      join(out, ".firebreak-site.json"),
      JSON.stringify({ files: ["../outside.txt", "keep.txt", "incidents/INC-99.html"] }),
    );
    writeFileSync(join(dir, "outside.txt"), "outside");
    buildSite(input([incident(2)]), out);
    expect(readFileSync(join(dir, "outside.txt"), "utf8")).toBe("outside");
    expect(read("keep.txt")).toBe("mine");
    // INC-99.html matches the site's naming, so an edited manifest can claim it; it is the only kind.
    expect(existsSync(join(out, "incidents", "INC-99.html"))).toBe(false);
  });

  it("names files by incident number only, whatever the ref and title say", () => {
    writeFileSync(join(dir, "outside.txt"), "untouched");
    const before = snapshot(dir);
    const result = buildSite(
      input([incident(5, { ref: "../../etc/passwd", title: "../../../tmp/evil" })]),
      out,
    );
    expect(result.files).toContain("incidents/INC-5.html");
    expect(result.files.join(" ")).not.toMatch(/etc|evil|\.\./);
    const after = snapshot(dir);
    const added = [...after.keys()].filter((file) => !before.has(file));
    expect(added.every((file) => file.startsWith("site/"))).toBe(true);
    for (const [file, stamp] of before) expect(after.get(file)).toBe(stamp);
    expect(readFileSync(join(dir, "outside.txt"), "utf8")).toBe("untouched");
  });

  it("refuses numbers that cannot name a page, duplicates and broken timestamps", () => {
    for (const number of [0, -1, 1.5, Number.NaN, Number.MAX_SAFE_INTEGER + 2]) {
      const openedAt = "2026-11-01T09:00:00Z";
      expect(() => buildSite(input([{ ...incident(1), number, openedAt }]), out)).toThrow(
        /positive whole number/,
      );
    }
    expect(() => buildSite(input([incident(3), incident(3)]), out)).toThrow(/listed twice/);
    expect(() => buildSite(input([incident(3, { openedAt: "yesterday" })]), out)).toThrow(
      /INC-3: openedAt "yesterday" is not a timestamp/,
    );
    expect(() => buildSite(input([], { baseUrl: "javascript:alert(1)" }), out)).toThrow(
      /not an absolute http\(s\) URL/,
    );
    expect(existsSync(out)).toBe(false);
  });

  it("replaces a symlink at a page instead of writing through it, and refuses a linked folder", () => {
    mkdirSync(out);
    writeFileSync(join(dir, "target.txt"), "precious");
    symlinkSync(join(dir, "target.txt"), join(out, "index.html"));
    buildSite(input([incident(1)]), out);
    expect(readFileSync(join(dir, "target.txt"), "utf8")).toBe("precious");
    expect(read("index.html")).toContain("<!doctype html>");

    const elsewhere = join(dir, "elsewhere");
    mkdirSync(elsewhere);
    const other = join(dir, "other-site");
    mkdirSync(other);
    symlinkSync(elsewhere, join(other, "incidents"));
    expect(() => buildSite(input([incident(1)]), other)).toThrow(/is not a folder/);
    expect(readdirSync(elsewhere)).toEqual([]);
  });
});

describe("current incidents on the status page", () => {
  it("lists open incidents with their updates, escaped", () => {
    buildSite(
      input([], {
        current: [
          {
            ref: "INC-9",
            title: IMG_TITLE,
            severity: "SEV2",
            status: "identified",
            openedAt: "2026-11-18T09:00:00Z",
            updates: [
              {
                at: "2026-11-18T09:20:00Z",
                status: "identified",
                text: SCRIPT_TITLE,
                impact: "logins",
                nextUpdateAt: null,
              },
            ],
          },
        ],
      }),
      out,
    );
    const index = read("index.html");
    expect(index).toContain("Current incidents");
    expect(index).toContain(escapeHtml(IMG_TITLE));
    expect(index).toContain(escapeHtml(SCRIPT_TITLE));
    expect(index).not.toContain("<script>");
    expect(index).not.toContain("<img");
  });
});

describe("line breaks in what people wrote (issue 14, defect 10)", () => {
  it("a multi-line note in the real template reads as lines on the page, still escaped", async () => {
    const temp = openTempStore();
    try {
      const { number } = temp.store.incidents.insert(
        withoutNumber(makeIncident({ openedAt: "2026-11-18T09:00:00Z", status: "resolved" })),
      );
      temp.store.timeline.append(
        number,
        [
          {
            occurredAt: "2026-11-18T09:01:00.000Z",
            actor: { id: "u1", name: "Alice" },
            event: { kind: "note", text: "Rolled back web-7\nErrors <b>dropped</b> & stayed down" },
          },
        ],
        "2026-11-18T09:01:00.000Z",
      );
      const markdown = await generatePostmortem(temp.store, number, {
        templatesDir: join(dir, "no-templates"),
        timeZone: "UTC",
        clock: manualClock("2026-11-19T08:00:00Z"),
      });
      buildSite(input([incident(number, { markdown: publicMarkdown(markdown) })]), out);
      const page = read(`incidents/INC-${number}.html`);
      expect(page).not.toContain("&lt;br");
      expect(page).toMatch(
        /Rolled back web-7<br\s*\/?>\s*Errors &lt;b&gt;dropped&lt;\/b&gt; &amp; stayed down/,
      );
      expect(page).not.toContain("<b>");
    } finally {
      temp.cleanup();
    }
  });

  it("a multi-line update on the status page keeps its lines, escaped", () => {
    const update = {
      at: "2026-11-18T09:20:00Z",
      status: "identified" as const,
      impact: null,
      nextUpdateAt: null,
    };
    buildSite(
      input([], {
        current: [
          {
            ref: "INC-9",
            title: "Checkout errors",
            severity: "SEV2",
            status: "identified",
            openedAt: "2026-11-18T09:00:00Z",
            updates: [{ ...update, text: "Rolled back\n<i>watching</i>" }],
          },
        ],
      }),
      out,
    );
    expect(read("index.html")).toMatch(/Rolled back<br\s*\/?>\s*&lt;i&gt;watching&lt;\/i&gt;/);
  });
});
