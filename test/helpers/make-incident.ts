import type { Incident, NewIncident } from "../../src/core/incident.ts";

/** An investigating SEV2 incident opened at `openedAt`, with whatever else the test overrides. */
export function makeIncident(overrides: Partial<Incident> & { openedAt: string }): Incident {
  return {
    number: 42,
    title: "Nova API slow",
    severity: 2,
    status: "investigating",
    private: false,
    service: null,
    groupKey: null,
    route: null,
    roles: {},
    declaredBy: null,
    acknowledgedAt: null,
    mitigatedAt: null,
    resolvedAt: null,
    closedAt: null,
    updatedAt: overrides.openedAt,
    ...overrides,
  };
}

/** The same incident as the store takes it, to be numbered on insert. */
export function withoutNumber(incident: Incident): NewIncident {
  const { number: _, ...fields } = incident;
  return fields;
}
