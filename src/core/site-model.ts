/** One published postmortem with the incident facts the site lists. */
export interface SiteIncident {
  readonly number: number;
  /** As shown to people, e.g. "INC-42". Display only: file names come from `number`. */
  readonly ref: string;
  readonly title: string;
  /** e.g. "SEV2". */
  readonly severity: string;
  /** The incident's status, e.g. "resolved" or "closed". */
  readonly status: string;
  readonly service: string | null;
  /** UTC ISO timestamp. */
  readonly openedAt: string;
  /** UTC ISO timestamp. */
  readonly resolvedAt: string | null;
  /** Human text, e.g. "49m 50s". */
  readonly duration: string | null;
  /** UTC ISO timestamp. */
  readonly publishedAt: string;
  /** The published postmortem; internal sections and prompts are removed by the site. */
  readonly markdown: string;
}

/** An open, non-private incident and the status updates its team posted: the status page part. */
export interface CurrentIncident {
  readonly ref: string;
  readonly title: string;
  readonly severity: string;
  readonly status: string;
  /** UTC ISO timestamp. */
  readonly openedAt: string;
  /** Newest first. */
  readonly updates: readonly {
    readonly at: string;
    readonly status: string | null;
    readonly text: string;
    readonly impact: string | null;
    readonly nextUpdateAt: string | null;
  }[];
}

export interface SiteInput {
  /** e.g. "Example Cloud — incident history". */
  readonly title: string;
  /** Absolute URL the site is served from, for the Atom feed; without it links are relative. */
  readonly baseUrl: string | undefined;
  /** UTC ISO timestamp, from the caller's clock. */
  readonly generatedAt: string;
  readonly incidents: readonly SiteIncident[];
  /** Open incidents, shown above the history; none when omitted. */
  readonly current?: readonly CurrentIncident[];
}
