import { mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { buildSite, type SiteIncident } from "../../src/publish/site/build-site.ts";
import { makeTempDir, removeTempDir } from "../helpers/temp-store.ts";
import { requireTool } from "./helpers/external-tools.ts";
import { type StaticServer, serveFolder } from "./helpers/static-server.ts";

/**
 * The built site in a real browser (Debian's chromium): pages load from a plain static server,
 * links work when clicked, nothing is fetched from anywhere else, nothing logs an error, and
 * hostile text in a postmortem stays text.
 */

const CHROMIUM = requireTool("chromium", import.meta.url);
const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];
const PHONE = { width: 390, height: 844 };

const SCRIPT_NOTE = "<script>window.__pwned=1</script>";
const ONERROR_NOTE = '<img src=x onerror="window.__pwned=1">';

const postmortem = (ref: string, title: string, extra: string): string => `# ${ref}: ${title}

| | |
|---|---|
| Status | Published |
| Severity | SEV2 |
| Service | nova-api |
| Opened | 2026-11-18 09:12:40 UTC |
| Resolved | 2026-11-18 10:02:30 UTC |

## Summary

> ✍️ In two or three sentences: what happened, who was affected, and how it was fixed.

Creating and resizing servers in eu-de-1 was slow or timed out for 50 minutes. A stuck RabbitMQ
consumer on ctl-1 stopped nova-conductor from draining its queue; restarting it fixed the backlog.

## Timeline

All times UTC.

| Time | Who | What |
|---|---|---|
| 09:12:03 | Alertmanager | Alert firing: NovaApiHighLatency (ctl-1:8774) — Nova API p99 latency above 2s |
| 09:15:10 | the commander | Acknowledged and took the commander role |
| 09:19:40 | the operations lead | nova-conductor on ctl-1 at 100% CPU; RabbitMQ queue depth 40k and rising |
| 09:38:20 | the operations lead | restarted nova-conductor on ctl-1; queue draining at ~2k/s |
${extra}
<!-- internal:start -->
## Internal notes

Customer escalation ticket CS-1234 (internal only).
<!-- internal:end -->

## Action items

- Alert on a consumer that acks nothing for 5 minutes (owner: the operations lead, due 2026-12-01)
`;

const hostileExtra = `| 09:40:00 | a responder | note: ${SCRIPT_NOTE} and ${ONERROR_NOTE} |

| Right | Centre |
|------:|:------:|
| 1 | 2 |

A [crafted link](javascript:window.__pwned=1) and a chart ![latency](https://grafana.example.com/render/panel.png).

${SCRIPT_NOTE}

${ONERROR_NOTE}
`;

const incident = (
  number: number,
  title: string,
  openedAt: string,
  markdown: string,
): SiteIncident => ({
  number,
  ref: `INC-${number}`,
  title,
  severity: "SEV2",
  status: "resolved",
  service: "nova-api",
  openedAt,
  resolvedAt: "2026-11-18T10:02:30.000Z",
  duration: "49m 50s",
  publishedAt: "2026-11-19T08:00:00.000Z",
  markdown,
});

const incidents: SiteIncident[] = [
  incident(
    1,
    "Nova API p99 latency above 2s",
    "2026-11-18T09:12:40.000Z",
    postmortem("INC-1", "Nova API p99 latency above 2s", ""),
  ),
  incident(
    3,
    "Cinder volume attach errors in eu-de-1 after a storage backend failover",
    "2026-11-20T14:03:30.000Z",
    postmortem("INC-3", "Cinder volume attach errors", ""),
  ),
  incident(
    7,
    `Hostile ${SCRIPT_NOTE}`,
    "2026-11-21T08:00:00.000Z",
    postmortem("INC-7", "Hostile note", hostileExtra),
  ),
];

let dir = "";
let server: StaticServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;
const consoleErrors: string[] = [];
const outsideRequests: string[] = [];
const failedResponses: string[] = [];

beforeAll(async () => {
  dir = makeTempDir();
  buildSite(
    {
      title: "Example Cloud — incident history",
      baseUrl: undefined,
      generatedAt: "2026-11-21T09:00:00.000Z",
      incidents,
    },
    join(dir, "site"),
  );
  server = await serveFolder(join(dir, "site"));
  // The hooks run only when the suite does, which it does only with Chromium found.
  browser = await chromium.launch({ executablePath: CHROMIUM as string, args: CHROMIUM_ARGS });
  context = await browser.newContext({ viewport: PHONE, deviceScaleFactor: 2 });
  const origin = new URL(server.url).origin;
  // Anything not served by our server is recorded and refused, so the test never reaches out.
  await context.route("**/*", (route) => {
    const url = route.request().url();
    if (new URL(url).origin === origin) return route.continue();
    outsideRequests.push(url);
    return route.abort();
  });
  page = await context.newPage();
  page.on("console", (message) => {
    if (message.type() === "error") consoleErrors.push(`${page.url()}: ${message.text()}`);
  });
  page.on("pageerror", (error) => consoleErrors.push(`${page.url()}: ${error.message}`));
  page.on("response", (response) => {
    if (response.status() >= 400) failedResponses.push(`${response.status()} ${response.url()}`);
  });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  if (dir !== "") removeTempDir(dir);
});

// Each test answers for its own pages only.
beforeEach(() => {
  consoleErrors.length = 0;
  outsideRequests.length = 0;
  failedResponses.length = 0;
});

