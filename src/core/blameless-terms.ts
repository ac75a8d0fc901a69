/**
 * Tagged words of one sentence, from compromise's tagger, and the questions the blameless check
 * asks of them: is this word a person, where does a clause start, what is the subject of a verb.
 */
import nlp from "compromise/two";
import {
  CLAUSE_BREAKS,
  HUMAN_POSSESSIVES,
  HUMAN_PRONOUNS,
  MACHINE_ACTORS,
  ROLES,
  TOOLS_NAMED_LIKE_PEOPLE,
} from "./blameless-lexicon.ts";

export interface Term {
  readonly text: string;
  /** Lower case, without a possessive "'s". */
  readonly word: string;
  readonly tags: ReadonlySet<string>;
  /** Where the word starts in the sentence, 0-based. */
  readonly start: number;
  /** Punctuation after the word, e.g. ", ". */
  readonly post: string;
}

interface RawTerm {
  text: string;
  normal: string;
  tags: string[];
  post: string;
  offset: { start: number };
}

/** The sentence's words; hyphenated words ("on-call", "hard-coded") become one word again. */
export function termsOf(sentence: string): Term[] {
  const raw = (nlp(sentence).json({ offset: true }) as { terms: RawTerm[] }[]).flatMap(
    (part) => part.terms,
  );
  const terms: Term[] = [];
  for (let index = 0; index < raw.length; index += 1) {
    const first = raw[index];
    if (!first) continue;
    if (first.text === "") {
      // The "n't" of "didn't" comes as an empty word tagged Negative; keep it as a "not".
      if (first.tags.includes("Negative")) {
        const at = terms[terms.length - 1];
        terms.push({
          text: "",
          word: "not",
          tags: new Set(["Negative"]),
          start: at?.start ?? 0,
          post: first.post,
        });
      }
      continue;
    }
    let last = first;
    let text = first.text;
    while (last.post === "-" && raw[index + 1]) {
      last = raw[index + 1] as RawTerm;
      text += `-${last.text}`;
      index += 1;
    }
    terms.push({
      text,
      word: text.toLowerCase().replace(/['’]s?$/, ""),
      tags: new Set(first === last ? first.tags : [...last.tags, "Hyphenated"]),
      start: first.offset.start,
      post: last.post,
    });
  }
  return terms;
}

export type Humanity = "person" | "maybe" | "none";

/**
 * Whether a word names a person. A capitalised word the tagger does not know may be a name
 * (Priya) or a system (Kafka): "maybe", and the callers ask for more evidence.
 */
export function humanity(term: Term, head = true): Humanity {
  const { word, tags } = term;
  if (TOOLS_NAMED_LIKE_PEOPLE.has(word)) return "none";
  if (word.startsWith("@") || HUMAN_PRONOUNS.has(word) || HUMAN_POSSESSIVES.has(word)) {
    return "person";
  }
  if (ROLES.has(word) || tags.has("Person")) return "person";
  // The tagger marks a head's modifiers as actors too ("storage controller"): only heads count.
  if (head && tags.has("Actor") && !MACHINE_ACTORS.has(word)) return "person";
  if (/-(?:on-?call|engineer|team|lead|manager)$/.test(word)) return "person";
  const unknownName =
    /^[A-Z][a-z]+(?:['’]s?)?$/.test(term.text) &&
    tags.has("Noun") &&
    !tags.has("Plural") &&
    !["Pronoun", "Organization", "Place", "Date", "Value", "Uncountable"].some((tag) =>
      tags.has(tag),
    );
  return unknownName ? "maybe" : "none";
}

export const isVerb = (term: Term | undefined): boolean =>
  term?.tags.has("Verb") === true && !term.tags.has("Auxiliary");

const isNounish = (term: Term): boolean =>
  (term.tags.has("Noun") ||
    term.tags.has("Adjective") ||
    term.tags.has("Determiner") ||
    HUMAN_PRONOUNS.has(term.word)) &&
  !term.tags.has("Verb");

/** Indexes where a new clause starts: the sentence start, after a comma, at "because", "and"… */
export function clauseStarts(terms: readonly Term[]): number[] {
  const starts = [0];
  terms.forEach((term, index) => {
    if (index > 0 && CLAUSE_BREAKS.has(term.word)) starts.push(index);
    if (/[,;:–—]/.test(term.post) && index + 1 < terms.length) starts.push(index + 1);
  });
  return [...new Set(starts)].sort((a, b) => a - b);
}

/** The noun group right before a verb, skipping "never", "accidentally", "had", "did not". */
export function groupBefore(terms: readonly Term[], verb: number, from: number): Term[] {
  let index = verb - 1;
  while (
    index >= from &&
    (terms[index]?.tags.has("Adverb") ||
      terms[index]?.tags.has("Negative") ||
      terms[index]?.tags.has("Auxiliary") ||
      terms[index]?.word === "never")
  ) {
    index -= 1;
  }
  const group: Term[] = [];
  while (index >= from && terms[index] && isNounish(terms[index] as Term)) {
    group.unshift(terms[index] as Term);
    index -= 1;
  }
  return group;
}

/** The noun group a clause opens with, skipping a leading "at 14:02" or conjunction. */
export function firstGroup(terms: readonly Term[], from: number, to: number): Term[] {
  let index = from;
  while (
    index < to &&
    terms[index] &&
    !isNounish(terms[index] as Term) &&
    !isVerb(terms[index]) &&
    !HUMAN_PRONOUNS.has(terms[index]?.word ?? "")
  ) {
    index += 1;
  }
  const group: Term[] = [];
  while (index < to && terms[index] && isNounish(terms[index] as Term)) {
    const term = terms[index] as Term;
    if (!term.tags.has("Date") && !term.tags.has("Value")) group.push(term);
    index += 1;
    // "The author of the change": the person is the head, the rest describes them.
    if (terms[index]?.tags.has("Preposition") && group.length > 0) break;
  }
  return group;
}

/** The strongest humanity in a group; "no single person" is nobody in particular. */
export function groupHumanity(group: readonly Term[], before?: Term): Humanity {
  if (group[0]?.word === "no" || before?.word === "no") return "none";
  let best: Humanity = "none";
  for (const term of group) {
    const found = humanity(term, term === group[group.length - 1]);
    if (found === "person") return "person";
    if (found === "maybe" && group.indexOf(term) === group.length - 1) best = "maybe";
  }
  return best;
}
