import { and, eq } from "drizzle-orm";
import type { RoomRepository } from "../../core/store-ports.ts";
import { incidentRooms } from "./db-schema.ts";
import type { Db } from "./open-database.ts";

export function sqliteRoomRepository(db: Db): RoomRepository {
  return {
    bind(room) {
      db.insert(incidentRooms).values(room).onConflictDoNothing().run();
    },
    setSummaryMessage(platform, roomId, messageId) {
      db.update(incidentRooms)
        .set({ summaryMessageId: messageId })
        .where(and(eq(incidentRooms.platform, platform), eq(incidentRooms.roomId, roomId)))
        .run();
    },
    findByRoom(platform, roomId) {
      return db
        .select()
        .from(incidentRooms)
        .where(and(eq(incidentRooms.platform, platform), eq(incidentRooms.roomId, roomId)))
        .get();
    },
    listForIncident(incidentNumber) {
      return db
        .select()
        .from(incidentRooms)
        .where(eq(incidentRooms.incidentNumber, incidentNumber))
        .all();
    },
  };
}
