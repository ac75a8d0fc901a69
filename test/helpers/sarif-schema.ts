import { readFileSync } from "node:fs";
import { join } from "node:path";
import Ajv from "ajv-draft-04";
import formatsPlugin from "ajv-formats";

// Both are CommonJS whose module.exports is the class / the plugin itself; under "nodenext" the
// types see the whole module as the default export, so take the typed `default` as the value.
const AjvDraft04 = Ajv as unknown as typeof Ajv.default;
const addFormats = formatsPlugin as unknown as typeof formatsPlugin.default;

/**
 * The SARIF 2.1.0 JSON schema (OASIS, oasis-tcs/sarif-spec sarif-2.1/schema/sarif-schema-2.1.0.json),
 * compiled. It is JSON Schema draft-04, hence ajv-draft-04; ajv-formats checks its "uri" and
 * "uri-reference" formats (a path with a space in it is not a URI reference).
 */
export const SARIF_SCHEMA_FILE = join(
  import.meta.dirname,
  "..",
  "fixtures",
  "sarif-schema-2.1.0.json",
);

export function sarifValidator() {
  const ajv = new AjvDraft04({ strict: false, allErrors: true });
  addFormats(ajv);
  const validate = ajv.compile(JSON.parse(readFileSync(SARIF_SCHEMA_FILE, "utf8")));
  /** The schema errors of a log, as readable lines; empty when it is valid SARIF 2.1.0. */
  return (log: unknown): string[] =>
    validate(log)
      ? []
      : (validate.errors ?? []).map((e) => `${e.instancePath || "/"} ${e.message ?? ""}`);
}
