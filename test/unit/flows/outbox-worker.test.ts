import { pino } from "pino";
import { afterEach, describe, expect, it } from "vitest";
import type { ChatPort, OutboundMessage } from "../../../src/core/chat-port.ts";
import type { Incident } from "../../../src/core/incident.ts";
import type { Route } from "../../../src/core/route.ts";
import { createChatOutbox } from "../../../src/flows/chat-outbox.ts";
import { createOutboxDelivery } from "../../../src/flows/deliver-outbox-message.ts";
import { backoffMs, createOutboxWorker } from "../../../src/flows/outbox-worker.ts";
import { makeIncident, withoutNumber } from "../../helpers/make-incident.ts";
import { openTempStore, type TempStore } from "../../helpers/temp-store.ts";

const AT = "2026-11-18T09:12:40Z";
const log = pino({ level: "silent" });
const unavailable = () => Object.assign(new Error("503 Service Unavailable"), { statusCode: 503 });

/** A chat that records what reaches it, and fails posts to rooms marked down. */
function recordingChat() {
  const posted: { roomId: string; text: string; key: string | undefined }[] = [];
  const down = new Set<string>();
  let rooms = 0;
  const chat: ChatPort = {
    platform: "test",
    commandPrefix: "!inc",
    start: async () => {},
    stop: async () => {},
    isConnected: () => true,
    resolveUser: async (reference) => ({ id: reference, name: reference }),
    async openRoom(incident: Incident) {
      rooms++;
      if (down.has(`inc-${incident.number}`)) throw unavailable();
      return { roomId: `inc-${incident.number}`, name: `#inc-${incident.number}` };
    },
    async post(roomId: string, message: OutboundMessage) {
      if (down.has(roomId)) throw unavailable();
      posted.push({ roomId, text: message.text, key: message.idempotencyKey });
      return { messageId: `m${posted.length}` };
    },
    async edit(roomId: string) {
      if (down.has(roomId)) throw unavailable();
    },
    async invite() {},
  };
  return { chat, posted, down, roomsOpened: () => rooms };
}

const route: Route = {
  name: "default",
  matchers: [],
  mode: "declare",
  team: null,
  service: null,
  severity: null,
  severityLabel: "severity",
  severityMap: {},
  defaultSeverity: 3,
  invite: [],
  broadcast: null,
  autoResolve: false,
  groupBy: null,
  private: false,
};

