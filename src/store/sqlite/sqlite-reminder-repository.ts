import type { ReminderRepository } from "../../core/store-ports.ts";
import { remindersSent } from "./db-schema.ts";
import type { Db } from "./open-database.ts";

export function sqliteReminderRepository(db: Db): ReminderRepository {
  return {
    markSent(incidentNumber, key, at) {
      const result = db
        .insert(remindersSent)
        .values({ incidentNumber, key, sentAt: at })
        .onConflictDoNothing()
        .run();
      return result.changes > 0;
    },
  };
}
