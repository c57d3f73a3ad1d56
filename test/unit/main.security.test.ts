/**
 * Each Electron security rule (electron/main/security/*) against a small fake of the Electron
 * object it configures: the fake records the listener, the test fires it like Electron would.
 */
import type { App, IpcMainInvokeEvent, Session, WebContents } from 'electron';
import { describe, expect, it } from 'vitest';
import { APP_ENTRY_URL, isAppUrl } from '../../electron/main/app-origin.js';
import { blockForeignNavigation } from '../../electron/main/security/block-foreign-navigation.js';
import { blockWebviews } from '../../electron/main/security/block-webviews.js';
import { CONTENT_SECURITY_POLICY, enforceContentSecurityPolicy } from '../../electron/main/security/content-security-policy.js';
import { denyPermissionRequests } from '../../electron/main/security/deny-permissions.js';
import { denyWindowOpen } from '../../electron/main/security/deny-window-open.js';
import { isTrustedIpcSender, lockDownApp, lockDownSession } from '../../electron/main/security/index.js';
import { mainWindowOptions } from '../../electron/main/window.js';

type AnyListener = (...args: unknown[]) => unknown;

/** A web contents that records listeners and the window-open handler, and can fire events. */
class FakeWebContents {
  readonly listeners = new Map<string, AnyListener[]>();
  windowOpenHandler: ((details: { url: string }) => unknown) | null = null;
  on(name: string, listener: AnyListener): this {
    this.listeners.set(name, [...(this.listeners.get(name) ?? []), listener]);
    return this;
  }
  setWindowOpenHandler(handler: (details: { url: string }) => unknown): void {
    this.windowOpenHandler = handler;
  }
  /** Fires a cancellable event and reports whether any listener cancelled it. */
  fire(name: string, params: Record<string, unknown> = {}, ...rest: unknown[]): boolean {
    let prevented = false;
    const event = { ...params, preventDefault: () => (prevented = true), defaultPrevented: false };
    for (const listener of this.listeners.get(name) ?? []) listener(event, ...rest);
    return prevented;
  }
  asElectron(): WebContents {
    return this as unknown as WebContents;
  }
}

type RequestHandler = (contents: unknown, permission: string, callback: (granted: boolean) => void, details: unknown) => void;
type CheckHandler = (contents: unknown, permission: string, origin: string, details: unknown) => boolean;
type HeadersResponse = { responseHeaders?: Record<string, string | string[]> };
type HeadersListener = (details: unknown, callback: (response: HeadersResponse) => void) => void;

/** A session recording its permission handlers and its onHeadersReceived listener. */
class FakeSession {
  requestHandler: RequestHandler | null = null;
  checkHandler: CheckHandler | null = null;
  headersListener: HeadersListener | null = null;
  setPermissionRequestHandler(handler: RequestHandler): void {
    this.requestHandler = handler;
  }
  setPermissionCheckHandler(handler: CheckHandler): void {
    this.checkHandler = handler;
  }
  readonly webRequest = {
    onHeadersReceived: (listener: HeadersListener): void => {
      this.headersListener = listener;
    },
  };
}

function fakeSession() {
  const fake = new FakeSession();
  return { fake, session: fake as unknown as Session };
}

describe('denyWindowOpen', () => {
  it('denies window.open for foreign and own URLs alike', () => {
    const contents = new FakeWebContents();
    denyWindowOpen(contents.asElectron());
    expect(contents.windowOpenHandler?.({ url: 'https://evil.example/phish' })).toEqual({ action: 'deny' });
    expect(contents.windowOpenHandler?.({ url: APP_ENTRY_URL })).toEqual({ action: 'deny' });
  });
});

describe('blockForeignNavigation', () => {
  it('cancels navigation and redirects to other origins and lets the app origin through', () => {
    const contents = new FakeWebContents();
    blockForeignNavigation(contents.asElectron());
    for (const event of ['will-navigate', 'will-redirect']) {
      expect(contents.fire(event, { url: 'https://evil.example/' }, 'https://evil.example/')).toBe(true);
      expect(contents.fire(event, { url: 'file:///etc/passwd' })).toBe(true);
      expect(contents.fire(event, { url: 'app://leakscope.evil.example/index.html' })).toBe(true);
      expect(contents.fire(event, { url: 'app://x@evil.example/' })).toBe(true);
      expect(contents.fire(event, { url: 'javascript:alert(1)' })).toBe(true);
      expect(contents.fire(event, { url: 'app://leakscope/index.html#/records' })).toBe(false);
    }
  });
});

