import { and, eq } from "drizzle-orm";
import type { ChatStateRepository } from "../../core/store-ports.ts";
import { chatState } from "./db-schema.ts";
import type { Db } from "./open-database.ts";

export function sqliteChatStateRepository(db: Db): ChatStateRepository {
  return {
    get(platform, key) {
      return db
        .select({ value: chatState.value })
        .from(chatState)
        .where(and(eq(chatState.platform, platform), eq(chatState.key, key)))
        .get()?.value;
    },
    set(platform, key, value, at) {
      db.insert(chatState)
        .values({ platform, key, value, updatedAt: at })
        .onConflictDoUpdate({
          target: [chatState.platform, chatState.key],
          set: { value, updatedAt: at },
        })
        .run();
    },
  };
}
