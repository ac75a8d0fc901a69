import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunbookCommand } from "../../src/runbook/runbook-command.ts";
import { describePlan, planRunbook, secretsOf } from "../../src/runbook/runbook-plan.ts";
import { runRunbook } from "../../src/runbook/runbook-run.ts";
import { commandFromYaml, validArgs } from "../helpers/runbook-folder.ts";

interface Seen {
  method: string | undefined;
  url: string | undefined;
  headers: IncomingHttpHeaders;
  body: string;
}

const TOKEN = "statuspage-token-0f1e2d3c4b5a69788796";
let server: Server;
let base: string;
const seen: Seen[] = [];

beforeAll(async () => {
  server = createServer((request, response) => {
    let body = "";
    request.on("data", (chunk: Buffer) => {
      body += chunk.toString();
    });
    request.on("end", () => {
      seen.push({ method: request.method, url: request.url, headers: request.headers, body });
      if (request.url?.startsWith("/slow")) return; // never answers
      if (request.url?.startsWith("/big")) {
        response.end("y".repeat(200_000));
        return;
      }
      // A careless API that echoes the credential back, as some error pages do.
      response.writeHead(request.url?.startsWith("/missing") ? 404 : 200, {
        "content-type": "application/json",
      });
      response.end(
        JSON.stringify({ ok: true, auth: request.headers.authorization, path: request.url, body }),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

function command(path: string, extra = ""): RunbookCommand {
  return commandFromYaml(
    `
name: status-api
description: x
args:
  - { name: component, type: string, pattern: "[a-z0-9]{1,20}" }
  - { name: status, type: enum, values: [operational, major_outage], default: operational }
http:
  method: ${extra === "" ? "GET" : "PATCH"}
  url: "${base}${path}?status={status}"
  headers:
    Authorization: "Bearer \${env:FB_STATUS_TOKEN}"
${extra}
`,
    "status-api.yaml",
  );
}

const env = { FB_STATUS_TOKEN: TOKEN };

function plan(cmd: RunbookCommand, values: Record<string, string>) {
  return planRunbook(cmd, validArgs(cmd, values), env);
}

describe("runRunbook (http)", () => {
  it("sends the secret header to the server and shows none of it", async () => {
    const cmd = command("/components/{component}");
    const request = plan(cmd, { component: "db1" });
    const secrets = secretsOf(cmd, env);
    const chunks: string[] = [];
    const result = await runRunbook(request, {
      timeoutMs: 5000,
      secrets,
      onOutput: (chunk) => chunks.push(chunk),
    });
    expect(seen.at(-1)).toMatchObject({
      method: "GET",
      url: "/components/db1?status=operational",
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    expect(result).toMatchObject({ httpStatus: 200, exitCode: null, timedOut: false });
    expect(result.error).toBeUndefined();
    expect(JSON.parse(result.output)).toEqual({
      ok: true,
      auth: "Bearer [redacted]",
      path: "/components/db1?status=operational",
      body: "",
    });
    const dryRun = describePlan(request, secrets);
    expect(dryRun).toBe(
      `GET ${base}/components/db1?status=operational\nAuthorization: Bearer [redacted]`,
    );
    for (const text of [result.output, chunks.join(""), dryRun]) expect(text).not.toContain(TOKEN);
  });

  it("sends a JSON body with the values in place and reports the HTTP status", async () => {
    const cmd = command("/missing/{component}", "  json: { component: { status: '{status}' } }");
    const result = await runRunbook(plan(cmd, { component: "web", status: "major_outage" }), {
      timeoutMs: 5000,
      secrets: secretsOf(cmd, env),
    });
    expect(result.httpStatus).toBe(404);
    expect(seen.at(-1)).toMatchObject({
      method: "PATCH",
      headers: { "content-type": "application/json", authorization: `Bearer ${TOKEN}` },
      body: '{"component":{"status":"major_outage"}}',
    });
    expect(result.output).not.toContain(TOKEN);
  });

  it("gives up at the timeout", async () => {
    const cmd = command("/slow/{component}");
    const started = Date.now();
    const result = await runRunbook(plan(cmd, { component: "db1" }), {
      timeoutMs: 300,
      secrets: secretsOf(cmd, env),
    });
    expect(Date.now() - started).toBeLessThan(2000);
    expect(result).toMatchObject({ timedOut: true, error: "timed out after 0.3s", output: "" });
  });

  it("aborts the request when cancelled", async () => {
    const cmd = command("/slow/{component}");
    const result = await runRunbook(plan(cmd, { component: "db1" }), {
      timeoutMs: 5000,
      secrets: [],
      signal: AbortSignal.timeout(200),
    });
    expect(result).toMatchObject({ timedOut: false, error: "cancelled", output: "" });
  });

  it("caps a large response", async () => {
    const cmd = command("/big/{component}");
    const result = await runRunbook(plan(cmd, { component: "db1" }), {
      timeoutMs: 5000,
      maxOutputBytes: 1024,
      secrets: [],
    });
    expect(result.httpStatus).toBe(200);
    expect(result.error).toBe("the response passed 1024 bytes: stopped reading it");
    expect(result.output.startsWith(`${"y".repeat(1024)}\n[output truncated: `)).toBe(true);
  });

  it("says why a request failed, without the secret", async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const result = await runRunbook(
      {
        kind: "http",
        method: "GET",
        url: `http://127.0.0.1:${port}/?key=${TOKEN}`,
        headers: {},
      },
      { timeoutMs: 5000, secrets: [TOKEN] },
    );
    expect(result.httpStatus).toBeUndefined();
    expect(result.error).toMatch(/^the request failed: ECONNREFUSED/);
    expect(result.error).not.toContain(TOKEN);
  });
});
