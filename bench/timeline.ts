/**
 * `timeline.get` timed on an investigated case (issue #10), one process per measure so the first call is a cold one:
 *   node dist/bench/timeline.js <case.duckdb> write          (re)writes the rollup (the 'timeline rollup' stage) on it
 *   node dist/bench/timeline.js <case.duckdb> read [raw]     times readTimeline: first call, then warm, for a few windows
 * `raw` reads the exports alone (as a case without the rollup does). Prints one JSON line.
 */
import { readTimeline } from '../electron/engine/queries/timeline.js';
import { writeTimelineRollup } from '../electron/engine/analysis/timelineRollup.js';
import { CaseDb } from '../electron/engine/store/duck.js';

const [file, mode, variant] = process.argv.slice(2);
if (!file || (mode !== 'write' && mode !== 'read')) throw new Error('usage: timeline.js <case.duckdb> write|read [raw]');

async function timed<T>(work: () => Promise<T>): Promise<{ value: T; ms: number; cpuSeconds: number }> {
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const value = await work();
  const c = process.cpuUsage(c0);
  return { value, ms: Math.round(performance.now() - t0), cpuSeconds: Number(((c.user + c.system) / 1e6).toFixed(2)) };
}

const db = await CaseDb.open(file, { readOnly: mode === 'read' });
try {
  if (mode === 'write') {
    const { value, ms, cpuSeconds } = await timed(() => writeTimelineRollup(db));
    process.stdout.write(JSON.stringify({ mode, ms, cpuSeconds, ...value }) + '\n');
  } else {
    const options = { rollup: variant !== 'raw' };
    const first = await timed(() => readTimeline(db, {}, options));
    const whole = first.value!;
    const warm: number[] = [];
    for (let i = 0; i < 3; i++) warm.push((await timed(() => readTimeline(db, {}, options))).ms);
    // A zoom as the screen makes it: the middle third (edges off the hour), then one day, then two hours (minute buckets).
    const [a, b] = [Date.parse(whole.from!), Date.parse(whole.to!)];
    const iso = (ms: number): string => new Date(ms).toISOString();
    const windows = {
      third: { from: iso(a + (b - a) / 3 + 1_234), to: iso(a + (2 * (b - a)) / 3 - 4_321) },
      day: { from: iso(a + (b - a) / 2), to: iso(a + (b - a) / 2 + 86_400_000) },
      twoHours: { from: iso(a + (b - a) / 2), to: iso(a + (b - a) / 2 + 7_200_000) },
    };
    const zoom: Record<string, { ms: number; cpuSeconds: number; bucket: string | null; exports: number }> = {};
    for (const [name, w] of Object.entries(windows)) {
      const r = await timed(() => readTimeline(db, w, options));
      zoom[name] = { ms: r.ms, cpuSeconds: r.cpuSeconds, bucket: r.value!.bucket, exports: r.value!.buckets.reduce((n, x) => n + x.exports, 0) };
    }
    process.stdout.write(JSON.stringify({
      mode, variant: variant ?? 'rollup', firstMs: first.ms, firstCpuSeconds: first.cpuSeconds, warmMs: warm, bucket: whole.bucket,
      exports: whole.buckets.reduce((n, x) => n + x.exports, 0), suspicious: whole.buckets.reduce((n, x) => n + x.suspicious, 0), markersTotal: whole.markersTotal, zoom,
    }) + '\n');
  }
} finally {
  db.close();
}
