import { describe, expect, it } from "vitest";
import { tokenize } from "../../../src/core/tokenize.ts";

const values = (input: string) => tokenize(input).map((token) => token.value);

describe("tokenize", () => {
  it("gives no tokens for empty or blank input", () => {
    expect(tokenize("")).toEqual([]);
    expect(tokenize("   \t\n ")).toEqual([]);
  });

  it("splits on any run of whitespace, including tabs and newlines", () => {
    expect(values("status  identified\tstuck\nconsumer \r\n on ctl-1")).toEqual([
      "status",
      "identified",
      "stuck",
      "consumer",
      "on",
      "ctl-1",
    ]);
  });

  it("ignores leading and trailing whitespace", () => {
    expect(values("  ack  ")).toEqual(["ack"]);
  });

  it("records unquoted words as not quoted, with their offsets", () => {
    expect(tokenize("sev  2")).toEqual([
      { value: "sev", quoted: false, start: 0, end: 3 },
      { value: "2", quoted: false, start: 5, end: 6 },
    ]);
  });

  it("keeps a straight double-quoted stretch as one token without the quotes", () => {
    expect(tokenize('declare "Nova API slow" --sev 2')).toEqual([
      { value: "declare", quoted: false, start: 0, end: 7 },
      { value: "Nova API slow", quoted: true, start: 8, end: 23 },
      { value: "--sev", quoted: false, start: 24, end: 29 },
      { value: "2", quoted: false, start: 30, end: 31 },
    ]);
  });

  it("accepts straight single quotes", () => {
    expect(tokenize("note 'disk full' now")).toEqual([
      { value: "note", quoted: false, start: 0, end: 4 },
      { value: "disk full", quoted: true, start: 5, end: 16 },
      { value: "now", quoted: false, start: 17, end: 20 },
    ]);
  });

  it("accepts curly double quotes “…” as Slack and phones type them", () => {
    expect(tokenize("declare “Nova API slow”")).toEqual([
      { value: "declare", quoted: false, start: 0, end: 7 },
      { value: "Nova API slow", quoted: true, start: 8, end: 23 },
    ]);
  });

  it("accepts curly single quotes ‘…’", () => {
    expect(tokenize("note ‘disk full’")).toEqual([
      { value: "note", quoted: false, start: 0, end: 4 },
      { value: "disk full", quoted: true, start: 5, end: 16 },
    ]);
  });

  it("accepts German-style quotes „…“", () => {
    expect(tokenize("declare „Nova langsam“ x")).toEqual([
      { value: "declare", quoted: false, start: 0, end: 7 },
      { value: "Nova langsam", quoted: true, start: 8, end: 22 },
      { value: "x", quoted: false, start: 23, end: 24 },
    ]);
  });

  it("does not close a quote with a different quote character", () => {
    // A “ is closed only by ”, so the straight quote inside stays part of the value.
    expect(values('“say "hi" now” done')).toEqual(['say "hi" now', "done"]);
    expect(values('"it\'s fine" ok')).toEqual(["it's fine", "ok"]);
  });

  it("keeps apostrophes and quotes inside a word as part of the word", () => {
    expect(values("don't stop it’s fine")).toEqual(["don't", "stop", "it’s", "fine"]);
    expect(values('a"b c')).toEqual(['a"b', "c"]);
  });

  it("gives an empty quoted token for an empty pair of quotes", () => {
    expect(tokenize('x ""')).toEqual([
      { value: "x", quoted: false, start: 0, end: 1 },
      { value: "", quoted: true, start: 2, end: 4 },
    ]);
  });

  it("runs an unclosed quote to the end of the input", () => {
    const input = 'note "the disk is full';
    const tokens = tokenize(input);
    expect(tokens).toHaveLength(2);
    expect(tokens[1]).toMatchObject({ value: "the disk is full", quoted: true, start: 5 });
  });

  it("keeps offsets inside the input for an unclosed quote", () => {
    const input = "note “disk full";
    const last = tokenize(input)[1];
    expect(last?.end).toBe(input.length);
    expect(input.slice(last?.start, last?.end)).toBe("“disk full");
  });

  it("treats a closing quote right before a word as the end of the token", () => {
    expect(tokenize('"a b"c')).toEqual([
      { value: "a b", quoted: true, start: 0, end: 5 },
      { value: "c", quoted: false, start: 5, end: 6 },
    ]);
  });

  it("gives offsets that slice back to the original text, quotes included", () => {
    const input = "  declare „Nova“   'eu de'\t“x y”  plain  ";
    const tokens = tokenize(input);
    expect(tokens.map((token) => input.slice(token.start, token.end))).toEqual([
      "declare",
      "„Nova“",
      "'eu de'",
      "“x y”",
      "plain",
    ]);
    expect(tokens.map((token) => token.quoted)).toEqual([false, true, true, true, false]);
  });
});

describe("tokenize marks", () => {
  it("an unclosed quote, and only that", () => {
    expect(tokenize('declare "Title --sev 2')[1]).toMatchObject({ start: 8, unclosed: true });
    expect(tokenize('declare "Title" --sev 2').some((token) => token.unclosed)).toBe(false);
  });
});
