/**
 * A problem only the operator can fix (a setting, a file, the token), worded for them in one
 * line: what is wrong, which setting, and what to do. The process stops with it, without a stack.
 */
export class OperatorError extends Error {
  override readonly name: string = "OperatorError";
}

/** An OperatorError, or the error unchanged. */
export function isOperatorError(error: unknown): error is OperatorError {
  return error instanceof OperatorError;
}
