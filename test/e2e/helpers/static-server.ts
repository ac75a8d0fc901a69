import { readFile, stat } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { extname, join, resolve, sep } from "node:path";

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  ".html": "text/html; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".atom": "application/atom+xml; charset=utf-8",
  ".json": "application/json; charset=utf-8",
};

export interface StaticServer {
  /** e.g. "http://127.0.0.1:43125/", with the trailing slash. */
  readonly url: string;
  /** Paths requested so far, in order, as the server saw them. */
  readonly requests: readonly string[];
  close(): Promise<void>;
}

/**
 * Serves a folder over HTTP on 127.0.0.1 (any free port), like a plain static web server would
 * serve the built site: GET only, "/" is index.html, nothing outside the folder.
 */
export async function serveFolder(folder: string): Promise<StaticServer> {
  const root = resolve(folder);
  const requests: string[] = [];
  const server: Server = createServer((request, response) => {
    const send = (status: number, body: string | Buffer, type = "text/plain; charset=utf-8") => {
      response.writeHead(status, { "content-type": type, "cache-control": "no-store" });
      response.end(request.method === "HEAD" ? undefined : body);
    };
    const rawPath = new URL(request.url ?? "/", "http://localhost").pathname;
    requests.push(rawPath);
    let path: string;
    try {
      path = decodeURIComponent(rawPath);
    } catch {
      return send(400, "bad path");
    }
    if (request.method !== "GET" && request.method !== "HEAD")
      return send(405, "method not allowed");
    const file = resolve(join(root, path.endsWith("/") ? `${path}index.html` : path));
    if (!file.startsWith(`${root}${sep}`)) return send(403, "forbidden");
    stat(file)
      .then((info) => (info.isFile() ? readFile(file) : Promise.reject(new Error("not a file"))))
      .then(
        (body) => send(200, body, CONTENT_TYPES[extname(file)] ?? "application/octet-stream"),
        () => send(404, "not found"),
      );
  });
  await new Promise<void>((done, fail) => {
    server.once("error", fail);
    server.listen({ host: "127.0.0.1", port: 0 }, done);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    requests,
    close: () =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}
