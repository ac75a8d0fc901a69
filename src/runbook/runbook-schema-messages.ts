/**
 * `required` that says which way round, for the fields of a command file: zod's default message
 * names types ("expected string, received undefined"), not what to write.
 */
export const need = (what: string) =>
  ({
    error: (issue: { input: unknown }) =>
      issue.input === undefined ? `is required: ${what}` : `expected ${what}`,
  }) as const;
