/**
 * The grammar side of the blameless check: who is the subject of a failure. "The deploy broke
 * login" is a cause; "Marco broke login" is a verdict. Phrase lists cannot tell the two apart,
 * the subject of the verb can.
 */
import {
  BLAME_NOUNS,
  COGNITIVE_VERBS,
  COORDINATORS,
  DAMAGE_VERBS,
  FAILURE_VERBS,
  HARM_MARKERS,
  HUMAN_POSSESSIVES,
  MACHINE_FAILURE_VERBS,
  RISKY_VERBS,
} from "./blameless-lexicon.ts";
import {
  clauseStarts,
  firstGroup,
  groupBefore,
  groupHumanity,
  type Humanity,
  humanity,
  isVerb,
  type Term,
} from "./blameless-terms.ts";

export interface GrammarHit {
  readonly category: "person-as-agent" | "possessive-blame" | "counterfactual";
  /** Where the words start in the sentence (0-based) and what they are. */
  readonly start: number;
  readonly phrase: string;
  readonly agent: string;
}

const PASSIVE_AUX = new Set(["was", "were", "been", "being", "is", "are", "got", "be"]);
const OMISSION_AUX = new Set(["did", "didn't", "do", "don't", "does", "doesn't", "had", "hadn't"]);
const LET_OUTCOMES = /^(?:expire[sd]?|lapse[sd]?|fail(?:ed)?|slip(?:ped)?|rot|through|drift|fill)$/;

const span = (terms: readonly Term[], from: number, to: number): string =>
  terms
    .slice(from, to + 1)
    .map((term, index, all) => term.text + (index < all.length - 1 ? term.post : ""))
    .join("")
    .replace(/[,;:.!?]+$/, "");

function harmIn(terms: readonly Term[]): boolean {
  return terms.some((term) => HARM_MARKERS.has(term.word));
}

/** Is this verb, done by a person, a failure? Risky verbs need a sign of harm in the sentence. */
function isFailureAct(terms: readonly Term[], verb: number, subject: Humanity): boolean {
  const term = terms[verb] as Term;
  const next = terms[verb + 1];
  if (term.word === "failed" && next?.word === "to") return true;
  if (term.word === "let") {
    return terms.slice(verb + 1, verb + 5).some((later) => LET_OUTCOMES.test(later.word));
  }
  const previous = terms[verb - 1];
  const omitted =
    previous !== undefined &&
    (previous.word === "never" ||
      (previous.tags.has("Negative") && OMISSION_AUX.has(terms[verb - 2]?.word ?? "")));
  if (omitted && !COGNITIVE_VERBS.has(term.word)) return true;
  // "chose not to take a snapshot": a decision to leave a step out, put on the person.
  const declined =
    previous?.word === "to" &&
    terms[verb - 2]?.tags.has("Negative") === true &&
    /^(?:chose|decided|opted|elected|refused)$/.test(terms[verb - 3]?.word ?? "");
  if (declined) return true;
  if (FAILURE_VERBS.has(term.word)) return true;
  // An unknown capitalised subject may be a tool ("Terraform destroyed…"): what tools also do
  // needs a sign of harm, like a risky verb.
  const machineCapable = MACHINE_FAILURE_VERBS.has(term.word);
  if (machineCapable && subject === "person") return true;
  if (!machineCapable && !RISKY_VERBS.has(term.word)) return false;
  if (harmIn(terms)) return true;
  return (
    subject === "person" &&
    terms.slice(verb + 1).some((later) => isVerb(later) && DAMAGE_VERBS.has(later.word))
  );
}

/** A person, a role or a pronoun as the subject (or the "by" agent) of a failure. */
export function findPersonAsAgent(terms: readonly Term[]): GrammarHit | undefined {
  const starts = clauseStarts(terms);
  let inherited: Term[] = [];
  for (const [position, from] of starts.entries()) {
    const to = (starts[position + 1] ?? terms.length) - 1;
    const opener = terms[from]?.word ?? "";
    const clauseFrom = COORDINATORS.has(opener) || position > 0 ? from + 1 : from;
    const subject = firstGroup(terms, position === 0 ? from : clauseFrom, to + 1);
    const shared = subject.length === 0 && COORDINATORS.has(opener) ? inherited : subject;
    for (let verb = clauseFrom; verb <= to; verb += 1) {
      const term = terms[verb];
      if (!isVerb(term) || term === undefined) continue;
      const previous = terms[verb - 1];
      // "the misrouted traffic": a participle after a determiner describes, it does not act.
      if (previous?.tags.has("Determiner") || previous?.tags.has("Adjective")) continue;
      if (previous && PASSIVE_AUX.has(previous.word)) {
        const hit = passiveAgent(terms, verb, to);
        if (hit) return hit;
        continue;
      }
      const near = groupBefore(terms, verb, clauseFrom);
      const candidates = near.length > 0 ? [near, shared] : [shared];
      for (const group of candidates) {
        const who = groupHumanity(group, terms[terms.indexOf(group[0] as Term) - 1]);
        if (who === "none") continue;
        if (
          who === "maybe" &&
          terms.slice(verb, to + 1).some((t) => /^its(?:elf)?$/.test(t.word))
        ) {
          continue;
        }
        if (!isFailureAct(terms, verb, who)) continue;
        const agent = group[group.length - 1] as Term;
        const agentIndex = terms.indexOf(agent);
        const firstOfGroup = terms.indexOf(group[0] as Term);
        const from2 = agentIndex < verb && verb - agentIndex <= 4 ? firstOfGroup : verb;
        return {
          category: "person-as-agent",
          start: (terms[from2] as Term).start,
          phrase: span(terms, from2, verb + (terms[verb + 1]?.word === "to" ? 1 : 0)),
          agent: span(terms, firstOfGroup, agentIndex),
        };
      }
    }
    if (subject.length > 0) inherited = subject;
  }
  return undefined;
}

