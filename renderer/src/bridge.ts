/**
 * The one file that talks to the engine. In the desktop app the sandboxed preload exposes
 * `window.leakscope.invoke`; in a browser the loopback web host serves the same contract at
 * `POST /api/<channel>` behind a token that arrives in the URL fragment.
 */
import type { LeakscopeBridge } from '../../shared/bridge.js';
import type { Channel } from '../../shared/channels.js';
import type { Api, RequestOf, ResponseOf } from '../../shared/contract.js';
import { fail, type Result } from '../../shared/result.js';

declare global {
  interface Window {
    leakscope?: LeakscopeBridge;
  }
}

export type HostKind = 'electron' | 'web';

const TOKEN_KEY = 'leakscope.token';

/**
 * Reads the token from `#token=…` once, keeps it for this tab only (so a reload still works) and
 * strips it from the address bar so it is not copied, bookmarked or shown on screen.
 */
function takeToken(): string | null {
  const match = /(?:^#|&)token=([0-9a-fA-F]{16,128})(?:&|$)/.exec(window.location.hash);
  if (match?.[1]) {
    try {
      window.sessionStorage.setItem(TOKEN_KEY, match[1]);
    } catch {
      // storage disabled: the token still works until the tab reloads
    }
    window.history.replaceState(null, '', window.location.pathname + window.location.search);
    return match[1];
  }
  try {
    return window.sessionStorage.getItem(TOKEN_KEY);
  } catch {
    return null;
  }
}

function isResult(value: unknown): value is Result<unknown> {
  if (typeof value !== 'object' || value === null || !('ok' in value)) return false;
  const v = value as { ok: unknown; value?: unknown; error?: unknown };
  if (v.ok === true) return 'value' in v;
  return v.ok === false && typeof v.error === 'object' && v.error !== null;
}

function webInvoke(token: string | null): LeakscopeBridge {
  return {
    async invoke(channel, payload) {
      if (!token) {
        return fail('UNAUTHORIZED', 'No access token. Open the full address printed by `npm run serve` (it ends in #token=…).');
      }
      let response: Response;
      try {
        response = await fetch(`/api/${encodeURIComponent(channel)}`, {
          method: 'POST',
          headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
          body: JSON.stringify(payload ?? {}),
          cache: 'no-store',
          credentials: 'omit',
        });
      } catch (e) {
        return fail('INTERNAL', `Could not reach the Leakscope web host: ${e instanceof Error ? e.message : String(e)}`);
      }
      const body: unknown = await response.json().catch(() => null);
      if (isResult(body)) return body;
      return fail('INTERNAL', `The Leakscope web host answered HTTP ${response.status} without a result`);
    },
  };
}

/** Which shell the UI is running in, for the header badge. */
export const hostKind: HostKind = window.leakscope ? 'electron' : 'web';

const transport: LeakscopeBridge = window.leakscope ?? webInvoke(takeToken());

function call<C extends Channel>(channel: C) {
  return async (request: RequestOf<C>): Promise<Result<ResponseOf<C>>> => {
    try {
      return (await transport.invoke(channel, request)) as Result<ResponseOf<C>>;
    } catch (e) {
      return fail('INTERNAL', `Call to ${channel} failed: ${e instanceof Error ? e.message : String(e)}`);
    }
  };
}

/** The typed client every screen uses; one function per contract channel (a missing one fails to compile). */
export const api: Api = {
  'app.info': call('app.info'),
  'investigation.run': call('investigation.run'),
  'investigation.progress': call('investigation.progress'),
  'investigation.cancel': call('investigation.cancel'),
  'investigation.records': call('investigation.records'),
  'source.line': call('source.line'),
  'exports.page': call('exports.page'),
  'exports.detail': call('exports.detail'),
  'case.open': call('case.open'),
  'duties.list': call('duties.list'),
  'timeline.get': call('timeline.get'),
  'notes.list': call('notes.list'),
  'notes.add': call('notes.add'),
  'notes.retract': call('notes.retract'),
  'case.create': call('case.create'),
  'case.recent': call('case.recent'),
  'case.results': call('case.results'),
  'case.verify': call('case.verify'),
  'report.generate': call('report.generate'),
  'report.progress': call('report.progress'),
  'report.cancel': call('report.cancel'),
  'report.list': call('report.list'),
  'review.open': call('review.open'),
  'review.close': call('review.close'),
  'mapping.get': call('mapping.get'),
  'mapping.preview': call('mapping.preview'),
  'mapping.set': call('mapping.set'),
  'mapping.unset': call('mapping.unset'),
  'scope.preview': call('scope.preview'),
  'integrations.page': call('integrations.page'),
  'integrations.detail': call('integrations.detail'),
};
