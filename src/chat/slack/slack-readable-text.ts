import { unescapeSlackText } from "./slack-escape.ts";

/** `<target|label>` as Slack writes mentions, channels, special mentions and links. */
interface Reference {
  readonly target: string;
  /** The text after `|`, entities decoded; undefined when there is none. */
  readonly label: string | undefined;
}

/**
 * Replaces every `<…>` reference in Slack text with what `read` makes of it, and decodes the
 * entities in the text between them.
 */
async function replaceReferences(
  text: string,
  read: (reference: Reference) => Promise<string>,
): Promise<string> {
  const references = [...text.matchAll(/<([^<>]+)>/g)];
  const replaced = await Promise.all(
    references.map((match) => {
      const reference = match[1] ?? "";
      const bar = reference.indexOf("|");
      return read({
        target: bar === -1 ? reference : reference.slice(0, bar),
        label: bar === -1 ? undefined : unescapeSlackText(reference.slice(bar + 1)),
      });
    }),
  );
  let result = "";
  let last = 0;
  references.forEach((match, i) => {
    result += unescapeSlackText(text.slice(last, match.index)) + replaced[i];
    last = match.index + match[0].length;
  });
  return result + unescapeSlackText(text.slice(last));
}

/**
 * Message text as Slack stores it is mrkdwn with references: `<@U024BE7LH>`, `<#C123|general>`,
 * `<!here>`, `<https://example.com|the runbook>`. The timeline and the postmortem are read outside
 * Slack, so references become what people saw: names, channel names, link labels with their URL.
 */
export function readableText(
  text: string,
  nameOf: (userId: string) => Promise<string>,
): Promise<string> {
  return replaceReferences(text, async ({ target, label }) => {
    if (target.startsWith("@")) return `@${await nameOf(target.slice(1))}`;
    if (target.startsWith("#")) return `#${label ?? target.slice(1)}`;
    if (target.startsWith("!subteam^")) return label ?? "@group";
    if (target.startsWith("!date^")) return label ?? "";
    if (target.startsWith("!")) return `@${target.slice(1)}`;
    const url = unescapeSlackText(target);
    if (label === undefined || label === url) return url;
    if (url.startsWith("mailto:")) return label;
    return `${label} (${url})`;
  });
}

/**
 * Slash command text as the parser should see it. With `should_escape`, Slack sends a mention as
 * `<@U024BE7LH|bob>`; it becomes `@bob` (its handle: one word, unique in the workspace), which
 * role assignment resolves back to the same person and which reads well in a note. Links become
 * their URL, channel references `#name`, and entities plain characters.
 */
export function commandText(
  text: string,
  handleOf: (userId: string, label: string | undefined) => Promise<string>,
): Promise<string> {
  return replaceReferences(text, async ({ target, label }) => {
    if (target.startsWith("@")) return `@${await handleOf(target.slice(1), label)}`;
    if (target.startsWith("#")) return `#${label ?? target.slice(1)}`;
    if (target.startsWith("!subteam^")) return label ?? "@group";
    if (target.startsWith("!")) return `@${target.slice(1)}`;
    return unescapeSlackText(target);
  });
}
