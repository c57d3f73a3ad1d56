/**
 * The app's exports pages on the demo case, checked against the engine's own exports.json (written from the tables
 * by a different query) with the filtering, sorting and counting redone here in plain JavaScript.
 */
import { execFile } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ExportDetailResponse, ExportsPage, Handlers } from '../../shared/contract.js';
import type { InvestigationResult } from '../../shared/domain.js';
import { dispatch } from '../../electron/engine/dispatch.js';
import { createHandlers } from '../../electron/engine/handlers.js';
import { readExportDetail } from '../../electron/engine/queries/exportPages.js';
import { CaseDb } from '../../electron/engine/store/duck.js';
import { sql } from '../../electron/engine/store/sql.js';

interface ExportOut {
  id: string; channel: string; object: string | null; query: string | null; rows: number | null; suspicious: boolean; inScope: boolean;
  start: string; end: string; sourceIp: string | null; userAgent: string | null; countOnly: boolean;
  sourceIpInfo: { country: string | null; asn: number | null; org: string | null; network: string | null } | null;
  integration: { connectedAppId: string | null; name: string | null; basis: string }; user: { id: string | null; username: string | null };
  org: { id: string | null; name: string | null }; reasons: { code: string; message: string }[];
  evidence: { sourceId: number; file: string; sha256: string; record: number; eventType: string; role: string }[];
  files: { documentId: string | null; versionId: string | null; title: string | null; fileType: string | null; sizeBytes: number | null; namedFrom: string }[];
  jobId: string | null; jobStatus: string | null; deletedAt: string | null;
}

const demo = path.resolve(__dirname, '../../resources/demo/evidence');
const cli = path.resolve(__dirname, '../../bin/leakscope.js');
let handlers: Handlers;
let result: InvestigationResult;
let all: ExportOut[];

async function call<T>(channel: string, payload: unknown): Promise<T> {
  const r = await dispatch(handlers, channel, payload);
  if (!r.ok) throw new Error(`${channel}: ${r.error.code} ${r.error.message}`);
  return r.value as T;
}
const page = (payload: Record<string, unknown>) => call<ExportsPage>('exports.page', { caseDir: result.caseDir, ...payload });

/** Every page of a query, following offsets to the end (as the app's "Next" does). */
async function everyPage(payload: Record<string, unknown>): Promise<ExportsPage['rows']> {
  const rows: ExportsPage['rows'] = [];
  for (let offset = 0; ; offset += 500) {
    const p = await page({ ...payload, offset, limit: 500 });
    rows.push(...p.rows);
    if (offset + 500 >= p.total) return rows;
  }
}