describe("the outbox worker", () => {
  let temp: TempStore | undefined;
  afterEach(() => temp?.cleanup());

  function setup() {
    temp = openTempStore();
    const { store } = temp;
    const wall = { now: 1_000_000 };
    const { chat, posted, down, roomsOpened } = recordingChat();
    const outbox = createChatOutbox({
      store,
      platforms: [chat],
      wallNow: () => wall.now,
      createdAt: () => AT,
      summaryDelayMs: 1000,
    });
    const worker = createOutboxWorker({
      store,
      chats: [chat],
      log,
      wallNow: () => wall.now,
      deliver: createOutboxDelivery({
        store,
        log,
        routeOf: () => route,
        summaryOf: (number) => {
          const incident = store.incidents.get(number);
          if (!incident) throw new Error(`no incident ${number}`);
          return {
            incident,
            view: {} as never,
            text: () => `summary of ${number}: ${incident.status}`,
          };
        },
      }),
    });
    const incident = (title: string) => {
      return store.incidents.insert(withoutNumber(makeIncident({ openedAt: AT, title }))).number;
    };
    return { store, outbox, worker, posted, down, wall, incident, roomsOpened };
  }

  it("keeps a failing room's messages in order while other rooms go on", async () => {
    const { store, outbox, worker, posted, down, incident } = setup();
    const one = incident("one");
    const two = incident("two");
    store.transaction(() => {
      outbox.openRooms(one);
      outbox.openRooms(two);
    });
    await worker.drain();
    down.add("inc-1");
    store.transaction(() => {
      outbox.announce(one, () => "1: first");
      outbox.announce(two, () => "2: first");
      outbox.announce(one, () => "1: second");
      outbox.announce(two, () => "2: second");
    });
    await worker.drain();
    const texts = () => posted.map((p) => p.text).filter((text) => !text.startsWith("summary"));
    expect(texts()).toEqual(["2: first", "2: second"]);
    expect(worker.backlog()).toEqual({ waiting: 2, failed: 0 });

    down.delete("inc-1");
    await worker.drain();
    expect(texts()).toEqual(["2: first", "2: second", "1: first", "1: second"]);
    expect(worker.backlog()).toEqual({ waiting: 0, failed: 0 });
  });

  it("does not post a message twice when a later step of the same message failed", async () => {
    const { store, outbox, worker, posted, down, incident } = setup();
    const one = incident("one");
    store.transaction(() => outbox.openRooms(one));
    await worker.drain();
    // A second room for the same incident on this platform (a room re-created by hand).
    store.rooms.bind({ platform: "test", roomId: "inc-1-b", incidentNumber: one, name: "#b" });
    down.add("inc-1-b");
    store.transaction(() => outbox.announce(one, () => "status: identified"));
    await worker.drain();
    down.delete("inc-1-b");
    await worker.drain();
    const deliveries = posted.filter((p) => p.text === "status: identified");
    expect(deliveries.map((p) => p.roomId)).toEqual(["inc-1", "inc-1-b"]);
    // Each post of a message carries its own key, the same on every attempt.
    expect(new Set(deliveries.map((p) => p.key)).size).toBe(2);
  });

  it("lets a command's reply go before a storm's new rooms", async () => {
    const { store, outbox, worker, posted, incident, roomsOpened } = setup();
    const first = incident("first");
    store.transaction(() => outbox.openRooms(first));
    await worker.drain();
    const storm = Array.from({ length: 5 }, (_, i) => incident(`storm ${i}`));
    store.transaction(() => {
      for (const number of storm) outbox.openRooms(number);
      outbox.announce(first, () => "Alice acknowledged INC-1.");
    });
    const opened = roomsOpened();
    // The first turn takes the reply, although it was written after the rooms.
    await worker.settle(0).then(() => {});
    const reply = posted.findIndex((p) => p.text === "Alice acknowledged INC-1.");
    const firstStormSummary = posted.findIndex((p) => p.text.startsWith("summary of 2"));
    expect(reply).toBeGreaterThan(-1);
    expect(reply).toBeLessThan(firstStormSummary);
    expect(roomsOpened()).toBe(opened + 5);
  });

  it("keeps one waiting summary refresh per incident, delayed to collect changes", async () => {
    const { store, outbox, worker, incident, wall } = setup();
    const one = incident("one");
    store.transaction(() => {
      for (let i = 0; i < 20; i++) outbox.refresh(one);
    });
    expect(store.outbox.counts().waiting).toBe(1);
    expect(store.outbox.next(wall.now, [])).toBeUndefined(); // not due before the delay
    expect(store.outbox.next(wall.now + 1000, [])?.message).toEqual({
      kind: "refresh",
      incident: one,
    });
    await worker.drain();
    expect(store.outbox.counts().waiting).toBe(0);
  });

  it("backs off 1 s, 2 s, 4 s … up to a minute", () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8, 20].map(backoffMs)).toEqual([
      1000, 2000, 4000, 8000, 16_000, 32_000, 60_000, 60_000, 60_000,
    ]);
  });

  it("after a restart, a message that was being delivered goes again and nothing is lost", async () => {
    const { store, outbox, worker, posted, wall, incident } = setup();
    const one = incident("one");
    store.transaction(() => {
      outbox.openRooms(one);
      outbox.announce(one, () => "said before the crash");
    });
    // The crash: the message was picked and marked started, the process died before it finished.
    const picked = store.outbox.next(wall.now, []);
    expect(picked?.message.kind).toBe("open_room");
    store.outbox.markStarted(picked?.id ?? 0, wall.now);
    worker.start();
    await worker.drain();
    await worker.stop();
    expect(posted.map((p) => p.text)).toEqual([
      "summary of 1: investigating",
      "said before the crash",
    ]);
  });
});
