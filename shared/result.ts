/** Results cross process and module boundaries; exceptions do not. */

/** The closed set of error codes the engine may report to a host or UI. */
export const ERROR_CODES = [
  'BAD_REQUEST', // a payload failed validation (the caller's mistake)
  'NOT_FOUND', // a path, case or record that does not exist
  'BAD_INPUT', // evidence that cannot be read as what it claims to be
  'UNSUPPORTED', // valid input the engine does not handle yet (e.g. a SOQL construct)
  'CANCELLED',
  'READ_ONLY', // a change refused because the case is open for review (read-only)
  'UNAUTHORIZED',
  'INTERNAL', // a bug: never caused by user input
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export interface AppError {
  code: ErrorCode;
  message: string;
}

export type Result<T, E = AppError> = { ok: true; value: T } | { ok: false; error: E };

/** Wraps a value as a success. */
export function ok<T>(value: T): { ok: true; value: T } {
  return { ok: true, value };
}

/** Wraps an error as a failure. */
export function err<E = AppError>(error: E): { ok: false; error: E } {
  return { ok: false, error };
}

/** Builds an AppError failure in one call. */
export function fail(code: ErrorCode, message: string): { ok: false; error: AppError } {
  return { ok: false, error: { code, message } };
}

/** Ends every switch over a closed union: a compile error when a case is missing. */
export function assertNever(value: never, what = 'value'): never {
  throw new Error(`Unexpected ${what}: ${JSON.stringify(value)}`);
}
