import { describe, expect, it } from "vitest";
import { checkActionItem, checkBlameless } from "../../../src/core/blameless-check.ts";

const flagged = (text: string) => checkBlameless(text).map((finding) => finding.phrase);

describe("checkBlameless", () => {
  it.each([
    ["The outage was caused by human error.", "human error"],
    ["Root cause: operator error during the migration.", "operator error"],
    ["Alice should have checked the dashboard first.", "should have"],
    ["We shouldn't have deployed on a Friday.", "shouldn't have"],
    ["The on-call should've paged the storage team.", "should've"],
    ["This could have been avoided with a canary.", "could have been avoided"],
    ["Why didn't anyone look at the queue depth?", "Why didn't"],
    ["Obviously the config was wrong.", "Obviously"],
    ["A careless change to the firewall rules.", "careless"],
    ["The deploy was sloppy.", "sloppy"],
    ["Bob forgot to renew the certificate.", "forgot"],
    ["The certificate renewal was forgotten.", "forgotten"],
    ["@bob failed to follow the runbook.", "@bob failed to"],
    ["The engineer missed the warning in the logs.", "The engineer missed"],
    ["They didn't test the rollback.", "They didn't test"],
    ["He caused the outage by restarting both controllers.", "He caused"],
    ["Dave ignored the alert for an hour.", "Dave ignored"],
    ["Nobody is to blame, but the team was at fault.", "to blame"],
  ])("flags %j", (sentence, phrase) => {
    expect(flagged(sentence)).toEqual([phrase]);
  });

  it.each([
    "nova-conductor failed to start after the upgrade.",
    "The health check failed to connect within 5s.",
    "The alert fired at 09:12 and the on-call acknowledged it at 09:15.",
    "RabbitMQ stopped acknowledging messages on ctl-1.",
    "Restarting nova-conductor drained the queue in 8 minutes.",
    "Creating servers in eu-de-1 timed out for 47 minutes.",
    "The runbook step for restarting the consumer was missing.",
    "Nova missed its latency objective for the month.",
    "We should add an alert on consumer acknowledgements.",
    "The error rate was 12% for 10 minutes.",
  ])("leaves %j alone", (sentence) => {
    expect(flagged(sentence)).toEqual([]);
  });

  it("reports the line, the sentence, why and a rewrite", () => {
    const [finding] = checkBlameless(
      "# Summary\n\nAll good. Alice should have paged earlier. Then it recovered.\n",
    );
    expect(finding).toMatchObject({
      line: 3,
      sentence: "Alice should have paged earlier.",
      phrase: "should have",
      why: expect.stringContaining("Hindsight"),
      suggestion: expect.stringContaining("at the time"),
    });
  });

  it("ignores code, reviewer prompts and inline code", () => {
    const text = [
      "> ✍️ Avoid words like human error or should have.",
      "```",
      "echo 'operator error'",
      "```",
      "We grepped for `blame` in the logs.",
    ].join("\n");
    expect(checkBlameless(text)).toEqual([]);
  });

  it("takes extra phrases and an allow list", () => {
    expect(
      checkBlameless("It was a rookie mistake.", { extraPhrases: ["rookie mistake"] }),
    ).toHaveLength(1);
    expect(checkBlameless("Git blame showed the commit.", { allow: ["blame"] })).toEqual([]);
  });
});

describe("checkActionItem", () => {
  it("flags vague items and missing owners", () => {
    expect(checkActionItem("Investigate the outage", "bob").map((f) => f.problem)).toEqual([
      "“Investigate” is vague: nobody can tell when it is done.",
    ]);
    expect(checkActionItem("Be more careful with deploys", undefined)).toHaveLength(2);
    expect(checkActionItem("Improve monitoring", "bob")).toHaveLength(1);
  });

  it("accepts a concrete item with an owner", () => {
    expect(checkActionItem("Alert when conductor queue depth exceeds 10k for 5m", "bob")).toEqual(
      [],
    );
  });
});
