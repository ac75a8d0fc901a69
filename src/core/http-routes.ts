/**
 * The HTTP a chat adapter may add to Firebreak's one port, with no server library in sight:
 * src/intake/ implements it on its HTTP server, and the composition root hands it over.
 */
export interface HttpRoutes {
  /**
   * Answers POST `path` with `handle`. Bodies of the `contentTypes` listed reach it unparsed, the
   * exact bytes received (signatures are computed over them); other media types are refused
   * with the webhooks' 415, and bodies over the server's limit with its 413.
   */
  postRaw(
    path: string,
    contentTypes: readonly string[],
    handle: (request: RawHttpRequest) => Promise<HttpAnswer>,
  ): void;
}

export interface RawHttpRequest {
  /** The body exactly as received; empty when there was none. */
  readonly body: Uint8Array;
  /** The request's headers, by lower-case name. */
  readonly headers: Readonly<Record<string, string | readonly string[] | undefined>>;
}

export interface HttpAnswer {
  readonly status: number;
  /** Response headers, by name (a `content-type` here wins over the default). */
  readonly headers?: Readonly<Record<string, string>>;
  /** An object is sent as JSON, a string as it is; none sends an empty body. */
  readonly body?: string | object;
}
