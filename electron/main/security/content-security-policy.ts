import type { Session } from 'electron';
import { CONTENT_SECURITY_POLICY } from '../../../shared/webPolicy.js';

/** The same policy the loopback web host sends: own scripts only, no plugins, no framing. */
export { CONTENT_SECURITY_POLICY };

/** Stamps the CSP on every response the session receives, replacing any policy a response brought. */
export function enforceContentSecurityPolicy(session: { webRequest: Pick<Session['webRequest'], 'onHeadersReceived'> }): void {
  session.webRequest.onHeadersReceived((details, callback) => {
    const headers: Record<string, string | string[]> = {};
    for (const [name, value] of Object.entries(details.responseHeaders ?? {})) {
      if (name.toLowerCase() !== 'content-security-policy') headers[name] = value;
    }
    headers['Content-Security-Policy'] = [CONTENT_SECURITY_POLICY];
    callback({ responseHeaders: headers });
  });
}
