import { z } from "zod";
import { consoleSection } from "../chat/console-config.ts";
import { matrixSection } from "../chat/matrix/matrix-config.ts";
import { slackSection } from "../chat/slack/slack-config.ts";
import { isValidTimeZone } from "../core/format-time.ts";
import {
  alertsSection,
  defaultRouteSection,
  routesSection,
} from "../intake/alert-routing-config.ts";
import { serverSection } from "../intake/server-config.ts";
import { postmortemSection } from "../publish/postmortem-config.ts";
import { siteSection } from "../publish/site/site-config.ts";
import { runbookSection } from "../runbook/runbook-config.ts";
import { folderKeys } from "./folders-config.ts";
import { permissionsSection } from "./permissions-config.ts";
import { remindersSection } from "./reminders-config.ts";
import { rolesSection } from "./roles-config.ts";

/** `display:`: how times are shown; they are stored in UTC whatever this says. */
const displaySection = z
  .strictObject({
    timeZone: z
      .string()
      .refine(isValidTimeZone, { message: 'expected an IANA time zone such as "Europe/Berlin"' })
      .default("UTC"),
  })
  .prefault({});

/**
 * The YAML file, composed from the sections each part of Firebreak owns. Every key is optional:
 * each section carries its defaults beside its keys (the folders' are in folders-config.ts).
 * Unknown keys are errors, since they are usually typos. The keys keep this order because a bad
 * file's problems are reported in it.
 */
export const configFileSchema = z.strictObject({
  server: serverSection,
  ...folderKeys,
  postmortem: postmortemSection,
  permissions: permissionsSection,
  runbook: runbookSection,
  reminders: remindersSection,
  roles: rolesSection,
  site: siteSection,
  logLevel: z.enum(["trace", "debug", "info", "warn", "error", "fatal", "silent"]).default("info"),
  display: displaySection,
  alerts: alertsSection,
  routes: routesSection,
  defaultRoute: defaultRouteSection,
  slack: slackSection,
  matrix: matrixSection,
  console: consoleSection,
});
