import type { webApi } from "@slack/bolt";
import type { RoomOptions } from "../../core/chat-port.ts";
import { clipText } from "../../core/clip-text.ts";
import { FirebreakError } from "../../core/firebreak-error.ts";
import type { Incident } from "../../core/incident.ts";
import { formatIncidentRef } from "../../core/incident-ref.ts";
import type { Log } from "../../core/log.ts";
import { formatSeverity } from "../../core/severity.ts";
import { slackErrorCode } from "./slack-api-error.ts";
import { incidentChannelName } from "./slack-channel-name.ts";
import { SLACK_USER_ID, type SlackPeople } from "./slack-people.ts";
import type { RateWindow } from "./slack-rate-window.ts";

type WebClient = webApi.WebClient;

/** How many names to try before giving up: the title's, then `-2` … `-10`. */
const NAME_ATTEMPTS = 10;
const TOPIC_MAX = 250;

export interface SlackRooms {
  openRoom(incident: Incident, options: RoomOptions): Promise<{ roomId: string; name: string }>;
  invite(channel: string, people: readonly string[]): Promise<void>;
}

/**
 * A channel per incident: conversations.create with a valid name (a suffix when the name is taken,
 * every attempt through the Tier 2 window), private for private incidents, the topic set, and the
 * route's people and the declarer invited. People Slack does not know are skipped with a warning:
 * a typo in the config must not keep the incident from getting its channel.
 */
export function createSlackRooms(deps: {
  readonly client: WebClient;
  readonly people: SlackPeople;
  readonly channelPrefix: string;
  readonly createWindow: RateWindow;
  readonly log: Log;
  /** The bot's own user ID, once known: it created the channel, so it is not invited. */
  readonly botUserId: () => string | undefined;
}): SlackRooms {
  const { client, log } = deps;

  async function create(incident: Incident): Promise<{ id: string; name: string }> {
    for (let attempt = 1; attempt <= NAME_ATTEMPTS; attempt++) {
      const name = incidentChannelName(
        deps.channelPrefix,
        incident.number,
        incident.title,
        attempt === 1 ? undefined : attempt,
      );
      await deps.createWindow.take();
      try {
        const answer = await client.conversations.create({ name, is_private: incident.private });
        const id = answer.channel?.id;
        if (!id) throw new Error("conversations.create answered without a channel id");
        return { id, name: answer.channel?.name ?? name };
      } catch (error) {
        if (slackErrorCode(error) !== "name_taken") throw error;
        log.info({ incident: incident.number, name }, "Slack channel name taken; trying another");
      }
    }
    throw new FirebreakError(
      "channel_names_taken",
      `Slack channel names for ${formatIncidentRef(incident.number)} are all taken (tried ${NAME_ATTEMPTS}).`,
    );
  }

  async function setTopic(channel: string, incident: Incident): Promise<void> {
    const topic = `${formatIncidentRef(incident.number)} · ${formatSeverity(incident.severity)} · ${incident.title}`;
    try {
      // The topic is plain text: Slack does not format or link it, so nothing needs escaping.
      await client.conversations.setTopic({ channel, topic: clipText(topic, TOPIC_MAX) });
    } catch (error) {
      log.warn({ err: error, channel }, "conversations.setTopic failed");
    }
  }

  async function invite(
    channel: string,
    incident: Incident | undefined,
    options: RoomOptions,
  ): Promise<void> {
    const ids = new Set<string>();
    for (const reference of options.invite) {
      const person = await deps.people.find(reference);
      if (person) ids.add(person.id);
      else {
        log.warn(
          { incident: incident?.number, person: reference },
          "not inviting someone Slack does not know; use their Slack name or ID in the route's invite list",
        );
      }
    }
    if (options.declarer && SLACK_USER_ID.test(options.declarer.id)) ids.add(options.declarer.id);
    const bot = deps.botUserId();
    if (bot) ids.delete(bot);
    if (ids.size === 0) return;
    try {
      // force: invite everyone valid even if one of them cannot be invited.
      await client.conversations.invite({ channel, users: [...ids].join(","), force: true });
    } catch (error) {
      log.warn({ err: error, channel, users: [...ids] }, "conversations.invite failed");
    }
  }

  return {
    async openRoom(incident, options) {
      const channel = await create(incident);
      await setTopic(channel.id, incident);
      await invite(channel.id, incident, options);
      return { roomId: channel.id, name: channel.name };
    },
    invite: (channel, people) => invite(channel, undefined, { invite: people }),
  };
}
