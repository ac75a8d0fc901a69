import { and, desc, eq, gte, inArray } from "drizzle-orm";
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

export function sqliteIncidentRepository(db: Db): IncidentRepository {
  return {
    insert(incident: NewIncident) {
      const row = db.insert(incidents).values(incident).returning().get();
      return toIncident(row);
    },
    get(number) {
      const row = db.select().from(incidents).where(eq(incidents.number, number)).get();
      return row && toIncident(row);
    },
    save(incident) {
      const { number, ...rest } = incident;
      db.update(incidents).set(rest).where(eq(incidents.number, number)).run();
    },
    list() {
      return db.select().from(incidents).orderBy(desc(incidents.number)).all().map(toIncident);
    },
    findOpenByGroupKey(groupKey) {
      const row = db
        .select()
        .from(incidents)
        .where(and(eq(incidents.groupKey, groupKey), inArray(incidents.status, OPEN_STATUSES)))
        .orderBy(desc(incidents.number))
        .get();
      return row && toIncident(row);
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
