import { randomUUID } from "node:crypto";
import { createInterface, type Interface } from "node:readline";
import type { ChatHandlers, ChatPort } from "../core/chat-port.ts";
import type { Clock } from "../core/clock.ts";
import { formatClock } from "../core/format-time.ts";
import type { Incident } from "../core/incident.ts";

export interface ConsoleChatOptions {
  /** Where transcript lines go (stdout in the CLI). */
  readonly write: (line: string) => void;
  readonly clock: Clock;
  readonly room: string;
  readonly user: string;
  /** Prefix each line with the time, for transcripts of simulated runs. */
  readonly showTime?: boolean;
  readonly timeZone?: string;
  /** Read commands from here; without it the console only prints. */
  readonly input?: NodeJS.ReadableStream;
}

export interface ConsoleChat extends ChatPort {
  /** Acts as `user` typing `text` in `roomId`: echoes the line, then handles it. */
  type(roomId: string, user: string, text: string): Promise<void>;
  /** Acts as `user` pinning the last message in `roomId` (what `/pin` does). */
  pin(roomId: string, user: string): Promise<void>;
  currentRoom(): string;
}

const BOT = "firebreak";

/**
 * The chat platform for a terminal: rooms are names, users are whoever you say you are. It is the
 * default when no Slack or Matrix is configured, and it is what the demo's transcript is made of.
 */
export function createConsoleChat(options: ConsoleChatOptions): ConsoleChat {
  let handlers: ChatHandlers | undefined;
  // What each bot message says now, so an edit can print just what changed.
  const posted = new Map<string, string>();
  let readline: Interface | undefined;
  let room = options.room;
  let user = options.user;
  const rooms = new Set<string>([room]);

  const print = (roomId: string, who: string, text: string) => {
    const time = options.showTime
      ? `${formatClock(options.clock.now().toISOString(), options.timeZone)} `
      : "";
    const head = `${time}[${roomId}] ${who}: `;
    const [first = "", ...rest] = text.split("\n");
    const lines = [head + first, ...rest.map((line) => " ".repeat(head.length) + line)];
    options.write(lines.join("\n"));
  };

  const info = (text: string) => options.write(`  (${text})`);

  // The last thing a person said in each room, so `/pin` can put it on the timeline.
  const lastMessage = new Map<
    string,
    { messageId: string; sender: string; text: string; sentAt: string }
  >();

  const deliver = async (roomId: string, sender: string, text: string) => {
    const message = {
      roomId,
      messageId: randomUUID(),
      sender: { id: sender, name: sender },
      text,
      sentAt: options.clock.now().toISOString(),
    };
    if (!text.startsWith("!") && !text.startsWith("/")) {
      lastMessage.set(roomId, { ...message, sender });
    }
    await handlers?.onMessage(message);
  };

  const pinLast = async (roomId: string, by: string) => {
    const last = lastMessage.get(roomId);
    if (!last) return info(`nothing to pin in ${roomId} yet`);
    await handlers?.onPin({
      roomId,
      messageId: last.messageId,
      author: { id: last.sender, name: last.sender },
      text: last.text,
      sentAt: last.sentAt,
      pinnedBy: { id: by, name: by },
    });
  };

  const onLine = async (line: string) => {
    const text = line.trim();
    const [command, argument] = text.split(/\s+/, 2);
    if (command === "/room" && argument) {
      room = argument;
      rooms.add(room);
      info(`you are in ${room}`);
    } else if (command === "/as" && argument) {
      user = argument;
      info(`you are ${user}`);
    } else if (command === "/rooms") {
      info(`rooms: ${[...rooms].join(", ")}`);
    } else if (command === "/pin") {
      await pinLast(room, user);
    } else if (command === "/help") {
      info(
        "!inc help for incident commands; /pin (the last message, onto the timeline), /room NAME, /as USER, /rooms, /quit",
      );
    } else if (command === "/quit") {
      readline?.close();
    } else if (text !== "") {
      await deliver(room, user, text);
    }
  };

  return {
    platform: "console",
    commandPrefix: "!inc",
    async start(chatHandlers) {
      handlers = chatHandlers;
      if (!options.input) return;
      readline = createInterface({ input: options.input, terminal: false });
      let queue = Promise.resolve();
      readline.on("line", (line) => {
        queue = queue.then(() => onLine(line));
      });
      info(`console chat: you are ${user} in ${room}; type !inc help, or /help`);
    },
    async stop() {
      readline?.close();
      readline = undefined;
      handlers = undefined;
    },
    isConnected: () => handlers !== undefined,
    async openRoom(incident: Incident, roomOptions) {
      const name = `inc-${incident.number}`;
      rooms.add(name);
      if (roomOptions.invite.length > 0) {
        info(`${name}: invited ${roomOptions.invite.join(", ")}`);
      }
      if (readline) {
        room = name;
        info(`opened ${name}; you are in it now (/room ${options.room} to go back)`);
      }
      return { roomId: name, name };
    },
    async post(roomId, message) {
      // Unique across restarts: summary ids are stored and edited by later processes.
      const messageId = randomUUID();
      posted.set(messageId, message.text);
      print(roomId, message.threadOf ? `${BOT} (in thread)` : BOT, message.text);
      return { messageId };
    },
    async edit(roomId, messageId, message) {
      const before = new Set((posted.get(messageId) ?? "").split("\n"));
      posted.set(messageId, message.text);
      const changed = message.text.split("\n").filter((line) => !before.has(line));
      if (changed.length > 0) print(roomId, `${BOT} ✎`, changed.join("\n"));
    },
    async invite(roomId, people) {
      if (people.length > 0) info(`${roomId}: invited ${people.join(", ")}`);
    },
    async resolveUser(reference) {
      const name = reference.replace(/^@/, "");
      return { id: name, name };
    },
    async type(roomId, sender, text) {
      print(roomId, sender, text);
      await deliver(roomId, sender, text);
    },
    async pin(roomId, by) {
      print(roomId, by, "📌 (pins the last message)");
      await pinLast(roomId, by);
    },
    currentRoom: () => room,
  };
}
