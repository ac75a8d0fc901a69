/**
 * The blameless-language check: finds phrasing that puts a person where a cause should be, or
 * judges with hindsight, and suggests a rewrite. It reads Markdown (a postmortem draft, a note) and
 * leaves code, quotes of prompts and chat, and tables' rules alone. Stock phrases are matched as
 * phrases (blameless-phrases.ts); who did what is read from the sentence's grammar
 * (blameless-grammar.ts), as a name or a role is blame only as the subject of a failure.
 */
import {
  type BlamelessCategory,
  grammarFinding,
  mayHaveGrammarFinding,
} from "./blameless-findings.ts";
import { readableSpans, sentencesOf } from "./blameless-markdown.ts";
import { type BlamelessRule, PHRASE_RULES, REWRITE_CONDITIONS } from "./blameless-phrases.ts";
import { humanity, type Term, termsOf } from "./blameless-terms.ts";

export type { BlamelessCategory } from "./blameless-findings.ts";
export { BLAMELESS_CATEGORIES } from "./blameless-findings.ts";
export type { BlamelessRule } from "./blameless-phrases.ts";

export interface BlamelessFinding {
  /** 1-based line in the text checked. */
  readonly line: number;
  /** 1-based column in that line where the phrase starts. */
  readonly column: number;
  readonly sentence: string;
  /** The words that triggered it. */
  readonly phrase: string;
  readonly why: string;
  readonly suggestion: string;
  /** A stable kebab-case rule id, e.g. "person-as-agent"; see BLAMELESS_CATEGORIES. */
  readonly category: BlamelessCategory;
}

export interface BlamelessOptions {
  /** More phrases to flag (plain words, matched case-insensitively as whole words). */
  readonly extraPhrases?: readonly string[];
  /** Phrases never to flag, e.g. a product called "Blame". */
  readonly allow?: readonly string[];
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

interface Hit {
  readonly start: number;
  readonly phrase: string;
  readonly why: string;
  readonly suggestion: string;
  readonly category: BlamelessCategory;
}

/** The first blameful thing in one sentence: phrases first, then grammar. */
function checkSentence(
  sentence: string,
  rules: readonly BlamelessRule[],
  allowed: readonly string[],
): Hit | undefined {
  const isAllowed = (phrase: string) =>
    allowed.some((allow) => phrase.toLowerCase().includes(allow));
  let terms: Term[] | undefined;
  const tagged = (): Term[] => {
    terms ??= termsOf(sentence);
    return terms;
  };
  for (const rule of rules) {
    const match = rule.pattern.exec(sentence);
    if (!match || isAllowed(match[0])) continue;
    if (rule.needsPerson && !tagged().some((term) => humanity(term) !== "none")) continue;
    return {
      start: match.index,
      phrase: match[0],
      why: rule.why,
      suggestion: rule.suggestion,
      category: (rule.category ?? "team-phrase") as BlamelessCategory,
    };
  }
  // Without a verb there is no agent: headings and labels stay with the phrase rules.
  if (!/[a-z]{3}/i.test(sentence) || !mayHaveGrammarFinding(sentence)) return undefined;
  const hit = grammarFinding(tagged());
  return hit && !isAllowed(hit.phrase) ? hit : undefined;
}

export function checkBlameless(
  markdown: string,
  options: BlamelessOptions = {},
): BlamelessFinding[] {
  const rules: BlamelessRule[] = [
    ...PHRASE_RULES,
    ...(options.extraPhrases ?? []).map((phrase) => ({
      pattern: new RegExp(`\\b${escapeRegExp(phrase)}\\b`, "i"),
      why: `“${phrase}” is on this team's list of phrases to avoid.`,
      suggestion: REWRITE_CONDITIONS,
      category: "team-phrase",
    })),
  ];
  const allowed = (options.allow ?? []).map((phrase) => phrase.toLowerCase());
  const findings: BlamelessFinding[] = [];
  for (const span of readableSpans(markdown)) {
    for (const { start, sentence } of sentencesOf(span.text)) {
      // One finding per sentence is enough to send someone back to it.
      const hit = checkSentence(sentence, rules, allowed);
      if (!hit) continue;
      findings.push({
        line: span.line,
        column: span.column + start + hit.start + 1,
        sentence: sentence
          .replace(/^[-*>#|\s]+/, "")
          .replace(/\s+/g, " ")
          .trim(),
        phrase: hit.phrase,
        why: hit.why,
        suggestion: hit.suggestion,
        category: hit.category,
      });
    }
  }
  return findings;
}

export interface ActionItemFinding {
  readonly text: string;
  readonly problem: string;
  readonly suggestion: string;
}

const VAGUE =
  /\b(?:investigate|look into|be more careful|pay (?:more )?attention|make sure|try to|improve (?:monitoring|communication|testing|process(?:es)?)|be aware|double[- ]check|remember to|avoid (?:this|that) in the future|do better)\b/i;

/** Action items need an owner and a concrete, checkable outcome. */
export function checkActionItem(text: string, owner: string | undefined): ActionItemFinding[] {
  const findings: ActionItemFinding[] = [];
  const vague = VAGUE.exec(text);
  if (vague) {
    findings.push({
      text,
      problem: `“${vague[0]}” is vague: nobody can tell when it is done.`,
      suggestion:
        "Name a concrete change with a visible result: “alert when conductor queue depth > 10k for 5m”, not “improve monitoring”.",
    });
  }
  if (!owner) {
    findings.push({
      text,
      problem: "It has no owner.",
      suggestion: "Give it one with --owner @someone; an item without an owner rarely gets done.",
    });
  }
  return findings;
}
