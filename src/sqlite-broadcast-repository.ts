import { eq } from "drizzle-orm";
import { broadcasts } from "./db-schema.ts";
import type { Db } from "./open-database.ts";
import type { BroadcastRepository } from "./store-ports.ts";

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
