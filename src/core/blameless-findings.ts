/**
 * The blameless check's rule ids, and how a grammar hit becomes a finding with a rewrite that
 * names the action and the system condition rather than the person.
 */
import {
  findCounterfactual,
  findPersonAsAgent,
  findPossessiveBlame,
  type GrammarHit,
} from "./blameless-grammar.ts";
import { CLAUSE_BREAKS, GRAMMAR_TRIGGERS } from "./blameless-lexicon.ts";
import type { Term } from "./blameless-terms.ts";

/** Every rule id a finding can carry, with a one-line description (e.g. for a SARIF rules table). */
export const BLAMELESS_CATEGORIES = {
  "human-error": "Names a person's “error” or “mistake” as the cause.",
  hindsight: "Judges a past decision by what is known now.",
  counterfactual: "Makes a person's different choice the one thing that would have prevented it.",
  "character-judgement": "Judges a person's character (careless, sloppy, reckless).",
  "care-judgement": "Judges a person's attention or care (distracted, did not bother).",
  "blame-word": "Looks for someone at fault rather than for causes.",
  "memory-as-cause": "Makes a person's memory the cause.",
  "person-as-agent": "A person, a role or a pronoun is the subject of the failure.",
  "possessive-blame": "A person's possession (“Kim's oversight”) is made the cause.",
  idiom: "An idiom that is a verdict on a person (asleep at the wheel, dropped the ball).",
  "team-phrase": "A phrase on this team's own list.",
} as const;

export type BlamelessCategory = keyof typeof BLAMELESS_CATEGORIES;

export interface SentenceHit {
  readonly start: number;
  readonly phrase: string;
  readonly why: string;
  readonly suggestion: string;
  readonly category: BlamelessCategory;
}

// Past participles that are not simply the past tense, for "the bucket was deleted" rewrites.
const PARTICIPLES: Readonly<Record<string, string>> = {
  ran: "run",
  broke: "broken",
  overwrote: "overwritten",
  overrode: "overridden",
  forgot: "forgotten",
  took: "taken",
  wrote: "written",
  drove: "driven",
  shut: "shut",
  left: "left",
  misread: "misread",
};

/** “the production bucket was deleted”: the action with its object as the subject, if easy. */
function passiveRewrite(terms: readonly Term[], hit: GrammarHit): string | undefined {
  const verb = terms.findIndex(
    (term) => term.start >= hit.start && term.tags.has("PastTense") && !term.tags.has("Auxiliary"),
  );
  const term = terms[verb];
  if (!term) return undefined;
  const participle =
    PARTICIPLES[term.word] ?? (/ed$/.test(term.word) && term.word !== "need" ? term.word : "");
  if (!participle) return undefined;
  const object: string[] = [];
  for (const later of terms.slice(verb + 1)) {
    if (CLAUSE_BREAKS.has(later.word) || later.tags.has("Preposition") || object.length >= 6) {
      break;
    }
    object.push(later.text);
    if (/[,;:.!?]/.test(later.post)) break;
  }
  if (object.length === 0 || !/^(?:the|a|an)$/i.test(object[0] ?? "")) return undefined;
  const subject = object.join(" ").replace(/^(?:The|A|An)\b/, (word) => word.toLowerCase());
  return `“${subject} was ${participle}”`;
}

function describe(terms: readonly Term[], hit: GrammarHit): SentenceHit {
  const base = { start: hit.start, phrase: hit.phrase, category: hit.category };
  if (hit.category === "counterfactual") {
    return {
      ...base,
      why: `Hindsight: it makes what ${hit.agent} did differently the one thing that would have prevented it.`,
      suggestion:
        "Say what was seen and known at the time, and name the safeguard (a check, an alert, a safer default) that would catch it without relying on one person.",
    };
  }
  if (hit.category === "possessive-blame") {
    return {
      ...base,
      why: `It makes something of ${hit.agent.replace(/['’]s$/, "")}'s the cause.`,
      suggestion:
        "Name the change or the action itself (“the firewall change”, “the migration”) and what let it through: review, tests, a missing guard.",
    };
  }
  const rewrite = passiveRewrite(terms, hit);
  return {
    ...base,
    why: `A person (“${hit.agent}”) is the subject of the failure.`,
    suggestion: rewrite
      ? `Make the action the subject, e.g. ${rewrite}, and say what in the system, tooling or process allowed it or hid it.`
      : "Make the system or the action the subject, and say what in the system, tooling or process allowed it or hid it.",
  };
}

/** The first grammar finding of a sentence, if any. */
export function grammarFinding(terms: readonly Term[]): SentenceHit | undefined {
  const hit = findCounterfactual(terms) ?? findPossessiveBlame(terms) ?? findPersonAsAgent(terms);
  return hit ? describe(terms, hit) : undefined;
}

/**
 * Whether a sentence can hold a grammar finding at all: tagging is the slow part of the check,
 * and most sentences of a draft have no failure verb, negation, possessive or "if".
 */
export function mayHaveGrammarFinding(sentence: string): boolean {
  return sentence
    .toLowerCase()
    .split(/[^a-z'’-]+/)
    .some((word) => GRAMMAR_TRIGGERS.has(word) || /(?:['’]s?|n['’]t)$/.test(word));
}
