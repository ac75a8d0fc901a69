import type { FastifyInstance } from "fastify";
import type { HttpRoutes } from "../core/http-routes.ts";

/**
 * The route port on Firebreak's Fastify server. Each raw route lives in its own encapsulated
 * plugin with its own content-type parsers, so the webhooks' JSON parser is untouched; errors
 * (415, 413) still go through the server's error handler.
 */
export function fastifyRoutes(app: FastifyInstance): HttpRoutes {
  return {
    postRaw(path, contentTypes, handle) {
      app.register(async (scope) => {
        scope.removeAllContentTypeParsers();
        scope.addContentTypeParser(
          [...contentTypes],
          { parseAs: "buffer" },
          (_request, body, done) => done(null, body),
        );
        scope.post(path, async (request, reply) => {
          const answer = await handle({
            body: Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0),
            headers: request.headers,
          });
          reply.code(answer.status);
          if (answer.headers) reply.headers(answer.headers);
          return answer.body === undefined ? reply.send() : reply.send(answer.body);
        });
      });
    },
  };
}
