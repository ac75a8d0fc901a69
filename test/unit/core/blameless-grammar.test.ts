import { describe, expect, it } from "vitest";
import { checkBlameless } from "../../../src/core/blameless-check.ts";

// Held out: none of these sentences is in test/fixtures/blameless-corpus.jsonl.
const categoryOf = (text: string) => checkBlameless(text).map((finding) => finding.category);

describe("blameless grammar: held-out sentences", () => {
  it.each([
    ["Stefan removed the wrong replica from the pool.", "person-as-agent"],
    ["Around midnight Joanna pushed an unreviewed patch to the gateway.", "person-as-agent"],
    ["Pedro skipped the database backup step.", "person-as-agent"],
    ["Once the page came in, Tariq ignored it.", "person-as-agent"],
    ["The platform engineer disabled TLS verification on the client.", "person-as-agent"],
    ["The night-shift operator overlooked the replication alarm.", "person-as-agent"],
    ["Whoever wrote the cron entry misconfigured the schedule.", "person-as-agent"],
    ["He wiped the staging volume by mistake.", "person-as-agent"],
    ["They never verified the restore.", "person-as-agent"],
    ["We bypassed the approval gate to save time.", "person-as-agent"],
    ["The load balancer config was overwritten by the contractor.", "person-as-agent"],
    ["Helga's typo in the manifest took the service offline.", "possessive-blame"],
    ["The on-call's misreading of the graph delayed the rollback.", "possessive-blame"],
    ["His rushed merge introduced the deadlock.", "care-judgement"],
    ["If Bernd had checked the diff, the deadlock would not have shipped.", "counterfactual"],
    ["Had the reviewer asked one more question, we would have found the bug.", "counterfactual"],
    ["The on-call would have caught it if she had looked at the queue.", "counterfactual"],
    ["The responder was distracted by a meeting and missed the page.", "care-judgement"],
    ["The developer couldn't be bothered to write a test.", "care-judgement"],
    ["The team wasn't careful with the rollout.", "care-judgement"],
    ["Frankly, the SRE was asleep at the wheel.", "idiom"],
    ["The team dropped the ball on capacity planning.", "idiom"],
    ["That boneheaded firewall change locked everyone out.", "idiom"],
    ["Lars fat-fingered the netmask.", "idiom"],
    ["Niamh should never have run that script.", "hindsight"],
    ["The DBA chose not to take a snapshot first.", "person-as-agent"],
  ])("flags %j as %s", (sentence, category) => {
    expect(categoryOf(sentence)).toEqual([category]);
  });

  it.each([
    // A system or a process as the subject of a failure is a cause, not blame.
    "The sidecar broke the readiness probe after the image update.",
    "The alert never fired, because the recording rule had been renamed.",
    "The migration job wiped the cache when it restarted.",
    "Jenkins skipped the integration stage because the cache key matched.",
    "Grafana missed its scrape window during the network partition.",
    "The storage controller ignored the write barrier on power loss.",
    "The deploy pipeline disabled the feature gate on rollback.",
    // People doing neutral or good things.
    "Ingeborg restarted the broker and the backlog cleared.",
    "The responder rolled back release 812 at 16:20.",
    "She removed the stale DNS entry once the new one resolved.",
    "We merged the fix after the canary stayed green for an hour.",
    "Tariq's dashboard made the saturation visible.",
    "If the alert had fired, we would have known within minutes.",
    // Markdown: code, chat, timeline cells, action items.
    "We searched the logs for `human error` and `blame`.",
    "> 16:21 @joanna: I pushed the wrong image, rolling back",
    "| 16:20 | Pedro | rolled back release 812 |",
    "- [ ] @helga: add a second approval for TLS settings by 2027-03-01",
  ])("leaves %j alone", (sentence) => {
    expect(checkBlameless(sentence)).toEqual([]);
  });

  it("reports a column and a rewrite that makes the action the subject", () => {
    const [finding] = checkBlameless(
      "## Timeline\n\nAt 09:40 Stefan deleted the production bucket.",
    );
    expect(finding).toMatchObject({
      line: 3,
      column: 10,
      phrase: "Stefan deleted",
      category: "person-as-agent",
      sentence: "At 09:40 Stefan deleted the production bucket.",
    });
    expect(finding?.suggestion).toContain("“the production bucket was deleted”");
    expect(Object.keys(finding ?? {})).toEqual(
      expect.arrayContaining([
        "line",
        "sentence",
        "phrase",
        "why",
        "suggestion",
        "category",
        "column",
      ]),
    );
  });

  it("gives the old phrase rules a category too", () => {
    expect(categoryOf("The outage was caused by human error.")).toEqual(["human-error"]);
    expect(categoryOf("It was a rookie mistake.")).toEqual(["idiom"]);
    expect(
      checkBlameless("Our deploys are yolo.", { extraPhrases: ["yolo"] }).map((f) => f.category),
    ).toEqual(["team-phrase"]);
  });
});
