import { asc, eq } from "drizzle-orm";
import type {
  PostmortemRecord,
  PostmortemRepository,
  PostmortemStatus,
} from "../../core/store-ports.ts";
import { postmortems } from "./db-schema.ts";
import type { Db } from "./open-database.ts";

type Row = typeof postmortems.$inferSelect;

const toRecord = (row: Row): PostmortemRecord => ({
  ...row,
  status: row.status as PostmortemStatus,
});

export function sqlitePostmortemRepository(db: Db): PostmortemRepository {
  return {
    get(incidentNumber) {
      const row = db
        .select()
        .from(postmortems)
        .where(eq(postmortems.incidentNumber, incidentNumber))
        .get();
      return row && toRecord(row);
    },
    save(record) {
      const { incidentNumber, ...rest } = record;
      db.insert(postmortems)
        .values(record)
        .onConflictDoUpdate({ target: postmortems.incidentNumber, set: rest })
        .run();
    },
    listPublished() {
      return db
        .select()
        .from(postmortems)
        .where(eq(postmortems.status, "published"))
        .orderBy(asc(postmortems.incidentNumber))
        .all()
        .map(toRecord);
    },
  };
}
