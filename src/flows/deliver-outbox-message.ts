import type { ChatPort, OutboundMessage } from "../core/chat-port.ts";
import type { Incident } from "../core/incident.ts";
import { formatIncidentRef } from "../core/incident-ref.ts";
import { broadcastLine } from "../core/incident-summary.ts";
import type { Log } from "../core/log.ts";
import type { OutboxMessage, QueuedOutboxMessage } from "../core/outbox-message.ts";
import type { Route } from "../core/route.ts";
import type { Store } from "../core/store-ports.ts";
import type { CurrentSummary } from "./incident-summary-of.ts";
import { requireIncident } from "./require-incident.ts";

export interface DeliveryDeps {
  readonly store: Store;
  readonly log: Log;
  /** The settings (invite, broadcast) of the route an incident came from. */
  readonly routeOf: (incident: Incident) => Route;
  /** The incident's summary as it stands now: its view, and its text as a chat writes it. */
  readonly summaryOf: (number: number) => CurrentSummary;
}

/**
 * Performs one outbox message on its chat. Each step first looks at what is already recorded (the
 * room, the summary, the broadcast line, the sub-steps done), so running a message again after a crash
 * or a failure picks up where it stopped. Posts carry an idempotency key made of the message and the
 * step: platforms that have one (Matrix transaction IDs) drop the copy a retry would send.
 */
export function createOutboxDelivery(deps: DeliveryDeps) {
  const { store, log } = deps;

  const roomsOn = (platform: string, incident: number) =>
    store.rooms.listForIncident(incident).filter((room) => room.platform === platform);
  const broadcastsOn = (platform: string, incident: number) =>
    store.broadcasts
      .listForIncident(incident)
      .filter((broadcast) => broadcast.platform === platform);

  /** Posts one message per target, skipping the targets a previous attempt already reached. */
  async function postEach(
    queued: QueuedOutboxMessage,
    chat: ChatPort,
    targets: readonly { roomId: string; message: OutboundMessage }[],
    markStep: (step: number) => void,
  ): Promise<void> {
    for (const [index, { roomId, message }] of targets.entries()) {
      if (index < queued.step) continue;
      await chat.post(roomId, { ...message, idempotencyKey: `${queued.token}.${index}` });
      markStep(index + 1);
    }
  }

  async function openRoom(
    queued: QueuedOutboxMessage,
    chat: ChatPort,
    message: Extract<OutboxMessage, { kind: "open_room" }>,
  ): Promise<void> {
    const platform = chat.platform;
    const incident = requireIncident(store, message.incident);
    const route = deps.routeOf(incident);
    let room = roomsOn(platform, incident.number)[0];
    if (!room) {
      const opened = await chat.openRoom(incident, {
        invite: route.invite,
        ...(message.declarer ? { declarer: message.declarer } : {}),
      });
      // Recorded at once: from here on a retry posts into this room instead of opening another.
      store.rooms.bind({ platform, incidentNumber: incident.number, ...opened });
      room = { platform, incidentNumber: incident.number, ...opened, summaryMessageId: null };
      log.info(
        { incident: incident.number, platform, room: opened.roomId },
        "incident room opened",
      );
    }
    if (!room.summaryMessageId) {
      const current = deps.summaryOf(incident.number); // the newest state, not the message's
      const summary = await chat.post(room.roomId, {
        text: current.text(chat),
        summary: current.view,
        pin: true,
        idempotencyKey: `${queued.token}.summary`,
      });
      store.rooms.setSummaryMessage(platform, room.roomId, summary.messageId);
    }
    const broadcastRoom = route.broadcast;
    const announced = broadcastsOn(platform, incident.number).some(
      (broadcast) => broadcast.roomId === broadcastRoom,
    );
    if (broadcastRoom && !incident.private && !announced) {
      // As the incident is now: posting the room and summary may have taken a while.
      const posted = await chat.post(broadcastRoom, {
        text: broadcastLine(requireIncident(store, incident.number), room.name),
        idempotencyKey: `${queued.token}.broadcast`,
      });
      store.broadcasts.save({
        incidentNumber: incident.number,
        platform,
        roomId: broadcastRoom,
        messageId: posted.messageId,
      });
    }
  }

  async function refresh(chat: ChatPort, number: number): Promise<void> {
    const { incident, view, text } = deps.summaryOf(number);
    const rooms = roomsOn(chat.platform, number);
    for (const room of rooms) {
      if (!room.summaryMessageId) continue; // its open_room message posts the current summary
      await chat.edit(room.roomId, room.summaryMessageId, { text: text(chat), summary: view });
    }
    const roomName = rooms[0]?.name ?? formatIncidentRef(number);
    for (const broadcast of broadcastsOn(chat.platform, number)) {
      await chat.edit(broadcast.roomId, broadcast.messageId, {
        text: broadcastLine(incident, roomName),
      });
    }
  }

  return async function deliver(
    queued: QueuedOutboxMessage,
    chat: ChatPort,
    markStep: (step: number) => void,
  ): Promise<void> {
    const { message } = queued;
    const platform = chat.platform;
    switch (message.kind) {
      case "open_room":
        return openRoom(queued, chat, message);
      case "refresh":
        return refresh(chat, message.incident);
      case "room_post": {
        const targets = roomsOn(platform, message.incident).map((room) => ({
          roomId: room.roomId,
          message: { text: message.text },
        }));
        return postEach(queued, chat, targets, markStep);
      }
      case "broadcast_reply": {
        const targets = broadcastsOn(platform, message.incident).map((broadcast) => ({
          roomId: broadcast.roomId,
          message: { text: message.text, threadOf: broadcast.messageId },
        }));
        return postEach(queued, chat, targets, markStep);
      }
      case "declared": {
        const incident = requireIncident(store, message.incident);
        const ref = formatIncidentRef(incident.number);
        const roomName = roomsOn(platform, incident.number)[0]?.name ?? ref;
        // A private incident's title stays out of shared rooms; only its declarer hears of it.
        const post: OutboundMessage = incident.private
          ? {
              text: `You declared private ${ref}; its room ${roomName} is invite-only.`,
              ephemeralTo: message.actor.id,
            }
          : { text: `${message.actor.name} declared ${ref}: ${incident.title} — join ${roomName}` };
        return postEach(queued, chat, [{ roomId: message.roomId, message: post }], markStep);
      }
      case "invite":
        for (const room of roomsOn(platform, message.incident)) {
          await chat.invite(room.roomId, message.people);
        }
        return;
      case "post":
        return postEach(
          queued,
          chat,
          [{ roomId: message.roomId, message: { text: message.text } }],
          markStep,
        );
    }
  };
}

export type OutboxDelivery = ReturnType<typeof createOutboxDelivery>;