/** "The bucket was deleted by Marco": the passive keeps the person as the agent. */
function passiveAgent(terms: readonly Term[], verb: number, to: number): GrammarHit | undefined {
  const term = terms[verb] as Term;
  const by = terms.findIndex((later, index) => index > verb && index <= to && later.word === "by");
  if (by < 0) return undefined;
  const group = firstGroup(terms, by + 1, Math.min(to + 1, by + 5));
  if (groupHumanity(group) !== "person") return undefined;
  const failure =
    FAILURE_VERBS.has(term.word) ||
    MACHINE_FAILURE_VERBS.has(term.word) ||
    (RISKY_VERBS.has(term.word) && harmIn(terms));
  if (!failure) return undefined;
  const last = terms.indexOf(group[group.length - 1] as Term);
  return {
    category: "person-as-agent",
    start: term.start,
    phrase: span(terms, verb, last),
    agent: span(terms, by + 1, last),
  };
}

/** "Kim's oversight", "her change broke the index": a person's possession made the cause. */
export function findPossessiveBlame(terms: readonly Term[]): GrammarHit | undefined {
  for (const [index, term] of terms.entries()) {
    const possessive = term.tags.has("Possessive") || HUMAN_POSSESSIVES.has(term.word);
    if (!possessive || term.word === "its" || humanity(term) === "none") continue;
    let end = index + 1;
    while (end < terms.length && end - index <= 4 && !isVerb(terms[end])) {
      if (BLAME_NOUNS.has(terms[end]?.word ?? "") || HARM_MARKERS.has(terms[end]?.word ?? "")) {
        return possessiveHit(terms, index, end);
      }
      if (/[,;:.]/.test(terms[end]?.post ?? "")) break;
      end += 1;
    }
    const verb = terms[end];
    const owned = end > index + 1;
    if (
      owned &&
      verb &&
      isVerb(verb) &&
      (DAMAGE_VERBS.has(verb.word) ||
        FAILURE_VERBS.has(verb.word) ||
        MACHINE_FAILURE_VERBS.has(verb.word))
    ) {
      return possessiveHit(terms, index, end);
    }
  }
  return undefined;
}

function possessiveHit(terms: readonly Term[], from: number, to: number): GrammarHit {
  return {
    category: "possessive-blame",
    start: (terms[from] as Term).start,
    phrase: span(terms, from, to),
    agent: (terms[from] as Term).text,
  };
}

/** "Had the operator looked…, this would never have happened": a person's act as the one fix. */
export function findCounterfactual(terms: readonly Term[]): GrammarHit | undefined {
  if (!terms.some((term) => /^(?:would|could|might)(?:n't)?$/.test(term.word))) return undefined;
  for (const [index, term] of terms.entries()) {
    // "if she had…", or the inverted "had she…"/"were the engineer…", anywhere in the sentence.
    const inverted = /^(?:had|were)$/.test(term.word);
    if (term.word !== "if" && !inverted) continue;
    const from = terms[index + 1]?.word === "only" ? index + 2 : index + 1;
    const group = firstGroup(terms, from, Math.min(terms.length, from + 4));
    if (group.length === 0 || groupHumanity(group) === "none") continue;
    const last = terms.indexOf(group[group.length - 1] as Term);
    if (
      inverted &&
      (terms.indexOf(group[0] as Term) !== from || !/\w/.test(terms[last + 1]?.text ?? ""))
    ) {
      continue;
    }
    return {
      category: "counterfactual",
      start: term.start,
      phrase: span(terms, index, Math.min(terms.length - 1, last + 2)),
      agent: span(terms, terms.indexOf(group[0] as Term), last),
    };
  }
  return undefined;
}
