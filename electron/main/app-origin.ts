/**
 * Where the app's own pages live: `app://leakscope/…`, a privileged custom scheme served from
 * dist/renderer. Everything that decides "is this us?" (navigation, IPC senders) asks here.
 */

export const APP_SCHEME = 'app';
export const APP_HOST = 'leakscope';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

/**
 * True only for URLs on the app's own origin. Compares scheme and host by hand because the
 * WHATWG `URL.origin` of a custom scheme is the opaque string "null" outside Chromium.
 */
export function isAppUrl(url: string | undefined | null): boolean {
  if (!url) return false;
  try {
    const parsed = new URL(url);
    return parsed.protocol === `${APP_SCHEME}:` && parsed.host === APP_HOST && !parsed.username && !parsed.password;
  } catch {
    return false;
  }
}
