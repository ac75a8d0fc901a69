/**
 * Word lists for the grammar side of the blameless check. The tagger says which word is a verb
 * or a name; these lists say which verbs describe a failure and which nouns are people, which
 * the tagger cannot know.
 */

const words = (text: string): ReadonlySet<string> => new Set(text.trim().split(/\s+/));

/** Pronouns that stand for people; "it" and "its" are deliberately absent. */
export const HUMAN_PRONOUNS = words(`
  he she they i we you someone somebody anyone anybody nobody everyone everybody whoever
  him them us me
`);

/** Possessives that point at a person. */
export const HUMAN_POSSESSIVES = words("his her their");

/** Roles that are people: when one is the subject of a failure, a person is being blamed. */
export const ROLES = words(`
  operator operators engineer engineers admin admins administrator administrators developer
  developers dev devs on-call oncall on-caller responder responders commander sre sres
  intern interns team teams hire hires reviewer reviewers dba dbas contractor contractors
  consultant consultants deployer deployers author authors lead leads manager managers person
  people staff ops vendor employee employees owner owners approver approvers maintainer
  maintainers analyst technician coworker colleague colleagues newbie junior senior
`);

/**
 * Verbs that describe a failure whoever does them: with a person as their subject they put that
 * person where a cause should be.
 */
export const FAILURE_VERBS = words(`
  ignored ignores ignore ignoring overlooked overlooks neglected neglects skipped skips missed
  botched fumbled misconfigured mistyped misread misjudged misunderstood misapplied mislabeled
  mislabelled messed screwed bypassed overrode overridden overruled forgot hard-coded hardcoded
  slept botches dismissed rushed
`);

/** Failure verbs a tool can be the subject of too: "the cleanup job wiped the bucket". */
export const MACHINE_FAILURE_VERBS = words(`
  broke broken breaks corrupted wiped disabled caused causes introduced truncated overwrote
  overwritten destroyed misrouted nuked clobbered trashed
`);

/** Verbs that are routine work but destructive or risky: they blame only with a sign of harm. */
export const RISKY_VERBS = words(`
  deleted dropped removed pushed ran merged deployed revoked left approved restarted typed
  rebooted rotated pasted shipped rolled scaled edited changed applied promoted killed
  terminated drained enabled stopped renamed upgraded committed executed triggered released
  unplugged moved shut muted silenced snoozed
`);

/** Signs of harm after a risky verb: "the wrong node", "without review", "by mistake". */
export const HARM_MARKERS = words(`
  wrong production prod live untested unreviewed unapproved outdated accidentally mistakenly
  inadvertently without before instead directly hand peak publicly public unsafe destructive
  bad down mistake accident outage incident still backups primary healthy enabled readable
  exposed unlocked despite regardless anyway
`);

/** Verbs of damage: a risky act followed by one of these in the sentence is a blamed act. */
export const DAMAGE_VERBS = words(`
  broke breaking hammered corrupted crashed wiped deleted caused reintroduced
  introduced blocked extended exposed cost disabled destroyed flooded overloaded saturated
  blackholed
`);

/** Verbs that a "did not" makes neutral: not knowing in advance is the normal state of things. */
export const COGNITIVE_VERBS = words(`
  know knew realise realize expect anticipate have need yet predict foresee
`);

/** Nouns that turn a person's possessive into a verdict: "Kim's oversight". */
export const BLAME_NOUNS = words(`
  oversight mistake mistakes error errors misconfiguration typo blunder negligence failure lack
  hesitation carelessness fault slip bad careless untested unreviewed sloppy inattention
  decision incompetence laziness slowness slow poor misreading misjudgement misjudgment
  mishandling misstep misuse
`);

/** Tools whose names the tagger takes for people's: "Jenkins skipped the stage" is no blame. */
export const TOOLS_NAMED_LIKE_PEOPLE = words("jenkins travis hudson");

/** Words that split a sentence into clauses, each with its own subject. */
export const CLAUSE_BREAKS = words(`
  when because after before once while until and but which so since although though if as or
  that where
`);

/** Coordinators: a clause after one of these without its own subject shares the previous one. */
export const COORDINATORS = words("and but or");

/** Words without which no grammar rule can fire: a sentence without any is not tagged at all. */
export const GRAMMAR_TRIGGERS: ReadonlySet<string> = new Set([
  ...FAILURE_VERBS,
  ...MACHINE_FAILURE_VERBS,
  ...RISKY_VERBS,
  ...HUMAN_POSSESSIVES,
  ...words("failed let not never if had were"),
]);

/** Nouns the tagger counts as actors that are usually software: "the controller ignored…". */
export const MACHINE_ACTORS = words(`
  controller controllers agent agents consumer consumers producer producers client clients
  driver drivers provider providers handler handlers worker workers scheduler runner runners
  daemon listener watcher reconciler proxy balancer server servers service
`);
