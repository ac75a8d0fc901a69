import { FirebreakError } from "../core/firebreak-error.ts";

/** A configuration problem: the message names the file (or variable), the key and what to write. */
export class ConfigError extends FirebreakError {
  constructor(message: string) {
    super("invalid_config", message);
    this.name = "ConfigError";
  }
}
