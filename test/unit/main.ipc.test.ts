/**
 * The Electron IPC wiring (electron/main/ipc.ts) with a fake ipcMain: one handler per contract
 * channel under the `leakscope:` prefix, every payload validated, only Results coming back.
 */
import type { IpcMainInvokeEvent } from 'electron';
import { beforeEach, describe, expect, it } from 'vitest';
import { registerIpc } from '../../electron/main/ipc.js';
import { isTrustedIpcSender } from '../../electron/main/security/index.js';
import { CHANNELS } from '../../shared/channels.js';
import type { AppInfo, Handlers } from '../../shared/contract.js';
import { fail, ok, type Result } from '../../shared/result.js';

type Listener = (event: IpcMainInvokeEvent, ...args: unknown[]) => unknown;

/** Collects `handle()` registrations the way ipcMain would, and refuses duplicates as it does. */
class FakeIpcMain {
  readonly listeners = new Map<string, Listener>();
  handle(channel: string, listener: Listener): void {
    if (this.listeners.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    this.listeners.set(channel, listener);
  }
  /** Invokes a channel the way ipcRenderer.invoke would reach it. */
  async invoke(channel: string, frameUrl: string | null, payload: unknown): Promise<Result<unknown>> {
    const listener = this.listeners.get(channel);
    if (!listener) throw new Error(`No handler registered for '${channel}'`);
    const event = { senderFrame: frameUrl === null ? null : { url: frameUrl } } as unknown as IpcMainInvokeEvent;
    return (await listener(event, payload)) as Result<unknown>;
  }
}

const APP_PAGE = 'app://leakscope/index.html';
const INFO: AppInfo = {
  name: 'Leakscope',
  version: '0.1.0',
  host: 'electron',
  demoEvidencePath: '/opt/Leakscope/resources/app.asar.unpacked/resources/demo',
  defaultOutDir: '/home/investigator/Leakscope/out',
};

let calls: { channel: string; request: unknown }[];
let ipc: FakeIpcMain;

function handlersRecordingCalls(): Handlers {
  return {
    'app.info': async (request) => {
      calls.push({ channel: 'app.info', request });
      return ok(INFO);
    },
    'investigation.run': async (request) => {
      calls.push({ channel: 'investigation.run', request });
      throw new Error('DuckDB could not open /cases/acme/case.duckdb');
    },
    'investigation.progress': async (request) => {
      calls.push({ channel: 'investigation.progress', request });
      return ok(null);
    },
    'investigation.cancel': async (request) => {
      calls.push({ channel: 'investigation.cancel', request });
      return ok({ cancelled: false });
    },
    'investigation.records': async (request) => {
      calls.push({ channel: 'investigation.records', request });
      return fail('NOT_FOUND', `No case at ${request.caseDir}`);
    },
    'source.line': async (request) => {
      calls.push({ channel: 'source.line', request });
      return fail('NOT_FOUND', `No source ${request.sourceId}`);
    },
    'exports.page': async (request) => {
      calls.push({ channel: 'exports.page', request });
      return fail('NOT_FOUND', `No case at ${request.caseDir}`);
    },
    'exports.detail': async (request) => {
      calls.push({ channel: 'exports.detail', request });
      return fail('NOT_FOUND', `No export ${request.exportId}`);
    },
    'timeline.get': async (request) => {
      calls.push({ channel: 'timeline.get', request });
      return fail('NOT_FOUND', `No case at ${request.caseDir}`);
    },
    'duties.list': async (request) => {
      calls.push({ channel: 'duties.list', request });
      return fail('NOT_FOUND', `No case at ${request.caseDir}`);
    },
    'case.open': async (request) => {
      calls.push({ channel: 'case.open', request });
      return fail('NOT_FOUND', `No case at ${request.caseDir}`);
    },
    'notes.list': async (request) => {
      calls.push({ channel: 'notes.list', request });
      return fail('NOT_FOUND', `No case at ${request.caseDir}`);
    },
    'notes.add': async (request) => {
      calls.push({ channel: 'notes.add', request });
      return fail('NOT_FOUND', `No case at ${request.caseDir}`);
    },
    'notes.retract': async (request) => {
      calls.push({ channel: 'notes.retract', request });
      return fail('NOT_FOUND', `No note ${request.noteId}`);
    },
    'case.create': async (request) => {
      calls.push({ channel: 'case.create', request });
      return fail('NOT_FOUND', 'No case');
    },
    'case.recent': async (request) => {
      calls.push({ channel: 'case.recent', request });
      return fail('NOT_FOUND', 'No case');
    },
    'case.results': async (request) => {
      calls.push({ channel: 'case.results', request });
      return fail('NOT_FOUND', 'No case');
    },
    'case.verify': async (request) => {
      calls.push({ channel: 'case.verify', request });
      return fail('NOT_FOUND', 'No case');
    },
    'report.generate': async (request) => {
      calls.push({ channel: 'report.generate', request });
      return fail('NOT_FOUND', 'No case');
    },
    'report.progress': async (request) => {
      calls.push({ channel: 'report.progress', request });
      return fail('NOT_FOUND', 'No case');
    },
    'report.cancel': async (request) => {
      calls.push({ channel: 'report.cancel', request });
      return fail('NOT_FOUND', 'No case');
    },
    'report.list': async (request) => {
      calls.push({ channel: 'report.list', request });
      return fail('NOT_FOUND', 'No case');
    },
    'review.open': async (request) => {
      calls.push({ channel: 'review.open', request });
      return fail('NOT_FOUND', 'No case');
    },
    'review.close': async (request) => {
      calls.push({ channel: 'review.close', request });
      return fail('NOT_FOUND', 'No case');
    },
    'mapping.get': async (request) => {
      calls.push({ channel: 'mapping.get', request });
      return fail('NOT_FOUND', 'No case');
    },
    'mapping.preview': async (request) => {
      calls.push({ channel: 'mapping.preview', request });
      return fail('NOT_FOUND', 'No case');
    },
    'mapping.set': async (request) => {
      calls.push({ channel: 'mapping.set', request });
      return fail('NOT_FOUND', 'No case');
    },
    'mapping.unset': async (request) => {
      calls.push({ channel: 'mapping.unset', request });
      return fail('NOT_FOUND', 'No case');
    },
    'scope.preview': async (request) => {
      calls.push({ channel: 'scope.preview', request });
      return fail('NOT_FOUND', 'No case');
    },
    'integrations.page': async (request) => {
      calls.push({ channel: 'integrations.page', request });
      return fail('NOT_FOUND', 'No case');
    },
    'integrations.detail': async (request) => {
      calls.push({ channel: 'integrations.detail', request });
      return fail('NOT_FOUND', 'No case');
    },
  };
}

beforeEach(() => {
  calls = [];
  ipc = new FakeIpcMain();
  registerIpc(ipc, handlersRecordingCalls(), isTrustedIpcSender);
});

describe('registerIpc', () => {
  it('registers exactly one prefixed handler per contract channel', () => {
    expect([...ipc.listeners.keys()].sort()).toEqual(CHANNELS.map((c) => `leakscope:${c}`).sort());
    expect(ipc.listeners.size).toBe(31);
  });

  it('sends a valid app.info from the app page to its handler and returns the handler Result', async () => {
    const result = await ipc.invoke('leakscope:app.info', APP_PAGE, {});
    expect(result).toEqual({ ok: true, value: INFO });
    expect(calls).toEqual([{ channel: 'app.info', request: {} }]);
  });

  it('passes the validated, defaulted request to the handler, not the raw payload', async () => {
    const result = await ipc.invoke('leakscope:investigation.records', APP_PAGE, { caseDir: '/cases/acme' });
    expect(result).toEqual({ ok: false, error: { code: 'NOT_FOUND', message: 'No case at /cases/acme' } });
    expect(calls).toEqual([{ channel: 'investigation.records', request: { caseDir: '/cases/acme', search: '', offset: 0, limit: 100 } }]);
  });

  it('answers an invalid payload with BAD_REQUEST without calling the handler', async () => {
    const noEvidence = await ipc.invoke('leakscope:investigation.run', APP_PAGE, { evidencePaths: [] });
    expect(noEvidence.ok).toBe(false);
    if (!noEvidence.ok) {
      expect(noEvidence.error.code).toBe('BAD_REQUEST');
      expect(noEvidence.error.message).toContain('evidencePaths');
    }
    const extraField = await ipc.invoke('leakscope:app.info', APP_PAGE, { exec: 'rm -rf /' });
    expect(extraField).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    const wrongType = await ipc.invoke('leakscope:source.line', APP_PAGE, { caseDir: '/c', sourceId: '1; DROP', record: 1 });
    expect(wrongType).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    expect(calls).toEqual([]);
  });

  it('gives exports.page its defaults (suspicious open, start ascending, first 100) and refuses a sort column off the list', async () => {
    await ipc.invoke('leakscope:exports.page', APP_PAGE, { caseDir: '/cases/acme', filter: { suspicious: true } });
    expect(calls).toEqual([{
      channel: 'exports.page',
      request: {
        caseDir: '/cases/acme',
        filter: { orgs: [], integrations: [], users: [], objects: [], channels: [], ips: [], flags: [], suspicious: true, inScope: null, from: null, to: null, search: '' },
        sort: { column: 'start', direction: 'asc' }, offset: 0, limit: 100,
      },
    }]);
    const refused = [
      { caseDir: '/c', sort: { column: 'rows; DROP TABLE exports', direction: 'asc' } },
      { caseDir: '/c', sort: { column: 'rows', direction: 'sideways' } },
      { caseDir: '/c', limit: 501 },
      { caseDir: '/c', offset: -1 },
      { caseDir: '/c', filter: { channels: ['carrier_pigeon'] } },
      { caseDir: '/c', filter: { flags: ['looks_odd'] } },
      { caseDir: '/c', filter: { from: 'yesterday' } },
      { caseDir: '/c', filter: { where: '1=1' } },
    ];
    for (const payload of refused) expect(await ipc.invoke('leakscope:exports.page', APP_PAGE, payload)).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    expect(await ipc.invoke('leakscope:exports.detail', APP_PAGE, { caseDir: '/c', exportId: "X-1' OR '1'='1" })).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    expect(calls).toHaveLength(1);
  });

  it('refuses senders that are not the app page with UNAUTHORIZED, before validation or handler', async () => {
    for (const url of ['https://evil.example/index.html', 'file:///home/investigator/index.html', 'app://other/index.html', null]) {
      const result = await ipc.invoke('leakscope:app.info', url, {});
      expect(result).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED' } });
    }
    expect(calls).toEqual([]);
  });

  it('turns a throwing handler into an INTERNAL Result instead of a rejected invoke', async () => {
    const result = await ipc.invoke('leakscope:investigation.run', APP_PAGE, { evidencePaths: ['/evidence/ApiEvent.csv'] });
    expect(result).toEqual({
      ok: false,
      error: { code: 'INTERNAL', message: 'Internal error in investigation.run: DuckDB could not open /cases/acme/case.duckdb' },
    });
    expect(calls).toHaveLength(1);
  });
});
