/**
 * A failure the user caused or can fix. `code` is for programs and tests; `message` is written for
 * the person in chat or at the terminal, so it says what was wrong and what to do instead.
 */
export class FirebreakError extends Error {
  readonly code: string;
  readonly hint: string | undefined;

  constructor(code: string, message: string, hint?: string) {
    super(message);
    this.name = "FirebreakError";
    this.code = code;
    this.hint = hint;
  }
}

export function isFirebreakError(error: unknown): error is FirebreakError {
  return error instanceof FirebreakError;
}
