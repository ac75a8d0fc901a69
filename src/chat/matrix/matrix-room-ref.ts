import type { MatrixClient } from "matrix-js-sdk";

/**
 * Rooms as configuration names them — a room ID (`!abc:example.org`), an alias
 * (`#incidents:example.org`) or a bare name shared with other platforms (`incidents`, taken as
 * `#incidents` on the bot's server) — as room IDs. Aliases are looked up once.
 */
export function createRoomRefs(deps: {
  client: MatrixClient;
  serverName: string;
  call: <T>(label: string, fn: () => Promise<T>) => Promise<T>;
}) {
  const resolved = new Map<string, string>();
  return async (reference: string): Promise<string> => {
    if (reference.startsWith("!")) return reference;
    const cached = resolved.get(reference);
    if (cached) return cached;
    const alias = reference.startsWith("#")
      ? reference
      : `#${reference.replace(/^#/, "")}:${deps.serverName}`;
    const { room_id } = await deps.call("resolve alias", () =>
      deps.client.getRoomIdForAlias(alias),
    );
    resolved.set(reference, room_id);
    return room_id;
  };
}