const byStart = (a: ExportOut, b: ExportOut) => (a.start < b.start ? -1 : a.start > b.start ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
const countBy = (xs: readonly string[]) => xs.reduce<Record<string, number>>((m, k) => ({ ...m, [k]: (m[k] ?? 0) + 1 }), {});

beforeAll(async () => {
  handlers = createHandlers({ host: 'web', version: 'test' });
  const out = mkdtempSync(path.join(os.tmpdir(), 'ls-pages-'));
  result = await call<InvestigationResult>('investigation.run', { evidencePaths: [demo], outDir: out });
  all = (JSON.parse(readFileSync(path.join(out, 'exports.json'), 'utf8')) as { exports: ExportOut[] }).exports;
}, 300_000);

describe('exports.page and exports.detail on the demo case', () => {
  it('every flag of every suspicious export lists its evidence rows with the event type the events table gives each', async () => {
    const flagged = all.filter((x) => x.reasons.length > 0);
    expect(flagged.length).toBeGreaterThan(0);
    const db = await CaseDb.open(path.join(result.caseDir, 'case.duckdb'), { readOnly: true });
    try {
      // Straight from the tables: each flag's evidence ids, their source and record, and the type of the event behind each.
      const want = await db.all<{ export_id: string; code: string; source_id: number; record: number; event_type: string | null }>(sql`
        SELECT f.export_id, f.code, (e.id >> 32)::INTEGER AS source_id, (e.id & 4294967295)::BIGINT AS record, ev.event_type
        FROM flags f, unnest(f.evidence_event_ids) AS e(id) LEFT JOIN events ev ON ev.event_id = e.id ORDER BY f.export_id, f.code, e.id`);
      const got: typeof want = [];
      for (const x of [...flagged].sort((a, b) => (a.id < b.id ? -1 : 1))) {
        const d = await call<ExportDetailResponse>('exports.detail', { caseDir: result.caseDir, exportId: x.id });
        for (const f of d.flags) for (const e of f.evidence) got.push({ export_id: x.id, code: f.code, source_id: e.sourceId, record: e.record, event_type: e.eventType || null });
      }
      const norm = (rows: typeof want) => rows.map((r) => [r.export_id, r.code, Number(r.source_id), Number(r.record), r.event_type]).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
      expect(want.length).toBeGreaterThan(0);
      expect(norm(got)).toEqual(norm(want));
      // Sources of several event types (a combined export) are looked up in `events`: on a copy of the case, every
      // evidence source is made one of those, and the types must still be the events table's.
      const copy = path.join(mkdtempSync(path.join(os.tmpdir(), 'ls-pages-mixed-')), 'case.duckdb');
      copyFileSync(path.join(result.caseDir, 'case.duckdb'), copy);
      const mixed = await CaseDb.open(copy);
      try {
        await mixed.run(sql`INSERT INTO source_spans SELECT DISTINCT (unnest(evidence_event_ids) >> 32)::INTEGER, 'AnotherType', NULL, NULL FROM flags`);
        const again: typeof want = [];
        for (const x of flagged) {
          const d = (await readExportDetail(mixed, x.id))!;
          for (const f of d.flags) for (const e of f.evidence) again.push({ export_id: x.id, code: f.code, source_id: e.sourceId, record: e.record, event_type: e.eventType || null });
        }
        expect(norm(again)).toEqual(norm(want));
      } finally {
        mixed.close();
      }
    } finally {
      db.close();
    }
  });

  it('the result carries the counts of exports.json, not the exports', () => {
    expect('exports' in result).toBe(false);
    expect(result.exportCounts.total).toBe(all.length);
    expect(result.exportCounts.suspicious).toBe(all.filter((x) => x.suspicious).length);
    expect(result.exportCounts.inScope).toBe(all.filter((x) => x.inScope).length);
    expect(result.exportCounts.byChannel).toEqual(countBy(all.map((x) => x.channel)));
    expect(result.exportCounts.suspicious).toBeGreaterThan(0);
    expect(all.length).toBeGreaterThan(500);
  });

  it('pages through every export in time order, each row as exports.json has it', async () => {
    const rows = await everyPage({});
    expect(rows.map((r) => r.id)).toEqual([...all].sort(byStart).map((x) => x.id));
    const json = new Map(all.map((x) => [x.id, x]));
    for (const r of rows) {
      const x = json.get(r.id)!;
      const { evidence, files, jobId, jobStatus, deletedAt, ...listed } = x;
      expect({ ...r, evidenceCount: undefined }).toEqual({ ...listed, evidenceCount: undefined });
      expect(r.evidenceCount).toBe(evidence.length);
      void files; void jobId; void jobStatus; void deletedAt;
    }
  });

  it('filters to the suspicious, sorts by rows (largest first) and counts facets as JavaScript does over exports.json', async () => {
    const want = all.filter((x) => x.suspicious).sort((a, b) => (b.rows ?? -1) - (a.rows ?? -1) || (a.id < b.id ? 1 : -1));
    const rows = await everyPage({ filter: { suspicious: true }, sort: { column: 'rows', direction: 'desc' } });
    expect(rows.map((r) => r.rows)).toEqual(want.map((x) => x.rows));
    expect(rows.map((r) => r.id)).toEqual(want.map((x) => x.id));
    const p = await page({ filter: { suspicious: true }, limit: 1 });
    expect(p.total).toBe(want.length);
    expect(Object.fromEntries(p.facets.channel.map((f) => [f.value, f.count]))).toEqual(countBy(want.map((x) => x.channel)));
    expect(Object.fromEntries(p.facets.flag.map((f) => [f.value, f.count]))).toEqual(countBy(want.flatMap((x) => x.reasons.map((r) => r.code))));
    expect(Object.fromEntries(p.facets.object.map((f) => [f.value, f.count]))).toEqual(countBy(want.flatMap((x) => (x.object === null ? [] : [x.object]))));
  });

  it('filters by flag code, channel, IP, user, in scope, time and search words', async () => {
    const code = all.flatMap((x) => x.reasons.map((r) => r.code))[0]!;
    const attacker = all.filter((x) => x.suspicious).sort(byStart).at(-1)!;
    const cases: [Record<string, unknown>, (x: ExportOut) => boolean][] = [
      [{ flags: [code] }, (x) => x.reasons.some((r) => r.code === code)],
      [{ channels: ['bulk_api_2', 'rest_query'] }, (x) => x.channel === 'bulk_api_2' || x.channel === 'rest_query'],
      [{ ips: [attacker.sourceIp] }, (x) => x.sourceIp === attacker.sourceIp],
      [{ users: [attacker.user.username] }, (x) => x.user.username?.toLowerCase() === attacker.user.username?.toLowerCase()],
      [{ inScope: true }, (x) => x.inScope],
      [{ inScope: false, suspicious: false }, (x) => !x.inScope && !x.suspicious],
      [{ from: attacker.start }, (x) => x.start >= attacker.start],
      [{ search: attacker.id.toLowerCase() }, (x) => x.id === attacker.id],
    ];
    for (const [filter, keep] of cases) {
      const want = all.filter(keep).sort(byStart).map((x) => x.id);
      expect(want.length, JSON.stringify(filter)).toBeGreaterThan(0);
      expect((await everyPage({ filter })).map((r) => r.id), JSON.stringify(filter)).toEqual(want);
    }
    const none = await page({ filter: { search: 'no export says this' } });
    expect(none).toMatchObject({ total: 0, rows: [], note: null });
  });

  it('opens the attacker’s last export with its events, flags with their evidence, and files', async () => {
    const attacker = all.filter((x) => x.suspicious).sort(byStart).at(-1)!;
    const d = await call<ExportDetailResponse>('exports.detail', { caseDir: result.caseDir, exportId: attacker.id });
    expect(d.evidence).toEqual(attacker.evidence.slice(0, 1000));
    expect(d.evidenceCount).toBe(attacker.evidence.length);
    expect(d.flags.map((f) => ({ code: f.code, message: f.message }))).toEqual(attacker.reasons);
    for (const f of d.flags) for (const e of f.evidence) expect(e.file && e.sha256 && e.record > 0).toBeTruthy();
    expect(d.flags.some((f) => f.evidence.length > 0)).toBe(true);
    expect(d.files).toEqual(attacker.files);
    expect({ jobId: d.jobId, jobStatus: d.jobStatus, deletedAt: d.deletedAt }).toEqual({ jobId: attacker.jobId, jobStatus: attacker.jobStatus, deletedAt: attacker.deletedAt });
    const missing = await dispatch(handlers, 'exports.detail', { caseDir: result.caseDir, exportId: 'X-000000000000' });
    expect(missing).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it('investigate --json prints the counts and where exports.json is, never the exports', async () => {
    const out = mkdtempSync(path.join(os.tmpdir(), 'ls-pages-cli-'));
    const { stdout } = await promisify(execFile)(process.execPath, [cli, 'investigate', demo, '--out', out, '--case', result.caseDir, '--json'], { maxBuffer: 64 * 1024 * 1024 });
    const printed = JSON.parse(stdout) as Record<string, unknown>;
    expect(printed.exports).toBeUndefined();
    expect(printed.inScopeExportIds).toBeUndefined();
    expect(printed.exportsFile).toBe(path.join(out, 'exports.json'));
    // Nor every source: their counts, and manifest.json lists each one.
    expect(printed.sources).toBeUndefined();
    const inputs = (JSON.parse(readFileSync(path.join(out, 'manifest.json'), 'utf8')) as { inputs: { rows: number }[] }).inputs;
    expect(printed.inputsFile).toBe(path.join(out, 'manifest.json'));
    expect(printed.sourceCounts).toMatchObject({ files: inputs.length, rows: inputs.reduce((n, i) => n + i.rows, 0) });
    const written = (JSON.parse(readFileSync(path.join(out, 'exports.json'), 'utf8')) as { exports: ExportOut[] }).exports;
    expect(printed.exportCounts).toEqual({
      total: written.length,
      suspicious: written.filter((x) => x.suspicious).length,
      inScope: written.filter((x) => x.inScope).length,
      byChannel: countBy(written.map((x) => x.channel)),
    });
  }, 300_000);
});
