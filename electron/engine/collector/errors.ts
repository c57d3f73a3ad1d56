/** What can go wrong talking to an org, as the collector tells it apart. */

/** Salesforce answered with an error status and (usually) `[{ errorCode, message }]`. */
export class SalesforceApiError extends Error {
  constructor(readonly status: number, readonly errorCode: string, readonly sfMessage: string, readonly call: string) {
    super(`${call}: HTTP ${status}${errorCode ? ` ${errorCode}` : ''}${sfMessage ? `: ${sfMessage}` : ''}`);
    this.name = 'SalesforceApiError';
  }
}

/** The token was refused (401) and could not be renewed: the run stops, what was saved stays. */
export class UnauthorizedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnauthorizedError';
  }
}

/** The org's daily API allowance is nearly used up: the collector stops before it takes the rest. */
export class ApiLimitReservedError extends Error {
  constructor(readonly used: number, readonly max: number, readonly reserve: number) {
    super(`Stopped before using the org's last API requests: ${used} of ${max} used today (Sforce-Limit-Info), ${reserve} kept in reserve for the org's own integrations`);
    this.name = 'ApiLimitReservedError';
  }
}

/** The connection failed or was cut, again after every retry. */
export class NetworkError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NetworkError';
  }
}

/** The error's Salesforce code, if it is an API error. */
export function apiErrorCode(e: unknown): string | null {
  return e instanceof SalesforceApiError ? e.errorCode : null;
}

/** A short message for any thrown value. */
export function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
