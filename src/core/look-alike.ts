/**
 * Characters that pass for others: what a runbook argument may not contain even when the
 * command's pattern would let it through, because whoever reads the value in chat, on the
 * timeline or in the postmortem would read something else than what the program received.
 */

// "-" and what is drawn like it: every Unicode dash (Pd: hyphen, en and em dash, small and
// fullwidth hyphen-minus …), the minus sign, the modifier-letter and heavy minus, the hyphen bullet.
const DASH_LIKE = /^[\p{Pd}\u2212\u02d7\u2796\u2043]/u;

// The scripts whose letters are drawn alike (Latin o, Greek ο, Cyrillic о): a word mixing them is
// a look-alike. Whole words of one script (кластер, Zürich) are ordinary text.
const LOOK_ALIKE_SCRIPTS = [
  ["Latin", /\p{Script=Latin}/u],
  ["Greek", /\p{Script=Greek}/u],
  ["Cyrillic", /\p{Script=Cyrillic}/u],
] as const;

/** `U+2212 "−"`, how an error names a character. */
export function describeCharacter(character: string): string {
  const code = character.codePointAt(0)?.toString(16).toUpperCase().padStart(4, "0");
  return `U+${code} "${character}"`;
}

/** Why the first character looks like "-" but is not, or undefined. */
export function dashLookAlike(value: string): string | undefined {
  const first = [...value][0];
  if (first === undefined || first === "-") return undefined;
  // NFKC turns the superscript and subscript minus into the minus sign.
  if (!DASH_LIKE.test(first) && !DASH_LIKE.test(first.normalize("NFKC"))) return undefined;
  return `starts with ${describeCharacter(first)}, which looks like "-" (an option)`;
}

/**
 * Why `value` contains a look-alike, or undefined: a compatibility character that NFKC writes
 * otherwise (fullwidth ｎ, mathematical 𝐧, the ligature ﬁ), letters in decomposed form, or a word
 * mixing Latin, Greek and Cyrillic letters.
 */
export function lookAlike(value: string): string | undefined {
  if (value.normalize("NFKC") !== value) {
    for (const character of value) {
      const plain = character.normalize("NFKC");
      if (plain !== character) {
        return `contains ${describeCharacter(character)}, which is another way of writing "${plain}"`;
      }
    }
    return "contains letters with separate accent marks; type the accented letters themselves";
  }
  for (const word of value.match(/\p{L}[\p{L}\p{M}]*/gu) ?? []) {
    const mixed = mixedScripts(word);
    if (mixed) return mixed;
  }
  return undefined;
}

function mixedScripts(word: string): string | undefined {
  const letters = [...word];
  const present = LOOK_ALIKE_SCRIPTS.map(([name, script]) => ({
    name,
    letters: letters.filter((letter) => script.test(letter)),
  })).filter((script) => script.letters.length > 0);
  if (present.length < 2) return undefined;
  // The odd one out is the script with the fewest letters in the word (a Cyrillic о in "nova").
  const odd = present.reduce((fewest, script) =>
    script.letters.length <= fewest.letters.length ? script : fewest,
  );
  const names = present.map((script) => script.name).join(" and ");
  return `contains the word "${word}", which mixes ${names} letters (${describeCharacter(odd.letters[0] ?? "")}) that look alike`;
}
