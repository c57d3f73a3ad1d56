/**
 * The sandboxed preload as shipped: scripts/build-preload.mjs bundles it, and the bundle runs in
 * a fresh `vm` context whose only `require`-able module is a fake `electron`. Checks what the page
 * gets (only `leakscope.invoke`) and what reaches IPC (only contract channels, prefixed).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import vm from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHANNELS } from '../../shared/channels.js';

const root = path.resolve(import.meta.dirname, '../..');
let outDir: string;
let bundle: string;

beforeAll(() => {
  outDir = mkdtempSync(path.join(tmpdir(), 'leakscope-preload-'));
  const outfile = path.join(outDir, 'index.cjs');
  execFileSync(process.execPath, [path.join(root, 'scripts/build-preload.mjs'), '--outfile', outfile], { cwd: root });
  bundle = readFileSync(outfile, 'utf8');
});
afterAll(() => rmSync(outDir, { recursive: true, force: true }));

interface Bridge {
  invoke(channel: unknown, payload: unknown): Promise<unknown>;
  pathForFile(file: unknown): string | null;
}

/** What Electron's webUtils.getPathForFile does: a File's path on disk, '' for one made in the page, a throw for anything else. */
class FakeFile {
  constructor(readonly diskPath: string) {}
}
const webUtils = {
  getPathForFile: (file: unknown): string => {
    if (!(file instanceof FakeFile)) throw new TypeError('Error processing argument at index 0, conversion failure from');
    return file.diskPath;
  },
};

/** Runs the bundle like Electron's sandboxed preload wrapper, recording every bridge and IPC use. */
function loadPreload(ipcAnswer: (channel: string, payload: unknown) => Promise<unknown>) {
  const exposed = new Map<string, unknown>();
  const ipcCalls: { channel: string; payload: unknown }[] = [];
  const required: string[] = [];
  const electron = {
    contextBridge: { exposeInMainWorld: (key: string, api: unknown) => exposed.set(key, api) },
    webUtils,
    ipcRenderer: {
      invoke: (channel: string, payload: unknown) => {
        ipcCalls.push({ channel, payload });
        return ipcAnswer(channel, payload);
      },
    },
  };
  const fakeRequire = (name: string) => {
    required.push(name);
    if (name === 'electron') return electron;
    throw new Error(`A sandboxed preload cannot require '${name}'`);
  };
  const module = { exports: {} };
  vm.runInNewContext(bundle, { require: fakeRequire, module, exports: module.exports }, { filename: 'preload/index.cjs' });
  return { exposed, ipcCalls, required, bridge: exposed.get('leakscope') as Bridge };
}

describe('preload bundle', () => {
  it('requires only electron and exposes only window.leakscope.invoke and pathForFile', () => {
    const { exposed, required, bridge } = loadPreload(async () => ({ ok: true, value: null }));
    expect(required).toEqual(['electron']);
    expect([...exposed.keys()]).toEqual(['leakscope']);
    expect(Object.keys(bridge)).toEqual(['invoke', 'pathForFile']);
    expect(typeof bridge.invoke).toBe('function');
  });

  it('gives a dropped file its path through webUtils, and null for a file without one or anything that is not a file', () => {
    const { bridge, ipcCalls } = loadPreload(async () => ({ ok: true, value: null }));
    expect(bridge.pathForFile(new FakeFile('/home/investigator/evidence/2025-07-27_ApiEvent.csv'))).toBe('/home/investigator/evidence/2025-07-27_ApiEvent.csv');
    expect(bridge.pathForFile(new FakeFile(''))).toBeNull();
    for (const notAFile of ['/etc/passwd', { path: '/etc/passwd' }, null, undefined, 42]) expect(bridge.pathForFile(notAFile)).toBeNull();
    expect(ipcCalls).toEqual([]);
  });

  it('does not bundle zod or the contract: the preload validates channel names only', () => {
    expect(bundle).not.toMatch(/zod|requestSchemas|safeParse/);
    expect(bundle.length).toBeLessThan(4000);
  });

  it('forwards every contract channel to IPC with the leakscope: prefix and returns main\'s Result', async () => {
    const { ipcCalls, bridge } = loadPreload(async (channel) => ({ ok: true, value: { answeredOn: channel } }));
    for (const channel of CHANNELS) {
      const result = await bridge.invoke(channel, { caseDir: '/cases/acme' });
      expect(JSON.parse(JSON.stringify(result))).toEqual({ ok: true, value: { answeredOn: `leakscope:${channel}` } });
    }
    expect(ipcCalls).toEqual(CHANNELS.map((channel) => ({ channel: `leakscope:${channel}`, payload: { caseDir: '/cases/acme' } })));
  });

  it('refuses channels outside the contract with a BAD_REQUEST Result and never touches IPC', async () => {
    const { ipcCalls, bridge } = loadPreload(async () => ({ ok: true, value: 'should not be reached' }));
    for (const channel of ['fs.readFile', 'leakscope:app.info', 'APP.INFO', '', 42, null, { toString: () => 'app.info' }]) {
      const result = JSON.parse(JSON.stringify(await bridge.invoke(channel, {})));
      expect(result.ok).toBe(false);
      expect(result.error.code).toBe('BAD_REQUEST');
    }
    expect(ipcCalls).toEqual([]);
  });

  it('turns a rejected IPC call into an INTERNAL Result', async () => {
    const { bridge } = loadPreload(async () => {
      throw new Error("No handler registered for 'leakscope:app.info'");
    });
    const result = JSON.parse(JSON.stringify(await bridge.invoke('app.info', {})));
    expect(result).toEqual({
      ok: false,
      error: { code: 'INTERNAL', message: "IPC failed for app.info: No handler registered for 'leakscope:app.info'" },
    });
  });
});