describe('blockWebviews', () => {
  it('refuses to attach any <webview>', () => {
    const contents = new FakeWebContents();
    blockWebviews(contents.asElectron());
    expect(contents.fire('will-attach-webview', {}, { preload: '/tmp/evil.js' }, { src: 'https://evil.example' })).toBe(true);
  });
});

describe('denyPermissionRequests', () => {
  it('answers every permission request and check with "no"', () => {
    const { fake, session } = fakeSession();
    denyPermissionRequests(session);
    for (const permission of ['media', 'notifications', 'clipboard-read', 'geolocation', 'openExternal']) {
      const answers: boolean[] = [];
      fake.requestHandler?.({}, permission, (granted) => answers.push(granted), { requestingUrl: APP_ENTRY_URL });
      expect(answers).toEqual([false]);
      expect(fake.checkHandler?.({}, permission, 'app://leakscope', {})).toBe(false);
    }
  });
});

describe('enforceContentSecurityPolicy', () => {
  it('is the same policy the web host sends', () => {
    expect(CONTENT_SECURITY_POLICY).toBe(
      "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'",
    );
  });

  it('adds the CSP header to every response, replacing a weaker one and keeping the other headers', () => {
    const { fake, session } = fakeSession();
    enforceContentSecurityPolicy(session);
    const responses: HeadersResponse[] = [];
    fake.headersListener?.(
      { url: 'app://leakscope/index.html', responseHeaders: { 'content-security-policy': ["default-src *"], 'Content-Type': ['text/html'] } },
      (response) => responses.push(response),
    );
    fake.headersListener?.({ url: 'app://leakscope/assets/app.js' }, (response) => responses.push(response));
    expect(responses).toEqual([
      { responseHeaders: { 'Content-Type': ['text/html'], 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] } },
      { responseHeaders: { 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] } },
    ]);
  });
});

describe('isTrustedIpcSender', () => {
  const from = (url: string | null) => ({ senderFrame: url === null ? null : { url } }) as unknown as IpcMainInvokeEvent;
  it('trusts only frames on the app origin', () => {
    expect(isTrustedIpcSender(from('app://leakscope/index.html'))).toBe(true);
    expect(isTrustedIpcSender(from('https://evil.example/'))).toBe(false);
    expect(isTrustedIpcSender(from('file:///tmp/index.html'))).toBe(false);
    expect(isTrustedIpcSender(from('app://leakscope.evil.example/'))).toBe(false);
    expect(isTrustedIpcSender(from(''))).toBe(false);
    expect(isTrustedIpcSender(from(null))).toBe(false);
    expect(isAppUrl('not a url')).toBe(false);
  });
});

describe('lockDownApp and lockDownSession', () => {
  it('sandboxes every renderer and applies all web-contents rules to each new web contents', () => {
    let sandboxed = false;
    const appListeners = new Map<string, AnyListener>();
    const app = {
      enableSandbox: () => (sandboxed = true),
      on: (name: string, listener: AnyListener) => appListeners.set(name, listener),
    } as unknown as App;
    lockDownApp(app);
    expect(sandboxed).toBe(true);
    const contents = new FakeWebContents();
    appListeners.get('web-contents-created')?.({}, contents);
    expect(contents.windowOpenHandler?.({ url: 'https://evil.example' })).toEqual({ action: 'deny' });
    expect(contents.fire('will-navigate', { url: 'https://evil.example/' })).toBe(true);
    expect(contents.fire('will-attach-webview')).toBe(true);
  });

  it('installs the permission and CSP rules on the session', () => {
    const { fake, session } = fakeSession();
    lockDownSession(session);
    expect(fake.requestHandler).not.toBeNull();
    expect(fake.checkHandler).not.toBeNull();
    expect(fake.headersListener).not.toBeNull();
  });
});

describe('mainWindowOptions', () => {
  it('keeps the renderer sandboxed, isolated, Node-free and on web security, with our preload', () => {
    const prefs = mainWindowOptions('/opt/Leakscope/dist/electron/preload/index.cjs').webPreferences;
    expect(prefs).toMatchObject({
      preload: '/opt/Leakscope/dist/electron/preload/index.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
    });
  });
});
