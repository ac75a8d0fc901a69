/**
 * Slack channel names may only hold lowercase letters, digits, `-` and `_`, at most 80 characters
 * (conversations.create rejects anything else). Incident titles come from alerts and people, in any
 * script and with emoji, so they are reduced to a readable ASCII slug: accents are transliterated,
 * what has no Latin spelling is dropped, and every other run of characters becomes one `-`.
 */
export const MAX_CHANNEL_NAME = 80;

// Letters that Unicode decomposition does not turn into ASCII, spelled the way people write them.
const SPELLED: Readonly<Record<string, string>> = {
  ß: "ss",
  ẞ: "ss",
  æ: "ae",
  Æ: "ae",
  œ: "oe",
  Œ: "oe",
  ø: "o",
  Ø: "o",
  ł: "l",
  Ł: "l",
  đ: "d",
  Đ: "d",
  ð: "d",
  Ð: "d",
  þ: "th",
  Þ: "th",
  ı: "i",
  ħ: "h",
  Ħ: "h",
};

/** "Café latency ☕ on #general" → "cafe-latency-on-general"; "" when nothing Latin is left. */
export function slugify(title: string): string {
  const spelled = Array.from(title, (char) => SPELLED[char] ?? char).join("");
  return (
    spelled
      // NFKD splits accents off their letters and unfolds compatibility forms (ﬁ, ｆｕｌｌ-width).
      .normalize("NFKD")
      .replace(/\p{M}+/gu, "")
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-+|-+$/g, "")
  );
}

/** Cuts a slug to at most `room` characters, at a word boundary when one is reasonably close. */
function shorten(slug: string, room: number): string {
  if (slug.length <= room) return slug;
  const cut = slug.slice(0, room);
  const boundary = cut.lastIndexOf("-");
  const kept = boundary >= room / 2 ? cut.slice(0, boundary) : cut;
  return kept.replace(/-+$/, "");
}

/**
 * `${prefix}${number}-${slug}`, or with `-${suffix}` when an earlier name was taken. Always valid
 * for conversations.create, whatever the title.
 */
export function incidentChannelName(
  prefix: string,
  number: number,
  title: string,
  suffix?: number,
): string {
  const head = `${prefix}${number}`;
  const tail = suffix === undefined ? "" : `-${suffix}`;
  const slug = shorten(slugify(title), MAX_CHANNEL_NAME - head.length - tail.length - 1);
  return slug === "" ? `${head}${tail}` : `${head}-${slug}${tail}`;
}
