/**
 * The phrase side of the blameless check: stock phrases are the right tool where the words alone
 * carry the verdict ("human error", "should have", "asleep at the wheel"). Who did what is the
 * grammar side's job (blameless-grammar.ts).
 */
export interface BlamelessRule {
  readonly pattern: RegExp;
  readonly why: string;
  readonly suggestion: string;
  /** A stable kebab-case rule id; team phrases get "team-phrase". */
  readonly category?: string;
  /** Only a verdict when a person is named in the sentence ("she was distracted"). */
  readonly needsPerson?: boolean;
}

export const REWRITE_CONDITIONS =
  "Describe the conditions instead: what in the system, tooling or process made this easy to do, or hard to notice?";
export const REWRITE_SUBJECT =
  "Make the system or the action the subject: “the deploy removed the index” rather than “Bob removed the index”, and add what made it possible.";
export const REWRITE_HINDSIGHT =
  "Say what was known and done at the time, and what would make the better choice easier next time.";
const REWRITE_ATTENTION =
  "Name what competed for attention or hid the signal: alert volume, missing cues, time pressure, an unclear dashboard.";

// Who can be blamed: a mention, a pronoun, a role, or a name (a capitalised word).
const PERSON = String.raw`(?:@[\w.:-]+|\b(?:he|she|they|i|we|you|someone|somebody|nobody)\b|\b(?:the\s+)?(?:operator|engineer|admin|administrator|developer|dev|on-?call(?:er)?|commander|responder|sre|intern|team|user)s?\b)`;
const NAME = String.raw`\b[A-Z][a-z]{2,}\b`;
const FAILING = `(?:caused|broke|messed up|screwed up|missed|ignored|neglected|overlooked|failed to|didn'?t (?:check|test|notice|follow|read|verify|bother)|did not (?:check|test|notice|follow|read|verify|bother))`;
const HUMAN_ONLY = `(?:forgot|ignored|neglected|messed up|screwed up|didn'?t bother|did not bother)`;
const ROLE = `(?:human|person|operator|engineer|admin|administrator|developer|on-?call(?:er)?|sre|dba|intern|contractor|reviewer|user|staff|personnel)`;

const HUMAN_ERROR = "Naming an “error” of a person ends the inquiry where it should start.";
const CHARACTER = "It judges a person's character, not what happened.";
const CARE = "It judges a person's attention or care, not the conditions they worked in.";
const MEMORY =
  "It makes a person's memory the cause; memory is what checklists and automation are for.";
const REWRITE_MEMORY =
  "Say which step had no reminder, check or automation, and that it was skipped.";
const IDIOM = "The idiom is a verdict on a person, not a description of what happened.";

