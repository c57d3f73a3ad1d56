/**
 * The collector's write refusal: it may read an org, never change it. Every request the collector
 * makes (its own HTTP client and jsforce's OAuth transport) passes through `assertReadOnly` first,
 * which allows GET and HEAD, and POST only to the OAuth token endpoint and to Bulk API 2.0 query
 * job creation. Everything else — PATCH, PUT, DELETE, any other POST (including deleting or
 * aborting the bulk jobs it created, which are left for Salesforce to expire) — is refused before a
 * byte leaves the machine.
 */

/** A request the collector refused to send because it could change the org. */
export class WriteRefusedError extends Error {
  constructor(readonly method: string, readonly path: string) {
    super(`Refused to send ${method} ${path}: the collector only reads (GET; POST only to the OAuth token endpoint and to create a Bulk API 2.0 query job)`);
    this.name = 'WriteRefusedError';
  }
}

const TOKEN_PATH = /^\/services\/oauth2\/token$/;
const BULK_QUERY_JOB_CREATE = /^\/services\/data\/v\d+\.\d+\/jobs\/query$/;

/** The one decision: may this method be sent to this URL's path? */
export function isReadOnlyRequest(method: string, url: string | URL): boolean {
  const m = method.toUpperCase();
  const p = new URL(url).pathname.replace(/\/+$/, '');
  if (m === 'GET' || m === 'HEAD') return true;
  if (m === 'POST') return TOKEN_PATH.test(p) || BULK_QUERY_JOB_CREATE.test(p);
  return false;
}

/** Throws `WriteRefusedError` unless the request is one the collector may make. */
export function assertReadOnly(method: string, url: string | URL): void {
  if (!isReadOnlyRequest(method, url)) throw new WriteRefusedError(method.toUpperCase(), new URL(url).pathname);
}
