import type { types } from "@slack/bolt";
import { clipText } from "../../core/clip-text.ts";
import type { SummaryView } from "../../core/incident-summary.ts";
import { isOpen, isStatus } from "../../core/lifecycle.ts";
import { escapeSlackText, escapeSlackUrl } from "./slack-escape.ts";
import { SLACK_USER_ID } from "./slack-people.ts";

type KnownBlock = types.KnownBlock;
type Button = types.Button;

/** Every Firebreak button's action_id starts with this; its value is the sub-command it runs. */
export const ACTION_ID_PREFIX = "firebreak_";

interface SummaryButton {
  readonly id: string;
  readonly label: string;
  /** What the button does, as typed after `/incident`. */
  readonly command: string;
  /** The status the button moves to; hidden while the incident already has it. */
  readonly status?: string;
  readonly style?: "primary" | "danger";
}

const BUTTONS: readonly SummaryButton[] = [
  { id: "ack", label: "Acknowledge", command: "ack", style: "primary" },
  {
    id: "status_identified",
    label: "Identified",
    command: "status identified",
    status: "identified",
  },
  {
    id: "status_monitoring",
    label: "Monitoring",
    command: "status monitoring",
    status: "monitoring",
  },
  { id: "status_resolved", label: "Resolved", command: "status resolved", status: "resolved" },
];

/** A triaged incident needs a decision first: accept or decline. */
const TRIAGE_BUTTONS: readonly SummaryButton[] = [
  { id: "accept", label: "Accept", command: "accept", style: "primary" },
  { id: "decline", label: "Decline", command: "decline", style: "danger" },
];

// Slack's limits: header text 150 characters, section fields 2000 each, other text 3000.
const HEADER_MAX = 150;
const FIELD_MAX = 2000;
const TEXT_MAX = 3000;

function field(label: string, value: string) {
  return { type: "mrkdwn" as const, text: clipText(`*${label}*\n${value}`, FIELD_MAX) };
}

/** Role holders as Slack mentions when they are Slack users, so the names stay current. */
function holder(role: { name: string; id: string }): string {
  return SLACK_USER_ID.test(role.id) ? `<@${role.id}>` : escapeSlackText(role.name);
}

function button(spec: SummaryButton): Button {
  return {
    type: "button",
    action_id: `${ACTION_ID_PREFIX}${spec.id}`,
    text: { type: "plain_text", text: spec.label },
    value: spec.command,
    ...(spec.style ? { style: spec.style } : {}),
    ...(spec.status === "resolved"
      ? {
          confirm: {
            title: { type: "plain_text", text: "Resolve the incident?" },
            text: { type: "plain_text", text: "Everyone in the channel is told it is resolved." },
            confirm: { type: "plain_text", text: "Resolve" },
            deny: { type: "plain_text", text: "Not yet" },
          },
        }
      : {}),
  };
}

/**
 * The incident summary as Block Kit: a header with the reference and title, the facts as fields,
 * the links, and buttons for the moves responders make most. The plain text sent with it stays the
 * notification and accessibility fallback.
 */
export function summaryBlocks(view: SummaryView): KnownBlock[] {
  // Past responding (resolved, or over for good): nothing left to run or click.
  const finished = isStatus(view.status) && !isOpen(view.status);
  const roles =
    view.roles.length > 0
      ? view.roles.map((role) => `${role.role}: ${holder(role)}`).join("\n")
      : "no commander yet";
  const blocks: KnownBlock[] = [
    {
      type: "header",
      text: { type: "plain_text", text: clipText(`${view.ref} · ${view.title}`, HEADER_MAX) },
    },
    {
      type: "section",
      fields: [
        field("Severity", view.severity),
        field("Status", view.status),
        field("Service", view.service ? escapeSlackText(view.service) : "—"),
        field("Roles", roles),
        field("Alerts", `${view.alerts.firing} firing, ${view.alerts.resolved} resolved`),
      ],
    },
  ];
  if (view.private) {
    blocks.push({
      type: "context",
      elements: [{ type: "mrkdwn", text: "🔒 Private incident: only invited people see it." }],
    });
  }
  if (view.links.length > 0) {
    const links = view.links
      .map((link) => `<${escapeSlackUrl(link.url)}|${escapeSlackText(link.label)}>`)
      .join(" · ");
    blocks.push({ type: "section", text: { type: "mrkdwn", text: clipText(links, TEXT_MAX) } });
  }
  if (view.suggestions.length > 0 && !finished) {
    const tries = view.suggestions
      .map((name) => `\`/incident run ${escapeSlackText(name)}\``)
      .join(" · ");
    blocks.push({
      type: "context",
      elements: [{ type: "mrkdwn", text: clipText(`Try: ${tries}`, TEXT_MAX) }],
    });
  }
  if (!finished) {
    const buttons = (view.status === "triage" ? TRIAGE_BUTTONS : BUTTONS)
      .filter((spec) => spec.status !== view.status)
      .map(button);
    blocks.push({ type: "actions", block_id: "firebreak_summary_actions", elements: buttons });
  }
  return blocks;
}

/** The message's text with a row of buttons, each running a sub-command when clicked. */
export function actionBlocks(text: string, actions: readonly { label: string; command: string }[]) {
  return [
    { type: "section", text: { type: "mrkdwn", text: clipText(text, TEXT_MAX) } },
    {
      type: "actions",
      elements: actions.map((action, i) =>
        button({ id: `act_${i}`, label: action.label, command: action.command, style: "primary" }),
      ),
    },
  ];
}
