import { FirebreakError } from "../../src/core/firebreak-error.ts";

/** The FirebreakError an action throws; fails the test when it throws nothing or something else. */
export function errorFrom(action: () => unknown): FirebreakError {
  try {
    action();
  } catch (error) {
    if (error instanceof FirebreakError) return error;
    throw error;
  }
  throw new Error("expected a FirebreakError, but nothing was thrown");
}
