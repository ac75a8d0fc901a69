import { unescapeSlackText } from "./slack-escape.ts";

/**
 * Message text as Slack stores it is mrkdwn with references: `<@U024BE7LH>`, `<#C123|general>`,
 * `<!here>`, `<https://example.com|the runbook>`. The timeline and the postmortem are read outside
 * Slack, so references become what people saw: names, channel names, link labels with their URL.
 */
export async function readableText(
  text: string,
  nameOf: (userId: string) => Promise<string>,
): Promise<string> {
  const references = [...text.matchAll(/<([^<>]+)>/g)];
  const readable = await Promise.all(
    references.map((match) => readReference(match[1] ?? "", nameOf)),
  );
  let result = "";
  let last = 0;
  references.forEach((match, i) => {
    result += unescapeSlackText(text.slice(last, match.index)) + readable[i];
    last = match.index + match[0].length;
  });
  return result + unescapeSlackText(text.slice(last));
}

async function readReference(
  reference: string,
  nameOf: (userId: string) => Promise<string>,
): Promise<string> {
  const bar = reference.indexOf("|");
  const target = bar === -1 ? reference : reference.slice(0, bar);
  const label = bar === -1 ? undefined : unescapeSlackText(reference.slice(bar + 1));
  if (target.startsWith("@")) return `@${await nameOf(target.slice(1))}`;
  if (target.startsWith("#")) return `#${label ?? target.slice(1)}`;
  if (target.startsWith("!subteam^")) return label ?? "@group";
  if (target.startsWith("!date^")) return label ?? "";
  if (target.startsWith("!")) return `@${target.slice(1)}`;
  const url = unescapeSlackText(target);
  if (label === undefined || label === url) return url;
  if (url.startsWith("mailto:")) return label;
  return `${label} (${url})`;
}

/**
 * Slash command text as the parser should see it. With `should_escape`, Slack sends a mention as
 * `<@U024BE7LH|bob>`; it becomes `@bob` (its handle: one word, unique in the workspace), which
 * role assignment resolves back to the same person and which reads well in a note. Links become
 * their URL, channel references `#name`, and entities plain characters.
 */
export async function commandText(
  text: string,
  handleOf: (userId: string, label: string | undefined) => Promise<string>,
): Promise<string> {
  const references = [...text.matchAll(/<([^<>]+)>/g)];
  const plain = await Promise.all(
    references.map(async (match) => {
      const reference = match[1] ?? "";
      const bar = reference.indexOf("|");
      const target = bar === -1 ? reference : reference.slice(0, bar);
      const label = bar === -1 ? undefined : unescapeSlackText(reference.slice(bar + 1));
      if (target.startsWith("@")) return `@${await handleOf(target.slice(1), label)}`;
      if (target.startsWith("#")) return `#${label ?? target.slice(1)}`;
      if (target.startsWith("!subteam^")) return label ?? "@group";
      if (target.startsWith("!")) return `@${target.slice(1)}`;
      return unescapeSlackText(target);
    }),
  );
  let result = "";
  let last = 0;
  references.forEach((match, i) => {
    result += unescapeSlackText(text.slice(last, match.index)) + plain[i];
    last = match.index + match[0].length;
  });
  return result + unescapeSlackText(text.slice(last));
}
