import { eq } from "drizzle-orm";
import type { BroadcastRepository } from "../../core/store-ports.ts";
import { broadcasts } from "./db-schema.ts";
import type { Db } from "./open-database.ts";

export function sqliteBroadcastRepository(db: Db): BroadcastRepository {
  return {
    save(broadcast) {
      db.insert(broadcasts)
        .values(broadcast)
        .onConflictDoUpdate({
          target: [broadcasts.incidentNumber, broadcasts.platform, broadcasts.roomId],
          set: { messageId: broadcast.messageId },
        })
        .run();
    },
    listForIncident(incidentNumber) {
      return db
        .select()
        .from(broadcasts)
        .where(eq(broadcasts.incidentNumber, incidentNumber))
        .all();
    },
  };
}
