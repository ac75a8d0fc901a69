import type { BlamelessFinding } from "../core/blameless-check.ts";
import { FirebreakError } from "../core/firebreak-error.ts";
import type { Actor, Incident } from "../core/incident.ts";
import { addNote, changeStatus } from "../core/incident-actions.ts";
import { formatIncidentRef } from "../core/incident-ref.ts";
import type { IncidentService } from "./incident-service.ts";
import type { PostmortemWorkflow } from "./postmortem-workflow.ts";

function describeFindings(findings: readonly BlamelessFinding[], limit = 5): string {
  if (findings.length === 0) return "Blameless check: nothing found.";
  const lines = findings
    .slice(0, limit)
    .map((f) => `• line ${f.line}: “${f.phrase}” — ${f.why}\n  ${f.suggestion}`);
  if (findings.length > limit) lines.push(`…and ${findings.length - limit} more.`);
  return [
    `Blameless check: ${findings.length} finding${findings.length === 1 ? "" : "s"}:`,
    ...lines,
  ].join("\n");
}

/** Why nobody may publish yet, and how to get there. */
function noCommanderMessage(incident: Incident, prefix: string): string {
  const ref = formatIncidentRef(incident.number);
  return `${ref} has no commander, and only the commander publishes its postmortem: take the role with \`${prefix} role commander @you\` first.`;
}

/** `postmortem [draft|review|publish] [--waive REASON]` in an incident room. */
export async function runPostmortemCommand(
  step: string,
  incident: Incident,
  actor: Actor,
  options: { waive: string | undefined; prefix: string },
  deps: {
    workflow: PostmortemWorkflow;
    service: IncidentService;
    reply: (text: string) => Promise<void>;
  },
): Promise<void> {
  const { workflow, service, reply } = deps;
  const ref = formatIncidentRef(incident.number);
  if (step === "draft") {
    const result = await workflow.draft(incident.number);
    return reply(
      `📝 Postmortem draft of ${ref}: ${result.path}\nEdit it there; \`${options.prefix} postmortem\` again keeps your edits and refreshes the facts.\n${describeFindings(result.findings)}`,
    );
  }
  if (step === "review") {
    workflow.review(incident.number);
    const { path, findings } = await workflow.draft(incident.number);
    return reply(
      `🔎 ${ref}'s postmortem is in review: ${path}\nWhen it reads well, the commander runs \`${options.prefix} postmortem publish\`.\n${describeFindings(findings)}`,
    );
  }
  // Publishing makes the postmortem public: it is the commander's call, so one must exist.
  const commander = incident.roles.commander;
  if (!commander) {
    throw new FirebreakError("no_commander", noCommanderMessage(incident, options.prefix));
  }
  if (commander.id !== actor.id) {
    throw new FirebreakError(
      "not_commander",
      `Only the commander (${commander.name}) publishes the postmortem.`,
    );
  }
  if (incident.status !== "resolved" && incident.status !== "closed") {
    throw new FirebreakError(
      "not_resolved",
      `${ref} is ${incident.status}: resolve it before publishing its postmortem.`,
    );
  }
  const result = workflow.publish(incident, options.waive);
  if (!result.published) {
    return reply(
      `Not published. ${describeFindings(result.findings)}\nFix them in ${workflow.draftPath(incident.number)}, or publish anyway with \`${options.prefix} postmortem publish --waive "why"\`.`,
    );
  }
  await service.apply(incident.number, (current, at) => {
    const waived =
      result.findings.length > 0 && options.waive
        ? addNote(
            current,
            `Postmortem published despite ${result.findings.length} blameless-check finding(s): ${options.waive}`,
            actor,
            at,
          ).entries
        : [];
    const closed =
      current.status === "closed"
        ? { incident: current, entries: [] }
        : changeStatus(current, "closed", "postmortem published", actor, at);
    return { incident: closed.incident, entries: [...waived, ...closed.entries] };
  });
  // After closing, so the site shows where the incident ended.
  workflow.buildPublicSite();
  return reply(
    `📚 Published ${ref}'s postmortem: ${result.path}\nThe incident site is rebuilt: ${workflow.siteIndex()}`,
  );
}
