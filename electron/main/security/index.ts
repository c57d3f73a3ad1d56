/**
 * The whole Electron security policy, one rule per module. Each rule has a test in
 * test/unit/main.security.test.ts; the window's own webPreferences live in ../window.ts.
 */
import type { App, Session } from 'electron';
import { blockForeignNavigation } from './block-foreign-navigation.js';
import { blockWebviews } from './block-webviews.js';
import { enforceContentSecurityPolicy } from './content-security-policy.js';
import { denyPermissionRequests } from './deny-permissions.js';
import { denyWindowOpen } from './deny-window-open.js';

export { isTrustedIpcSender } from './trusted-ipc-sender.js';

/** Before ready: every renderer sandboxed, and every web contents locked down the moment it exists. */
export function lockDownApp(app: Pick<App, 'enableSandbox' | 'on'>): void {
  app.enableSandbox();
  app.on('web-contents-created', (_event, contents) => {
    denyWindowOpen(contents);
    blockForeignNavigation(contents);
    blockWebviews(contents);
  });
}

/** After ready: the session refuses every permission and stamps the CSP on every response. */
export function lockDownSession(session: Pick<Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler' | 'webRequest'>): void {
  denyPermissionRequests(session);
  enforceContentSecurityPolicy(session);
}
