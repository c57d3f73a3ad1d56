/**
 * The Electron entry point (electron/main/index.ts) wired against a fake `electron` module, since
 * no Electron binary exists here: the order of start-up steps, the window it opens, and a real
 * app.info request travelling through the registered IPC handler to the real engine handlers.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { CHANNELS } from '../../shared/channels.js';

type Listener = (...args: unknown[]) => unknown;

const fake = vi.hoisted(() => {
  const log: string[] = [];
  const appListeners = new Map<string, Listener>();
  const ipcHandlers = new Map<string, Listener>();
  const windows: { options: Record<string, unknown>; url: string | null }[] = [];
  let ready = false;
  const app = {
    isPackaged: false,
    requestSingleInstanceLock: () => (log.push('requestSingleInstanceLock'), true),
    enableSandbox: () => log.push('enableSandbox'),
    on: (name: string, listener: Listener) => (log.push(`app.on:${name}`), appListeners.set(name, listener)),
    whenReady: () => new Promise<void>((resolve) => setTimeout(() => ((ready = true), log.push('ready'), resolve()), 5)),
    isReady: () => ready,
    getVersion: () => '0.1.0-test',
    // Where the recent-cases list would go; this test opens no case, so nothing is written there.
    getPath: (name: string) => `/nonexistent/leakscope-test/${name}`,
    quit: () => log.push('quit'),
    exit: (code: number) => log.push(`exit:${code}`),
  };
  const protocol = {
    registerSchemesAsPrivileged: (schemes: { scheme: string; privileges: Record<string, boolean> }[]) =>
      log.push(`registerSchemesAsPrivileged:${schemes.map((s) => `${s.scheme}(${Object.keys(s.privileges).join(',')})`).join()}`),
    handle: (scheme: string) => log.push(`protocol.handle:${scheme}`),
  };
  const session = {
    defaultSession: {
      setPermissionRequestHandler: () => log.push('setPermissionRequestHandler'),
      setPermissionCheckHandler: () => log.push('setPermissionCheckHandler'),
      webRequest: { onHeadersReceived: () => log.push('onHeadersReceived') },
    },
  };
  // The open dialog answers what the test queues; every call's options are kept.
  const dialogCalls: Record<string, unknown>[] = [];
  const dialogAnswers: { canceled: boolean; filePaths: string[] }[] = [];
  const dialog = { showOpenDialog: async (options: Record<string, unknown>) => (dialogCalls.push(options), dialogAnswers.shift() ?? { canceled: true, filePaths: [] }) };
  const opened: string[] = [];
  const shell = { openPath: async (p: string) => (opened.push(p), '') };
  const ipcMain = { handle: (channel: string, listener: Listener) => (log.push(`ipcMain.handle:${channel}`), ipcHandlers.set(channel, listener)) };
  class BrowserWindow {
    private readonly record: { options: Record<string, unknown>; url: string | null };
    constructor(options: Record<string, unknown>) {
      this.record = { options, url: null };
      windows.push(this.record);
      log.push('new BrowserWindow');
    }
    static getAllWindows = () => windows;
    once() {}
    on() {}
    show() {}
    isDestroyed = () => false;
    isMinimized = () => false;
    restore() {}
    focus = () => log.push('focus');
    loadURL(url: string) {
      this.record.url = url;
      return Promise.resolve();
    }
  }
  return { log, appListeners, ipcHandlers, windows, dialogCalls, dialogAnswers, opened, electron: { app, protocol, session, ipcMain, BrowserWindow, dialog, shell } };
});

vi.mock('electron', () => ({ ...fake.electron, default: fake.electron }));

describe('electron/main/index.ts', () => {
  it('locks down before ready, then wires session, protocol, IPC and one window, in that order', async () => {
    await import('../../electron/main/index.js');
    await vi.waitFor(() => expect(fake.windows).toHaveLength(1));
    const ready = fake.log.indexOf('ready');
    const before = fake.log.slice(0, ready);
    const after = fake.log.slice(ready + 1);
    expect(before).toEqual([
      'requestSingleInstanceLock',
      'registerSchemesAsPrivileged:app(standard,secure,supportFetchAPI,corsEnabled,codeCache)',
      'enableSandbox',
      'app.on:web-contents-created',
      'app.on:second-instance',
      'app.on:activate',
      'app.on:window-all-closed',
    ]);
    expect(after).toEqual([
      'setPermissionRequestHandler',
      'setPermissionCheckHandler',
      'onHeadersReceived',
      'protocol.handle:app',
      // One handler per contract channel, in the contract's order.
      ...CHANNELS.map((c) => `ipcMain.handle:leakscope:${c}`),
      'new BrowserWindow',
    ]);
  });

  it('opens the window on app://leakscope with the bundled preload and locked-down webPreferences', () => {
    const [window] = fake.windows;
    expect(window?.url).toBe('app://leakscope/index.html');
    const prefs = window?.options.webPreferences as Record<string, unknown>;
    expect(String(prefs.preload).replaceAll('\\', '/')).toMatch(/electron\/preload\/index\.cjs$/);
    expect(prefs).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true });
  });

  it('answers app.info from the app page through the real handlers, as the electron host', async () => {
    const handler = fake.ipcHandlers.get('leakscope:app.info');
    const trusted = { senderFrame: { url: 'app://leakscope/index.html' } };
    const result = (await handler?.(trusted, {})) as { ok: boolean; value?: Record<string, unknown> };
    expect(result.ok).toBe(true);
    expect(result.value).toMatchObject({ name: 'Leakscope', version: '0.1.0-test', host: 'electron' });
    expect(String(result.value?.demoEvidencePath).replaceAll('\\', '/')).toMatch(/resources\/demo\/evidence$/);
    const untrusted = await handler?.({ senderFrame: { url: 'https://evil.example/' } }, {});
    expect(untrusted).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED' } });
  });

  it('serves evidence.pick from the system dialog, keeping only existing absolute paths, and report.open only inside a report', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'ls-pick-'));
    const file = path.join(dir, 'ApiEvent.csv');
    writeFileSync(file, 'EVENT_TYPE,TIMESTAMP\n');
    const trusted = { senderFrame: { url: 'app://leakscope/index.html' } };
    const pick = fake.ipcHandlers.get('leakscope:evidence.pick');
    fake.dialogAnswers.push({ canceled: false, filePaths: [file, dir, path.join(dir, 'gone.csv'), 'relative/ApiEvent.csv'] });
    const picked = (await pick?.(trusted, { what: 'folders' })) as { ok: boolean; value: { paths: string[]; refused: { path: string; reason: string }[] } };
    expect(picked).toEqual({ ok: true, value: { paths: [file, dir], refused: [{ path: path.join(dir, 'gone.csv'), reason: 'does not exist' }, { path: 'relative/ApiEvent.csv', reason: 'not an absolute path' }] } });
    expect(fake.dialogCalls.at(-1)?.properties).toEqual(process.platform === 'darwin' ? ['openFile', 'openDirectory', 'multiSelections'] : ['openDirectory', 'multiSelections']);
    expect(await pick?.(trusted, {})).toEqual({ ok: true, value: { paths: [], refused: [] } });
    expect(fake.dialogCalls.at(-1)?.properties).toEqual(process.platform === 'darwin' ? ['openFile', 'openDirectory', 'multiSelections'] : ['openFile', 'multiSelections']);
    expect(await pick?.({ senderFrame: { url: 'https://evil.example/' } }, {})).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED' } });
    expect(fake.dialogCalls).toHaveLength(2);
    // Not a case: nothing is opened, whatever the file asked for.
    const open = fake.ipcHandlers.get('leakscope:report.open');
    expect(await open?.(trusted, { caseDir: dir, reportId: '20261201-170655', file: 'report.pdf' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await open?.(trusted, { caseDir: dir, reportId: '20261201-170655', file: '../ApiEvent.csv' })).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    expect(fake.opened).toEqual([]);
    rmSync(dir, { recursive: true, force: true });
  });

  it('focuses the existing window on a second launch and quits when the last window closes (not on macOS)', () => {
    fake.appListeners.get('second-instance')?.();
    expect(fake.windows).toHaveLength(1);
    expect(fake.log.at(-1)).toBe('focus');
    fake.appListeners.get('window-all-closed')?.();
    expect(fake.log.at(-1)).toBe(process.platform === 'darwin' ? 'focus' : 'quit');
  });
});
