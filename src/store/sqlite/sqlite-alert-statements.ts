import { eq, sql } from "drizzle-orm";
import { alerts } from "./db-schema.ts";
import type { Db } from "./open-database.ts";

/** A row as `record` finds it: with the id of the alert_fired entry it holds, if any. */
export interface FoundRow extends ListedRow {
  readonly firedSeq: number | null;
}

/** A row of `listForIncident`, as SQLite returns it (labels and annotations still JSON). */
export interface ListedRow {
  readonly id: number;
  readonly source: string;
  readonly fingerprint: string;
  readonly groupKey: string;
  readonly status: string;
  readonly labels: string;
  readonly annotations: string;
  readonly startsAt: string;
  readonly endsAt: string | null;
  readonly generatorUrl: string | null;
  readonly incidentNumber: number | null;
  readonly receivedAt: string;
}

/** The alert repository's statements, each built and compiled once when the store opens. */
export function prepareAlertStatements(db: Db) {
  // Each statement is built and compiled once, here, and run with values: intake runs several per
  // alert, and building the SQL each time cost more than running it.
  // The two statements every alert runs go straight to SQLite: drizzle's mapping of values and
  // rows cost more than the statements themselves in a storm.
  // The columns of a ListedRow; a FoundRow adds the id of the alert_fired entry it holds.
  const LISTED = `id, source, fingerprint, group_key as groupKey, status, labels, annotations,
       starts_at as startsAt, ends_at as endsAt, generator_url as generatorUrl,
       incident_number as incidentNumber, received_at as receivedAt`;
  const FOUND = `select ${LISTED}, fired_seq as firedSeq from alerts`;
  const find = db.$client.prepare<[string, string, string], FoundRow>(
    `${FOUND} where source = ? and group_key = ? and fingerprint = ?`,
  );
  const byId = db.$client.prepare<[number], FoundRow>(`${FOUND} where id = ?`);
  const insert = db.$client.prepare<
    [
      string,
      string,
      string,
      string,
      string,
      string,
      string,
      string | null,
      string | null,
      string,
      string,
    ]
  >(
    `insert into alerts (source, fingerprint, group_key, status, labels, annotations, starts_at,
       ends_at, generator_url, incident_number, received_at, updated_at)
     values (?, ?, ?, ?, ?, ?, ?, ?, ?, null, ?, ?)`,
  );
  // Drizzle types only values and SQL in set(): placeholders go in as SQL, JSON already encoded.
  const value = (name: string) => sql`${sql.placeholder(name)}`;
  const update = db
    .update(alerts)
    .set({
      status: value("status"),
      labels: value("labels"),
      annotations: value("annotations"),
      startsAt: value("startsAt"),
      endsAt: value("endsAt"),
      generatorUrl: value("generatorUrl"),
      updatedAt: value("updatedAt"),
    })
    .where(eq(alerts.id, sql.placeholder("id")))
    .returning()
    .prepare();
  const attach = db.$client.prepare<[number, number]>(
    "update alerts set incident_number = ? where id = ?",
  );
  const attachFired = db.$client.prepare<[number, number, number]>(
    "update alerts set incident_number = ?, fired_seq = ? where id = ?",
  );
  const clearFired = db.$client.prepare<[number]>(
    "update alerts set fired_seq = null where id = ?",
  );
  // Every summary refresh re-reads all alerts of an incident (a storm's incident has thousands):
  // rows come straight from SQLite, and labels and annotations already seen are not parsed again.
  const ofIncident = db.$client.prepare<[number], ListedRow>(
    `select ${LISTED} from alerts where incident_number = ? order by id`,
  );
  const firstOf = db.$client.prepare<[number, number], ListedRow>(
    `select ${LISTED} from alerts where incident_number = ? order by id limit ?`,
  );
  const countsOf = db.$client.prepare<[number], { firing: number | null; resolved: number | null }>(
    `select sum(status = 'firing') as firing, sum(status <> 'firing') as resolved
     from alerts where incident_number = ?`,
  );
  const dataVersion = db.$client.prepare<[], { data_version: number }>("pragma data_version");
  return {
    find,
    byId,
    insert,
    update,
    attach,
    attachFired,
    clearFired,
    ofIncident,
    firstOf,
    countsOf,
    dataVersion,
  };
}
