/**
 * Domain errors: a typed refusal with a message key that features translate for the person.
 */

export type ErrorParams = Record<string, string | number>;

/** A rule said no. `key` is a locale key in the `errors` namespace; nothing was changed. */
export class DomainError extends Error {
  constructor(
    readonly key: string,
    readonly params: ErrorParams = {},
  ) {
    super(key);
    this.name = "DomainError";
  }
}

export function isDomainError(error: unknown): error is DomainError {
  return error instanceof DomainError;
}
