const HTML_ENTITIES: Readonly<Record<string, string>> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

/**
 * Escapes text for HTML element content and quoted attribute values. Every piece of user text on
 * the public site (titles, services, refs, statuses) and in Matrix's HTML messages goes through
 * this, so none of it can open a tag or leave an attribute.
 */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => HTML_ENTITIES[char] ?? char);
}

/** Escapes text like escapeHtml, keeping its line breaks as `<br>` (the only tag it adds). */
export function escapeHtmlLines(text: string): string {
  return escapeHtml(text).replace(/\r\n?|\n/g, "<br>\n");
}

/**
 * Characters XML 1.0 forbids outright: C0 controls other than tab and newlines, and U+FFFE/U+FFFF.
 * No escape can express them, so one of them in a title would make the whole feed unreadable; they
 * are dropped instead (and lone surrogates become U+FFFD).
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point.
const NOT_XML_CHAR = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

/** Escapes text for XML content and attributes (the Atom feed). */
export function escapeXml(text: string): string {
  return escapeHtml(text.toWellFormed().replace(NOT_XML_CHAR, ""));
}
