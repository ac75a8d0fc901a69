import { z } from "zod";

/**
 * The parts of the client-server API's /sync answer Firebreak reads. Homeservers add fields over
 * time, so objects are loose; events are checked one by one (`parseEvents`) so that one odd event
 * cannot make a whole batch unreadable.
 */
const content = z.record(z.string(), z.unknown());

export const roomEventSchema = z.looseObject({
  event_id: z.string(),
  type: z.string(),
  sender: z.string(),
  origin_server_ts: z.number(),
  content,
  state_key: z.string().optional(),
  /** Top level up to room version 10; `content.redacts` from version 11 on. */
  redacts: z.string().optional(),
  unsigned: z.record(z.string(), z.unknown()).optional(),
});

/** A room event as /sync, /messages and /event return it. */
export type RoomEventData = z.infer<typeof roomEventSchema>;

const strippedStateSchema = z.looseObject({
  type: z.string(),
  state_key: z.string(),
  sender: z.string(),
  content,
});

export type StrippedState = z.infer<typeof strippedStateSchema>;

const eventList = z.looseObject({ events: z.array(z.unknown()).default([]) });

const joinedRoomSchema = z.looseObject({
  state: eventList.optional(),
  timeline: z
    .looseObject({
      events: z.array(z.unknown()).default([]),
      limited: z.boolean().optional(),
      prev_batch: z.string().optional(),
    })
    .optional(),
});

export const syncResponseSchema = z.looseObject({
  next_batch: z.string(),
  rooms: z
    .looseObject({
      join: z.record(z.string(), joinedRoomSchema).optional(),
      invite: z
        .record(z.string(), z.looseObject({ invite_state: eventList.optional() }))
        .optional(),
      leave: z.record(z.string(), z.unknown()).optional(),
    })
    .optional(),
});

export type SyncResponse = z.infer<typeof syncResponseSchema>;
export type JoinedRoomSync = z.infer<typeof joinedRoomSchema>;

export const messagesResponseSchema = z.looseObject({
  chunk: z.array(z.unknown()).default([]),
  end: z.string().optional(),
});

export function parseEvents(raw: readonly unknown[]): RoomEventData[] {
  return raw.flatMap((event) => {
    const parsed = roomEventSchema.safeParse(event);
    return parsed.success ? [parsed.data] : [];
  });
}

export function parseStrippedState(raw: readonly unknown[]): StrippedState[] {
  return raw.flatMap((event) => {
    const parsed = strippedStateSchema.safeParse(event);
    return parsed.success ? [parsed.data] : [];
  });
}

/** A string field of an event's content, or undefined. */
export function text(content: Record<string, unknown>, key: string): string | undefined {
  const value = content[key];
  return typeof value === "string" ? value : undefined;
}

/** An object field of an event's content, or undefined. */
export function record(
  content: Record<string, unknown> | undefined,
  key: string,
): Record<string, unknown> | undefined {
  const value = content?.[key];
  return value !== null && typeof value === "object" && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}