/** Checked after every test: the browser saw no errors and asked nobody but our server. */
function expectCleanRun(): void {
  expect(consoleErrors).toEqual([]);
  expect(outsideRequests).toEqual([]);
  expect(failedResponses).toEqual([]);
}

async function pwned(): Promise<unknown> {
  return page.evaluate("typeof window.__pwned");
}

describe.skipIf(CHROMIUM === undefined)("the built site in Chromium", () => {
  it("loads the index with every incident, newest first", async () => {
    const response = await page.goto(server.url);
    expect(response?.status()).toBe(200);
    expect(await page.title()).toBe("Example Cloud — incident history");
    const refs = await page.locator("table.incidents tbody td.ref").allTextContents();
    expect(refs).toEqual(["INC-7", "INC-3", "INC-1"]);
    // The stylesheet applied (served from the site itself): on a phone, rows stack as cards.
    expect(
      await page.evaluate(
        "getComputedStyle(document.querySelector('table.incidents tbody tr')).display",
      ),
    ).toBe("block");
    expectCleanRun();
  });

  it("opens each postmortem by clicking its link, and comes back", async () => {
    for (const { number, ref, title } of incidents) {
      await page.goto(server.url);
      await page.getByRole("link", { name: title, exact: true }).click();
      await page.waitForURL(`${server.url}incidents/INC-${number}.html`);
      expect(await page.locator("h1").first().textContent()).toContain(ref);
      await page.getByRole("link", { name: "← All incidents" }).click();
      await page.waitForURL(`${server.url}index.html`);
      expect(await page.locator("h1").textContent()).toBe("Example Cloud — incident history");
    }
    expect(server.requests).toContain("/style.css");
    expectCleanRun();
  });

  it("shows a hostile note as text and never runs it", async () => {
    await page.goto(server.url);
    await page.getByRole("link", { name: `Hostile ${SCRIPT_NOTE}`, exact: true }).click();
    await page.waitForURL(`${server.url}incidents/INC-7.html`);
    await page.waitForLoadState("load");
    expect(await pwned()).toBe("undefined");
    expect(await page.locator("script").count()).toBe(0);
    expect(await page.locator("img").count()).toBe(0);
    expect(await page.locator("[onerror]").count()).toBe(0);
    expect(await page.locator('a[href^="javascript:"]').count()).toBe(0);
    const article = (await page.locator("article").textContent()) ?? "";
    expect(article).toContain(SCRIPT_NOTE);
    expect(article).toContain(ONERROR_NOTE);
    expect(article).toContain("[crafted link](javascript:window.__pwned=1)");
    expect(article).not.toContain("CS-1234");
    expect(article).not.toContain("✍️");
    expect(await page.locator("h1").first().textContent()).toBe("INC-7: Hostile note");
    expect(await page.title()).toContain(`Hostile ${SCRIPT_NOTE}`);
    expect(await pwned()).toBe("undefined");
    expectCleanRun();
  });

  it("serves an Atom feed that the browser's own XML parser accepts", async () => {
    const response = await page.request.get(`${server.url}feed.atom`);
    expect(response.headers()["content-type"]).toContain("application/atom+xml");
    const xml = await response.text();
    // Parsed on a blank page: the site's CSP would (rightly) refuse this script.
    await page.goto("about:blank");
    const result = await page.evaluate(`(() => {
      const doc = new DOMParser().parseFromString(${JSON.stringify(xml)}, "application/xml");
      const errors = doc.getElementsByTagName("parsererror");
      return {
        error: errors.length > 0 ? errors[0].textContent : null,
        root: doc.documentElement.namespaceURI + " " + doc.documentElement.localName,
        titles: [...doc.querySelectorAll("entry > title")].map((title) => title.textContent),
      };
    })()`);
    expect(result).toEqual({
      error: null,
      root: "http://www.w3.org/2005/Atom feed",
      titles: [
        "INC-7: Hostile <script>window.__pwned=1</script>",
        `INC-3: ${incidents[1]?.title}`,
        `INC-1: ${incidents[0]?.title}`,
      ],
    });
    expect(await pwned()).toBe("undefined");
    expectCleanRun();
  });

  it("fits a phone screen; screenshots are kept in FIREBREAK_SCREENSHOTS when set", async () => {
    const shots = process.env.FIREBREAK_SCREENSHOTS ?? join(dir, "screenshots");
    mkdirSync(shots, { recursive: true });
    // The hostile page is taken scrolled to its end, where the escaped notes are.
    for (const [name, path, scrollToEnd] of [
      ["index", "", false],
      ["incident", "incidents/INC-1.html", false],
      ["hostile", "incidents/INC-7.html", true],
    ] as const) {
      await page.goto(`${server.url}${path}`);
      if (scrollToEnd) await page.locator(".site-footer").scrollIntoViewIfNeeded();
      // Wide tables scroll inside their own box; the page itself never scrolls sideways.
      expect(await page.evaluate("document.documentElement.scrollWidth")).toBeLessThanOrEqual(
        PHONE.width,
      );
      const file = join(shots, `site-${name}.png`);
      await page.screenshot({ path: file });
      const png = readFileSync(file);
      // PNG header: width and height at bytes 16 and 20, in device pixels (scale 2).
      expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([
        PHONE.width * 2,
        PHONE.height * 2,
      ]);
    }
    expectCleanRun();
  });
});
