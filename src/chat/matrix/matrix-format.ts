import { escapeHtml } from "../../core/escape-html.ts";
import { isUserId, trimUserId, USER_ID_IN_TEXT } from "./matrix-ids.ts";

/** A bot message as Matrix carries it: plain `body` for every client, HTML for those that render it. */
export interface FormattedMessage {
  readonly body: string;
  readonly html: string;
  /** The users pilled in `html`, for `m.mentions`. */
  readonly mentions: readonly string[];
}

/** Someone the text names by display name whose ID is known, such as a role holder in the summary. */
export interface NamedPerson {
  /** What precedes the name in the text: `commander` in `commander: Alice`. */
  readonly label: string;
  readonly name: string;
  readonly id: string;
}

export interface FormatOptions {
  /** The display name to show in a user's pill; the ID itself when unknown. */
  readonly nameOf: (userId: string) => string | undefined;
  readonly people?: readonly NamedPerson[];
}

/** A user mention as Matrix clients render it: a matrix.to link showing the display name. */
function pill(userId: string, name: string): string {
  return `<a href="https://matrix.to/#/${escapeHtml(userId)}">${escapeHtml(name)}</a>`;
}

// URLs first so that an ID inside a link stays part of the link; `(?<![\w])` keeps e-mail
// addresses out. Both run on already-escaped text, so `&amp;` may appear inside a URL.
const LINK_OR_USER = new RegExp(
  String.raw`(https?:\/\/[^\s<]+)|(?<![\w])(${USER_ID_IN_TEXT.source})`,
  "g",
);
// Punctuation and escaped quotes that end a sentence rather than the URL.
const URL_TAIL = /(?:[.,;:!?)\]]|&quot;|&#39;|&gt;)+$/;
const BOLD = /(^|[^\w*])\*(?=\S)([^*\n]*?\S)\*(?![\w*])/g;

/**
 * Renders Firebreak's light Markdown (`*bold*`, `` `code` ``, line breaks) as Matrix's
 * `org.matrix.custom.html`, escaping everything else, linking URLs, and turning user IDs (and the
 * `people` named in the text) into pills.
 */
export function formatMessage(text: string, options: FormatOptions): FormattedMessage {
  const mentions = new Set<string>();
  const mention = (userId: string) => {
    mentions.add(userId);
    return pill(userId, options.nameOf(userId) ?? userId);
  };

  const inline = (part: string): string => {
    let html = escapeHtml(part).replace(BOLD, "$1<strong>$2</strong>");
    html = html.replace(LINK_OR_USER, (match: string, url: string | undefined) => {
      if (url) {
        const tail = URL_TAIL.exec(url)?.[0] ?? "";
        const href = url.slice(0, url.length - tail.length);
        return `<a href="${href}">${href}</a>${tail}`;
      }
      const userId = trimUserId(match);
      return mention(userId) + match.slice(userId.length);
    });
    for (const person of options.people ?? []) {
      if (!isUserId(person.id)) continue;
      const plain = `${escapeHtml(person.label)}: ${escapeHtml(person.name)}`;
      if (html.includes(plain)) {
        mentions.add(person.id);
        html = html.replace(plain, `${escapeHtml(person.label)}: ${pill(person.id, person.name)}`);
      }
    }
    return html;
  };

  // Odd parts are the `code` spans, which are shown verbatim.
  const html = text
    .split(/(`[^`\n]+`)/)
    .map((part, i) =>
      i % 2 === 1 ? `<code>${escapeHtml(part.slice(1, -1))}</code>` : inline(part),
    )
    .join("")
    .replace(/\n/g, "<br>");
  return { body: text, html, mentions: [...mentions] };
}
