import { readFileSync, statSync } from "node:fs";
import { parseDocument } from "yaml";
import { sizeOverLimit } from "../core/file-size-limit.ts";
import { ConfigError } from "./config-error.ts";

/** Real configurations are a few kilobytes; a 10 MB one took 12 s and 1.4 GB to parse. */
export const MAX_CONFIG_FILE_BYTES = 1024 * 1024;

/** The configuration file's YAML as plain data; a file that is too big is refused unread. */
export function readConfigYaml(file: string): unknown {
  let text: string;
  try {
    const tooBig = sizeOverLimit(
      statSync(file).size,
      MAX_CONFIG_FILE_BYTES,
      "a configuration file",
    );
    if (tooBig !== undefined) throw new ConfigError(`${file} ${tooBig}.`);
    text = readFileSync(file, "utf8");
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    throw new ConfigError(
      `${file}: cannot read it (${(error as NodeJS.ErrnoException).code ?? error}).`,
    );
  }
  const document = parseDocument(text, { prettyErrors: true });
  const [first] = document.errors;
  if (first) throw new ConfigError(`${file}: not valid YAML: ${first.message}`);
  try {
    return document.toJS() ?? {};
  } catch (error) {
    // An alias bomb ("billion laughs") is refused by the YAML library while converting.
    throw new ConfigError(`${file}: not usable YAML: ${(error as Error).message}`);
  }
}
