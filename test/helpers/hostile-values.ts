import fc from "fast-check";

/** Keys and characters that break naive code: prototype pollution, bidi and zero-width tricks. */
export const NASTY = [
  "__proto__",
  "constructor",
  "prototype",
  "toString",
  "\u202e",
  "\u200b",
  "\u2066",
  "\u0000",
  "💥",
  "\ud800",
  "a".repeat(10_000),
  "0001-01-01T00:00:00Z",
] as const;

export const nasty = fc.constantFrom(...NASTY);

/** Any JSON-like value, nested a little, with nasty strings among its keys and leaves. */
export const hostileValue = fc.letrec((tie) => ({
  leaf: fc.oneof(
    fc.string(),
    fc.string({ unit: "binary" }),
    nasty,
    fc.integer(),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
  ),
  node: fc.oneof(
    { depthSize: "small" },
    tie("leaf"),
    fc.array(tie("node"), { maxLength: 5 }),
    fc.dictionary(fc.oneof(fc.string(), nasty), tie("node"), { maxKeys: 6 }),
  ),
})).node;
