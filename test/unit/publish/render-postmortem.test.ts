import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { StoredAlert } from "../../../src/core/alert.ts";
import type { Incident } from "../../../src/core/incident.ts";
import { postmortemModel } from "../../../src/core/postmortem-model.ts";
import type { TimelineEntry } from "../../../src/core/timeline-event.ts";
import { POSTMORTEM_TEMPLATE, renderPostmortem } from "../../../src/publish/render-postmortem.ts";
import { makeTempDir, removeTempDir } from "../../helpers/temp-store.ts";

const alice = { id: "alice", name: "Alice Example" };
const bob = { id: "bob", name: "Bob Example" };
const am = { id: "alertmanager", name: "Alertmanager" };

const incident: Incident = {
  number: 7,
  title: "Cinder volume attach errors | storage",
  severity: 2,
  status: "resolved",
  private: false,
  service: "cinder",
  groupKey: "g",
  route: null,
  roles: { commander: alice, ops: bob },
  declaredBy: null,
  openedAt: "2026-11-18T14:03:30.000Z",
  acknowledgedAt: "2026-11-18T14:05:00.000Z",
  mitigatedAt: "2026-11-18T14:20:00.000Z",
  resolvedAt: "2026-11-18T14:40:00.000Z",
  closedAt: null,
  updatedAt: "2026-11-18T14:40:00.000Z",
};

let id = 0;
const entry = (
  occurredAt: string,
  actor: typeof alice,
  event: TimelineEntry["event"],
  text: string,
): TimelineEntry => ({
  id: ++id,
  incidentNumber: 7,
  occurredAt,
  recordedAt: occurredAt,
  actor,
  event,
  text,
  editedAt: null,
  withdrawnAt: null,
});

const timeline: TimelineEntry[] = [
  entry(
    "2026-11-18T14:03:00Z",
    am,
    {
      kind: "alert_fired",
      alert: {
        source: "alertmanager",
        fingerprint: "f",
        name: "CinderVolumeAttachErrors",
        summary: "attach errors",
      },
    },
    "Alert firing: CinderVolumeAttachErrors — attach errors",
  ),
  entry(
    "2026-11-18T14:05:00.000Z",
    alice,
    { kind: "acknowledged", becameCommander: true },
    "Acknowledged and took the commander role",
  ),
  entry(
    "2026-11-18T14:06:00.000Z",
    alice,
    { kind: "role", role: "ops", user: "bob", userName: "Bob Example" },
    "Bob Example took the ops role",
  ),
  entry(
    "2026-11-18T14:10:00.000Z",
    bob,
    { kind: "update", text: "Attaching volumes fails for some users." },
    "Status update: Attaching volumes fails for some users.",
  ),
  entry(
    "2026-11-18T14:40:00.000Z",
    alice,
    { kind: "resolved", from: "monitoring", summary: "fixed" },
    "Resolved: fixed",
  ),
];

const alerts: StoredAlert[] = [
  {
    id: 1,
    source: "alertmanager",
    fingerprint: "f",
    status: "resolved",
    labels: { alertname: "CinderVolumeAttachErrors" },
    annotations: { summary: "attach errors" },
    startsAt: "2026-11-18T14:03:00Z",
    endsAt: "2026-11-18T14:35:00Z",
    generatorUrl: null,
    groupKey: "g",
    incidentNumber: 7,
    receivedAt: "2026-11-18T14:03:30.000Z",
  },
];

const model = () => postmortemModel(incident, timeline, alerts, new Date("2026-11-19T08:00:00Z"));

describe("renderPostmortem", () => {
  let dir: string;
  beforeEach(() => {
    dir = makeTempDir();
  });
  afterEach(() => removeTempDir(dir));

  it("uses Firebreak's template when the operator's folder has none", async () => {
    const markdown = await renderPostmortem(model(), dir);
    expect(markdown).toMatch(/^# INC-7: Cinder volume attach errors \| storage\n/);
    expect(markdown).toContain("Time from the first alert firing to the incident opening: 30s");
    expect(markdown).toContain("| Time to acknowledge | 1m 30s |");
    expect(markdown).toContain("| Time to mitigate | 16m 30s |");
    expect(markdown).toContain("| Time to resolve | 36m 30s |");
    expect(markdown).toContain(
      "| 14:03:00 | Alertmanager | Alert firing: CinderVolumeAttachErrors — attach errors |",
    );
    expect(markdown).toContain(
      "- 14:10:00 (the operations lead): Attaching volumes fails for some users.",
    );
    // Blameless: people appear as their roles, never by name.
    expect(markdown).toContain("| 14:06:00 | the commander | Assigned the ops role |");
    expect(markdown).not.toMatch(/Alice|Bob/);
    // What only people know stays a visible prompt.
    expect(markdown).toContain("## Contributing factors\n\n> ✍️");
  });

  it("names every alert source, the generic webhook included, instead of calling it a responder", async () => {
    const webhook = { id: "generic", name: "Webhook" };
    const fromWebhook = timeline.map((e, index) => (index === 0 ? { ...e, actor: webhook } : e));
    const markdown = await renderPostmortem(
      postmortemModel(incident, fromWebhook, alerts, new Date("2026-11-19T08:00:00Z")),
      dir,
    );
    expect(markdown).toContain(
      "| 14:03:00 | Webhook | Alert firing: CinderVolumeAttachErrors — attach errors |",
    );
  });

  it("prefers the operator's template", async () => {
    writeFileSync(
      join(dir, POSTMORTEM_TEMPLATE),
      "Custom {{ ref }} {{ severity }} {{ metrics.resolve }}\n",
    );
    expect(await renderPostmortem(model(), dir)).toBe("Custom INC-7 SEV2 36m 30s\n");
  });

  it("names the file and line of a broken template", async () => {
    writeFileSync(join(dir, POSTMORTEM_TEMPLATE), "# {{ ref }}\n\n{% if %}\n");
    await expect(renderPostmortem(model(), dir)).rejects.toThrow(
      new RegExp(
        `${join(dir, POSTMORTEM_TEMPLATE).replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}: .*line:3`,
      ),
    );
  });

  it("stops a template that would loop without end, with the template error", async () => {
    writeFileSync(
      join(dir, POSTMORTEM_TEMPLATE),
      "{% for i in (1..1000000000) %}{{ i }}{% endfor %}\n",
    );
    await expect(renderPostmortem(model(), dir)).rejects.toThrow(
      /postmortem.md.liquid: memory alloc limit exceeded.*line:1/,
    );
  });

  it("does not let a template reach beyond the facts it is given", async () => {
    writeFileSync(
      join(dir, POSTMORTEM_TEMPLATE),
      "[{{ ref.constructor }}][{{ process.env.HOME }}]\n",
    );
    expect(await renderPostmortem(model(), dir)).toBe("[][]\n");
  });
});
