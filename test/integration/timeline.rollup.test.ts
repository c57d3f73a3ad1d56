/**
 * `timeline.get` from the rollup (timeline_hourly, timeline_marks) answers exactly as from the exports alone: on the
 * investigated demo case and on a generated 40-day case, for the whole span, narrow windows, windows whose edges are
 * not on the hour and an empty window, the answer equals both the raw path (`rollup: false`) and a timeline computed
 * here in JavaScript from every export and flag (bucket sizes, clock-aligned buckets, top series, markers).
 */
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TimelineResponse } from '../../shared/contract.js';
import { ensureReconDataset } from '../../bench/generateRecon.js';
import { investigate } from '../../electron/engine/investigate.js';
import { readTimeline } from '../../electron/engine/queries/timeline.js';
import { CaseDb } from '../../electron/engine/store/duck.js';
import { sql } from '../../electron/engine/store/sql.js';

const root = path.resolve(__dirname, '../..');
const resourcesDir = path.join(root, 'resources');
let work: string;
const cases: Record<'demo' | 'generated', string> = { demo: '', generated: '' };

async function investigated(evidence: string, out: string): Promise<string> {
  const r = await investigate({
    evidencePaths: [evidence], outDir: out, resourcesDir, tool: { name: 'leakscope-test', version: '0' },
    scope: { integrations: [], users: [], from: null, to: null, awareAt: null },
  });
  if (!r.ok) throw new Error(r.error.message);
  return path.join(r.value.caseDir, 'case.duckdb');
}

