import type { Store } from "../../core/store-ports.ts";
import { databasePath, openDatabase } from "./open-database.ts";
import { sqliteAlertRepository } from "./sqlite-alert-repository.ts";
import { sqliteBroadcastRepository } from "./sqlite-broadcast-repository.ts";
import { sqliteChatStateRepository } from "./sqlite-chat-state-repository.ts";
import { createSqliteHealth } from "./sqlite-health.ts";
import { sqliteIncidentRepository } from "./sqlite-incident-repository.ts";
import { sqliteOutboxRepository } from "./sqlite-outbox-repository.ts";
import { sqlitePostmortemRepository } from "./sqlite-postmortem-repository.ts";
import { sqliteReminderRepository } from "./sqlite-reminder-repository.ts";
import { sqliteRoomRepository } from "./sqlite-room-repository.ts";
import { sqliteTimelineRepository } from "./sqlite-timeline-repository.ts";

export function openSqliteStore(dataDir: string): Store {
  const file = dataDir === ":memory:" ? ":memory:" : databasePath(dataDir);
  const db = openDatabase(file);
  const health = createSqliteHealth(db.$client, file);
  return {
    incidents: sqliteIncidentRepository(db),
    timeline: sqliteTimelineRepository(db),
    alerts: sqliteAlertRepository(db),
    rooms: sqliteRoomRepository(db),
    broadcasts: sqliteBroadcastRepository(db),
    chatState: sqliteChatStateRepository(db),
    postmortems: sqlitePostmortemRepository(db),
    reminders: sqliteReminderRepository(db),
    outbox: sqliteOutboxRepository(db),
    transaction(fn) {
      try {
        return db.$client.transaction(fn).immediate();
      } catch (error) {
        health.noteError(error);
        throw error;
      }
    },
    healthProblem: () => (db.$client.open ? health.problem() : `${file} is closed.`),
    isHealthy: () => db.$client.open && health.problem() === undefined,
    close: () => db.$client.close(),
  };
}