export const PHRASE_RULES: readonly BlamelessRule[] = [
  {
    category: "human-error",
    pattern:
      /\b(?:human|operator|user|engineer|admin|administrator|pilot|personnel|developer|manual) (?:error|mistake)s?\b/i,
    why: HUMAN_ERROR,
    suggestion: REWRITE_CONDITIONS,
  },
  {
    category: "hindsight",
    pattern:
      /\b(?:should(?:n'?t| not| never)? have|should'?ve|ought(?:n'?t| not| never)? to have)\b/i,
    why: "Hindsight: it judges a past decision by what we know now.",
    suggestion: REWRITE_HINDSIGHT,
  },
  {
    category: "hindsight",
    pattern:
      /\bcould (?:easily |so easily )?have (?:been )?(?:avoided|prevented|caught|noticed|spotted|predicted|foreseen)\b/i,
    why: "Hindsight: the outcome was not known when the choices were made.",
    suggestion: REWRITE_HINDSIGHT,
  },
  {
    category: "hindsight",
    pattern:
      /\b(?:why didn'?t|why did(?:n'?t)? (?:nobody|no one|anyone)|should have known|obviously)\b/i,
    why: "Hindsight bias: what is obvious now was not obvious then.",
    suggestion: REWRITE_HINDSIGHT,
  },
  {
    category: "character-judgement",
    pattern:
      /\b(?:careless(?:ly|ness)?|negligen(?:t|ce)|sloppy|sloppily|incompeten(?:t|ce)|lazy|laziness|stupid|dumb|reckless(?:ly|ness)?|foolish|irresponsible|hast(?:y|ily)|half-hearted(?:ly)?|cavalier|lackadaisical|slapdash|haphazard(?:ly)?|thoughtless(?:ly)?|heedless(?:ly)?)\b/i,
    why: CHARACTER,
    suggestion: REWRITE_CONDITIONS,
  },
  {
    category: "blame-word",
    pattern: /\b(?:to blame|blamed?|at fault|(?:the )?fault of|culprit)\b/i,
    why: "A postmortem looks for causes, not for someone at fault.",
    suggestion: REWRITE_CONDITIONS,
  },
  {
    category: "memory-as-cause",
    pattern: /(?<=\b(?:was|were|been|got|is|are) )forgotten\b/i,
    why: MEMORY,
    suggestion: REWRITE_MEMORY,
  },
  {
    // "The gateway forgot the session" is a system's state; only a person's memory is blame.
    category: "memory-as-cause",
    needsPerson: true,
    pattern: /\b(?:forg(?:ot|otten)|(?:didn'?t|did not|failed to) remember)\b/i,
    why: MEMORY,
    suggestion: REWRITE_MEMORY,
  },
  {
    category: "person-as-agent",
    pattern: new RegExp(String.raw`${PERSON}\s+(?:had\s+)?${FAILING}\b`, "i"),
    why: "A person is the subject of the failure.",
    suggestion: REWRITE_SUBJECT,
  },
  {
    category: "person-as-agent",
    pattern: new RegExp(String.raw`${NAME}\s+(?:had\s+)?${HUMAN_ONLY}\b`),
    why: "A person is the subject of the failure.",
    suggestion: REWRITE_SUBJECT,
  },
  {
    category: "human-error",
    pattern: new RegExp(
      String.raw`\b(?:mistakes?|errors?|slip) (?:by|of|on the part of) (?:the |a |an |our )?(?:[\w-]+ )?${ROLE}s?\b|\bmade (?:a |an |the |another )?(?:mistake|error|blunder)s?\b`,
      "i",
    ),
    why: HUMAN_ERROR,
    suggestion: REWRITE_CONDITIONS,
  },
  {
    category: "hindsight",
    pattern:
      /\b(?:must have known|known better|staring (?:\w+ )?in the face|anyone who (?:cared|bothered) to look|any (?:competent|decent|good|reasonable|experienced) (?:engineer|developer|operator|person|sre|admin)|clear from the (?:start|outset|beginning)|(?:should|would) have been obvious|anyone could have (?:predicted|seen|caught|known|noticed|spotted)|every reason to know|warning signs were there)\b/i,
    why: "Hindsight bias: what is clear now was not clear then.",
    suggestion: REWRITE_HINDSIGHT,
  },
  {
    category: "blame-word",
    pattern:
      /\b(?:(?:responsible|accountable) for (?:the )?(?:outage|incident|loss|lost|failure|deletion|downtime|breach|mistake)|finger (?:points|pointing|pointed))\b/i,
    why: "A postmortem looks for causes, not for someone accountable.",
    suggestion: REWRITE_CONDITIONS,
  },
  {
    category: "idiom",
    pattern:
      /\b(?:asleep (?:at the wheel|on the job|at the switch)|bone-?headed|dropp(?:ed|ing) the ball|fat[- ]?finger(?:ed|ing|s)?|rookie (?:mistake|error|move)|screw(?:ed)? the pooch|rubber[- ]stamp(?:ed|ing)?|caught napping|(?:shot|shooting) from the hip|(?:went|going) cowboy|cowboy (?:change|deploy|move)|blunder(?:ed|s)?|fumbl(?:ed|ing)|flying blind|amateur[- ]hour|(?:was|were) (?:clearly |just )?not thinking|head in the sand|cut(?:ting)? corners|brain ?fart|butter ?fingers|asleep on watch|on autopilot)\b/i,
    why: IDIOM,
    suggestion: REWRITE_CONDITIONS,
  },
  {
    category: "care-judgement",
    needsPerson: true,
    pattern:
      /(?:\b(?:distracted|(?:not|never) (?:paying|pay|paid) (?:any )?attention)|n['’]?t (?:paying|pay|paid) (?:any )?attention|n['’]?t (?:careful|diligent|thorough)|\b(?:lack of (?:attention|diligence|care|focus)|inattenti(?:ve|on)|(?:not|never) (?:careful|diligent|thorough)|didn'?t bother|did not bother|(?:couldn'?t|could not|can'?t) be bothered|nobody bothered|too busy|rushing|rushed|in a (?:hurry|rush)|complacen(?:t|cy)|lost (?:focus|concentration)|half[- ]asleep|(?:didn'?t|did not|doesn'?t) care|overconfiden(?:t|ce)|panicked|(?:didn'?t|did not) (?:even )?(?:try|take the time|think|look)|clearly (?:didn'?t|did not)|(?:nobody|no one|never|n't|not) (?:took|take|taking) [\w\s]{0,30}seriously))\b/i,
    why: CARE,
    suggestion: REWRITE_ATTENTION,
  },
];
