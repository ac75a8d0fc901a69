/**
 * The blameless-language check: finds phrasing that puts a person where a cause should be, or
 * judges with hindsight, and suggests a rewrite. It reads Markdown (a postmortem draft, a note) and
 * leaves code, quotes of prompts and tables' rules alone.
 */
export interface BlamelessFinding {
  /** 1-based line in the text checked. */
  readonly line: number;
  readonly sentence: string;
  /** The words that triggered it. */
  readonly phrase: string;
  readonly why: string;
  readonly suggestion: string;
}

export interface BlamelessRule {
  readonly pattern: RegExp;
  readonly why: string;
  readonly suggestion: string;
}

export interface BlamelessOptions {
  /** More phrases to flag (plain words, matched case-insensitively as whole words). */
  readonly extraPhrases?: readonly string[];
  /** Phrases never to flag, e.g. a product called "Blame". */
  readonly allow?: readonly string[];
}

// Who can be blamed: a mention, a pronoun, a role, or a name (a capitalised word).
const PERSON = String.raw`(?:@[\w.:-]+|\b(?:he|she|they|i|we|you|someone|somebody|nobody)\b|\b(?:the\s+)?(?:operator|engineer|admin|administrator|developer|dev|on-?call(?:er)?|commander|responder|sre|intern|team|user)s?\b)`;
const NAME = String.raw`\b[A-Z][a-z]{2,}\b`;
const FAILING = `(?:caused|broke|messed up|screwed up|missed|ignored|neglected|overlooked|failed to|didn'?t (?:check|test|notice|follow|read|verify|bother)|did not (?:check|test|notice|follow|read|verify|bother))`;
const HUMAN_ONLY = `(?:forgot|ignored|neglected|messed up|screwed up|didn'?t bother|did not bother)`;

const REWRITE_CONDITIONS =
  "Describe the conditions instead: what in the system, tooling or process made this easy to do, or hard to notice?";
const REWRITE_SUBJECT =
  "Make the system or the action the subject: “the deploy removed the index” rather than “Bob removed the index”, and add what made it possible.";
const REWRITE_HINDSIGHT =
  "Say what was known and done at the time, and what would make the better choice easier next time.";

const DEFAULT_RULES: readonly BlamelessRule[] = [
  {
    pattern: /\b(?:human|operator|user|engineer|admin|administrator|pilot|personnel) error\b/i,
    why: "Naming an “error” of a person ends the inquiry where it should start.",
    suggestion: REWRITE_CONDITIONS,
  },
  {
    pattern: /\b(?:should(?:n'?t| not)? have|should'?ve|ought to have)\b/i,
    why: "Hindsight: it judges a past decision by what we know now.",
    suggestion: REWRITE_HINDSIGHT,
  },
  {
    pattern: /\bcould (?:easily )?have (?:been )?(?:avoided|prevented|caught|noticed|spotted)\b/i,
    why: "Hindsight: the outcome was not known when the choices were made.",
    suggestion: REWRITE_HINDSIGHT,
  },
  {
    pattern: /\b(?:why didn'?t|why did nobody|should have known|obviously)\b/i,
    why: "Hindsight bias: what is obvious now was not obvious then.",
    suggestion: REWRITE_HINDSIGHT,
  },
  {
    pattern:
      /\b(?:careless(?:ly|ness)?|negligen(?:t|ce)|sloppy|incompeten(?:t|ce)|lazy|stupid|dumb|reckless(?:ly)?)\b/i,
    why: "It judges a person's character, not what happened.",
    suggestion: REWRITE_CONDITIONS,
  },
  {
    pattern: /\b(?:to blame|blamed?|at fault|(?:the )?fault of|culprit)\b/i,
    why: "A postmortem looks for causes, not for someone at fault.",
    suggestion: REWRITE_CONDITIONS,
  },
  {
    pattern: /\bforg(?:ot|otten)\b/i,
    why: "It makes a person's memory the cause; memory is what checklists and automation are for.",
    suggestion: "Say which step had no reminder, check or automation, and that it was skipped.",
  },
  {
    pattern: new RegExp(String.raw`${PERSON}\s+(?:had\s+)?${FAILING}\b`, "i"),
    why: "A person is the subject of the failure.",
    suggestion: REWRITE_SUBJECT,
  },
  {
    pattern: new RegExp(String.raw`${NAME}\s+(?:had\s+)?${HUMAN_ONLY}\b`),
    why: "A person is the subject of the failure.",
    suggestion: REWRITE_SUBJECT,
  },
];

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

function sentencesOf(line: string): string[] {
  return line
    .split(/(?<=[.!?])\s+/)
    .map((sentence) => sentence.trim())
    .filter(Boolean);
}

/** Lines a check should read: not code, not reviewer prompts, not table rules or comments. */
function readableLines(markdown: string): { line: number; text: string }[] {
  const lines: { line: number; text: string }[] = [];
  let inCode = false;
  markdown.split("\n").forEach((raw, index) => {
    if (/^\s*(```|~~~)/.test(raw)) {
      inCode = !inCode;
      return;
    }
    if (inCode || /^\s*>\s*✍️/.test(raw) || /^\s*\|?[\s:|-]+\|[\s:|-]*$/.test(raw)) return;
    if (/^\s*<!--.*-->\s*$/.test(raw)) return;
    lines.push({
      line: index + 1,
      text: raw.replace(/`[^`]*`/g, (code) => " ".repeat(code.length)),
    });
  });
  return lines;
}

export function checkBlameless(
  markdown: string,
  options: BlamelessOptions = {},
): BlamelessFinding[] {
  const rules: BlamelessRule[] = [
    ...DEFAULT_RULES,
    ...(options.extraPhrases ?? []).map((phrase) => ({
      pattern: new RegExp(`\\b${escapeRegExp(phrase)}\\b`, "i"),
      why: `“${phrase}” is on this team's list of phrases to avoid.`,
      suggestion: REWRITE_CONDITIONS,
    })),
  ];
  const allowed = (options.allow ?? []).map((phrase) => phrase.toLowerCase());
  const findings: BlamelessFinding[] = [];
  for (const { line, text } of readableLines(markdown)) {
    for (const sentence of sentencesOf(text)) {
      for (const rule of rules) {
        const match = rule.pattern.exec(sentence);
        if (!match || allowed.some((phrase) => match[0].toLowerCase().includes(phrase))) continue;
        findings.push({
          line,
          sentence: sentence
            .replace(/^[-*>#|\s]+/, "")
            .replace(/\s+/g, " ")
            .trim(),
          phrase: match[0],
          why: rule.why,
          suggestion: rule.suggestion,
        });
        break; // one finding per sentence is enough to send someone back to it
      }
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
