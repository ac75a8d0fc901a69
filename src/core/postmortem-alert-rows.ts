import { alertRef, type StoredAlert } from "./alert.ts";
import { varyingLabels } from "./alert-burst-labels.ts";
import type { AlertBurst } from "./collapse-alert-bursts.ts";
import { describeBurst, describeVarying, formatCount } from "./describe-alert-bursts.ts";
import type { Actor } from "./incident.ts";
import type { timeFormats } from "./postmortem-times.ts";

/** The postmortem's alert rows: one alert, many alerts of one name, a collapsed burst. */

export function alertDates(alert: StoredAlert, dateTime: (iso: string) => string) {
  return {
    firedAt: dateTime(alert.startsAt),
    resolvedAt: alert.status === "resolved" && alert.endsAt ? dateTime(alert.endsAt) : null,
  };
}

/** Many alerts of one name: exact counts, what tells them apart, first firing, last resolution. */
export function alertGroupItem(
  name: string,
  alerts: readonly StoredAlert[],
  dateTime: (iso: string) => string,
) {
  let firstFired = Number.POSITIVE_INFINITY;
  let firstFiredAt = "";
  let lastResolved = Number.NEGATIVE_INFINITY;
  let lastResolvedAt = "";
  let resolved = 0;
  for (const alert of alerts) {
    const fired = Date.parse(alert.startsAt);
    if (fired < firstFired || firstFiredAt === "") {
      firstFired = fired;
      firstFiredAt = alert.startsAt;
    }
    if (alert.status === "resolved" && alert.endsAt) {
      resolved++;
      const ended = Date.parse(alert.endsAt);
      if (ended > lastResolved || lastResolvedAt === "") {
        lastResolved = ended;
        lastResolvedAt = alert.endsAt;
      }
    }
  }
  const firing = alerts.length - resolved;
  const labels = describeVarying(varyingLabels(alerts.map((alert) => alert.labels)));
  const counts = [
    ...(resolved > 0 ? [`${formatCount(resolved)} resolved`] : []),
    ...(firing > 0 ? [`${formatCount(firing)} still firing`] : []),
  ];
  // A summary that names one alert's instance would mislead as the group's: only a shared one.
  const summaries = new Set(alerts.map((alert) => alertRef(alert).summary));
  return {
    name,
    summary: summaries.size === 1 ? ([...summaries][0] as string) : null,
    firedAt: dateTime(firstFiredAt),
    resolvedAt: firing === 0 && lastResolvedAt ? dateTime(lastResolvedAt) : null,
    count: alerts.length,
    detail: `${formatCount(alerts.length)} alerts${labels ? ` (${labels})` : ""}: ${counts.join(", ")}`,
  };
}

/** A collapsed burst as a timeline row: its span, its sources, its counts. */
export function burstRow(
  burst: AlertBurst,
  times: ReturnType<typeof timeFormats>,
  labelOf: (actor: Actor) => string,
) {
  const first = times.clock(burst.firstAt);
  const last = times.clock(burst.lastAt);
  return {
    day: times.day(burst.firstAt),
    time: first === last ? first : `${first}–${last}`,
    who: [...new Set(burst.actors.map(labelOf))].join(", "),
    text: describeBurst(burst),
  };
}
