import { and, desc, eq, gte } from "drizzle-orm";
import type { Incident, NewIncident } from "../../core/incident.ts";
import type { IncidentStatus } from "../../core/lifecycle.ts";
import type { Severity } from "../../core/severity.ts";
import type { IncidentRepository } from "../../core/store-ports.ts";
import { incidents } from "./db-schema.ts";
import type { Db } from "./open-database.ts";

type Row = typeof incidents.$inferSelect;

const OPEN_STATUSES: IncidentStatus[] = ["triage", "investigating", "identified", "monitoring"];

function toIncident(row: Row): Incident {
  return {
    ...row,
    severity: row.severity as Severity,
    status: row.status as IncidentStatus,
  };
}

/** A row as SQLite returns it (roles still JSON, private 0 or 1). */
type RawRow = Omit<Row, "roles" | "private"> & { roles: string; private: number };

const COLUMNS = `number, title, severity, status, private, service, group_key as groupKey, route,
  roles, declared_by as declaredBy, opened_at as openedAt, acknowledged_at as acknowledgedAt,
  mitigated_at as mitigatedAt, resolved_at as resolvedAt, closed_at as closedAt,
  updated_at as updatedAt`;

function fromRaw(row: RawRow): Incident {
  return toIncident({
    ...row,
    private: row.private !== 0,
    roles: JSON.parse(row.roles) as Row["roles"],
  });
}

export function sqliteIncidentRepository(db: Db): IncidentRepository {
  // What intake asks for every delivery, compiled once and read without drizzle's row mapping.
  // The newest open incident of a group is picked here: an ORDER BY on this query makes SQLite
  // build a temporary b-tree each time, which cost 20 times what the lookup does.
  const byNumber = db.$client.prepare<[number], RawRow>(
    `select ${COLUMNS} from incidents where number = ?`,
  );
  const openByGroupKey = db.$client.prepare<[string, ...string[]], RawRow>(
    `select ${COLUMNS} from incidents
     where group_key = ? and status in (${OPEN_STATUSES.map(() => "?").join(", ")})`,
  );
  return {
    insert(incident: NewIncident) {
      const row = db.insert(incidents).values(incident).returning().get();
      return toIncident(row);
    },
    get(number) {
      const row = byNumber.get(number);
      return row && fromRaw(row);
    },
    save(incident) {
      const { number, ...rest } = incident;
      db.update(incidents).set(rest).where(eq(incidents.number, number)).run();
    },
    list() {
      return db.select().from(incidents).orderBy(desc(incidents.number)).all().map(toIncident);
    },
    findOpenByGroupKey(groupKey) {
      let newest: RawRow | undefined;
      for (const row of openByGroupKey.all(groupKey, ...OPEN_STATUSES)) {
        if (!newest || row.number > newest.number) newest = row;
      }
      return newest && fromRaw(newest);
    },
    findResolvedSince(groupKey, since) {
      const row = db
        .select()
        .from(incidents)
        .where(
          and(
            eq(incidents.groupKey, groupKey),
            eq(incidents.status, "resolved"),
            gte(incidents.resolvedAt, since),
          ),
        )
        .orderBy(desc(incidents.number))
        .get();
      return row && toIncident(row);
    },
  };
}