beforeAll(async () => {
  work = mkdtempSync(path.join(os.tmpdir(), 'ls-timeline-'));
  cases.demo = await investigated(path.join(resourcesDir, 'demo', 'evidence'), path.join(work, 'demo'));
  const ds = await ensureReconDataset(path.join(work, 'data'), 4_000);
  cases.generated = await investigated(ds.dir, path.join(work, 'generated'));
}, 600_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

// ---- The timeline as the screen describes it, computed here from every export and flag of the case. ----
interface Exp { id: string; us: number; who: string; rows: number; flagged: boolean }
interface Mark { us: number; code: string; label: string; exportId: string | null; containment: boolean }
const KIND: Record<string, string> = {
  new_network: 'new_network', ioc_ip: 'indicator', ioc_user_agent: 'indicator', scripting_user_agent: 'indicator',
  recon_count_queries: 'recon', enumeration: 'recon', bulk_job_deleted: 'deletion', access_after_containment: 'after_containment',
  canary_record: 'canary', volume_above_baseline: 'volume',
};
const SIZES = [60_000, 300_000, 900_000, 3_600_000, 21_600_000, 86_400_000, 604_800_000];
const LABELS = ['1 minute', '5 minutes', '15 minutes', '1 hour', '6 hours', '1 day', '1 week'];
const MONDAY_2000 = Date.UTC(2000, 0, 3);
const isoMs = (us: number): string => new Date(Math.floor(us / 1000)).toISOString();
const cmp = (a: string | number, b: string | number): number => (a < b ? -1 : a > b ? 1 : 0);

async function caseFacts(db: CaseDb): Promise<{ exports: Exp[]; marks: Mark[] }> {
  const exports = (await db.all<{ id: string; us: bigint | number; who: string; rows: bigint | number | null; flagged: boolean }>(sql`
    SELECT export_id AS id, epoch_us(start_ts) AS us, coalesce(app_name, app_id, username, user_id, 'unattributed') AS who, rows,
      export_id IN (SELECT export_id FROM flags) AS flagged FROM exports`))
    .map((r) => ({ id: r.id, us: Number(r.us), who: r.who, rows: Number(r.rows ?? 0), flagged: r.flagged }));
  const at = new Map(exports.map((e) => [e.id, e.us]));
  const flags = await db.all<{ id: string; code: string; message: string }>(sql`SELECT export_id AS id, code, message FROM flags`);
  const marks: Mark[] = flags.filter((f) => KIND[f.code] && at.has(f.id)).map((f) => ({ us: at.get(f.id)!, code: f.code, label: f.message, exportId: f.id, containment: false }));
  const contained = await db.all<{ us: bigint | number; kind: string; detail: string | null; app: string | null }>(sql`
    SELECT epoch_us("at") AS us, kind, detail, coalesce(app_name, app_id) AS app FROM containment_actions`);
  for (const c of contained) marks.push({ us: Number(c.us), code: `containment:${c.kind}`, label: (c.detail ?? c.kind) + (c.app !== null ? ` (${c.app})` : ''), exportId: null, containment: true });
  return { exports, marks };
}

function expected(facts: { exports: Exp[]; marks: Mark[] }, window: { from?: string; to?: string }): TimelineResponse {
  const dated = facts.exports.filter((e) => e.us >= Date.UTC(1990, 0, 1) * 1000);
  const from = window.from ?? (dated.length ? isoMs(Math.min(...dated.map((e) => e.us))) : null);
  const to = window.to ?? (dated.length ? isoMs(Math.max(...dated.map((e) => e.us))) : null);
  if (from === null || to === null) return { from: null, to: null, bucket: null, bucketMs: null, series: [], buckets: [], markers: [], markersTotal: 0 };
  const [lo, hi] = [Date.parse(from) * 1000, Date.parse(to) * 1000];
  const width = Math.max(1, Date.parse(to) - Date.parse(from));
  const i = SIZES.findIndex((ms) => width / ms <= 400);
  const size = SIZES[i < 0 ? SIZES.length - 1 : i]!;
  const inWindow = facts.exports.filter((e) => e.us >= lo && e.us <= hi);
  const byWho = new Map<string, { rows: number; n: number }>();
  for (const e of inWindow) {
    const w = byWho.get(e.who) ?? { rows: 0, n: 0 };
    w.rows += e.rows;
    w.n++;
    byWho.set(e.who, w);
  }
  const top = [...byWho].sort((a, b) => b[1].rows - a[1].rows || b[1].n - a[1].n || cmp(a[0], b[0])).slice(0, 6).map(([who]) => who);
  const buckets = new Map<number, TimelineResponse['buckets'][number]>();
  for (const e of inWindow) {
    const t = MONDAY_2000 + Math.floor((Math.floor(e.us / 1000) - MONDAY_2000) / size) * size;
    const b = buckets.get(t) ?? { t: new Date(t).toISOString().slice(0, 19) + 'Z', rows: {}, exports: 0, suspicious: 0 };
    const series = top.includes(e.who) ? e.who : 'other';
    b.rows[series] = (b.rows[series] ?? 0) + e.rows;
    b.exports++;
    if (e.flagged) b.suspicious++;
    buckets.set(t, b);
  }
  const marks = facts.marks.filter((m) => m.us >= lo && m.us <= hi);
  const shown = [...marks]
    .sort((a, b) => Number(b.containment) - Number(a.containment) || cmp(isoMs(a.us), isoMs(b.us)) || cmp(a.code, b.code) || cmp(a.exportId ?? '', b.exportId ?? '') || cmp(a.label, b.label))
    .slice(0, 500)
    .sort((a, b) => cmp(isoMs(a.us), isoMs(b.us)));
  return {
    from, to, bucket: LABELS[SIZES.indexOf(size)]!, bucketMs: size,
    series: [...top, ...(inWindow.some((e) => !top.includes(e.who)) ? ['other'] : [])],
    buckets: [...buckets].sort((a, b) => a[0] - b[0]).map(([, b]) => b),
    markers: shown.map((m) => ({ t: isoMs(m.us), kind: (m.containment ? 'containment' : KIND[m.code]) as TimelineResponse['markers'][number]['kind'], code: m.code, label: m.label, exportId: m.exportId })),
    markersTotal: marks.length,
  };
}

/** Windows of the case: whole span, edges off the hour (hour to week buckets), narrow (minute buckets), before the case. */
function windows(span: { from: string; to: string }): { name: string; from?: string; to?: string }[] {
  const [a, b] = [Date.parse(span.from), Date.parse(span.to)];
  const iso = (ms: number): string => new Date(ms).toISOString();
  const mid = a + Math.floor((b - a) / 2);
  return [
    { name: 'whole case (no window)' },
    { name: 'whole span, given', from: span.from, to: span.to },
    { name: 'edges off the hour', from: iso(a + 37 * 60_000 + 13_500), to: iso(b - 2 * 3_600_000 - 11 * 60_000 - 7_250) },
    { name: 'from only', from: iso(a + 5 * 3_600_000 + 1) },
    { name: '5 days, off the hour (hourly buckets)', from: iso(mid - 60 * 3_600_000 + 1_234), to: iso(mid + 61 * 3_600_000 + 59 * 60_000 + 999) },
    { name: '17 days, off the hour (6-hour buckets)', from: iso(mid - 203 * 3_600_000 - 17 * 60_000), to: iso(mid + 205 * 3_600_000 + 41 * 60_000) },
    { name: '2 hours (minute buckets)', from: iso(mid - 3_600_000 + 321), to: iso(mid + 3_600_000) },
    { name: 'one day on whole hours', from: iso(Math.floor(mid / 3_600_000) * 3_600_000), to: iso(Math.floor(mid / 3_600_000) * 3_600_000 + 86_400_000) },
    { name: 'half a year around the case (day buckets)', from: iso(a - 70 * 86_400_000 - 5_555), to: iso(b + 70 * 86_400_000 + 7) },
    { name: 'ten years around the case (week buckets)', from: iso(a - 1_800 * 86_400_000 + 13), to: iso(b + 1_800 * 86_400_000) },
    { name: 'empty (before the case)', from: '1995-03-01T10:30:00.000Z', to: '1995-03-20T10:30:00.000Z' },
  ];
}

describe.each(['demo', 'generated'] as const)('timeline.get on the %s case', (which) => {
  it('answers from the rollup exactly as from the exports, and as computed here, for every window', async () => {
    const db = await CaseDb.open(cases[which], { readOnly: true });
    try {
      expect(await db.one(sql`SELECT count(*)::BIGINT AS n FROM timeline_hourly`)).not.toEqual({ n: 0 });
      const facts = await caseFacts(db);
      const whole = (await readTimeline(db, {}))!;
      expect(whole.buckets.length).toBeGreaterThan(0);
      for (const w of windows({ from: whole.from!, to: whole.to! })) {
        const window = { from: w.from ?? null, to: w.to ?? null };
        const viaRollup = await readTimeline(db, window);
        expect(viaRollup, w.name).toEqual(expected(facts, w));
        expect(await readTimeline(db, window, { rollup: false }), w.name).toEqual(viaRollup);
      }
      if (which === 'generated') {
        // The generated case spans 40 days: the whole case is in 6-hour buckets, with flagged exports and marks in them.
        expect(whole.bucket).toBe('6 hours');
        expect(whole.buckets.some((b) => b.suspicious > 0)).toBe(true);
        expect(whole.markersTotal).toBeGreaterThan(0);
      }
    } finally {
      db.close();
    }
  });
});

describe('the rollup is what hour buckets read', () => {
  it('a changed rollup changes the hourly answer, not a narrow window; without it the exports answer alone', async () => {
    const copy = path.join(work, 'copy', 'case.duckdb');
    cpSync(path.dirname(cases.generated), path.dirname(copy), { recursive: true });
    const db = await CaseDb.open(copy);
    try {
      const whole = (await readTimeline(db, {}))!;
      const narrowWindow = { from: whole.from, to: new Date(Date.parse(whole.from!) + 3_600_000).toISOString() };
      const narrow = await readTimeline(db, narrowWindow);
      await db.run(sql`UPDATE timeline_hourly SET exports = exports + 1`);
      const changed = (await readTimeline(db, {}))!;
      expect(changed.buckets.reduce((n, b) => n + b.exports, 0)).toBeGreaterThan(whole.buckets.reduce((n, b) => n + b.exports, 0));
      expect(await readTimeline(db, narrowWindow)).toEqual(narrow);
      await db.run(sql`DROP TABLE timeline_hourly`);
      expect(await readTimeline(db, {})).toEqual(whole);
    } finally {
      db.close();
    }
  });
});
