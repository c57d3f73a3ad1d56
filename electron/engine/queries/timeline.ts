/**
 * The case over time for the timeline screen: rows exported per time bucket by integration (the
 * busiest few, the rest as "other"), with markers for what an investigator looks for — flags such as
 * new networks, reconnaissance, deletions, access after containment, canaries — and the containment
 * actions. Buckets are sized so a window holds at most a few hundred, and aligned on the clock (whole
 * minutes, hours, UTC midnight, Mondays); zooming asks again with a narrower window. All aggregation is
 * in DuckDB; the answer is a few hundred rows.
 *
 * Buckets of an hour or more are read from the rollup written at the end of the analysis
 * (analysis/timelineRollup.ts): the window's whole hours from `timeline_hourly`, its partial first and
 * last hour from `exports`, so the counts are those of the window exactly. Narrower buckets, and a case
 * written before the rollup existed, read `exports` alone; the answer is the same either way.
 */
import type { TimelineMarker, TimelineResponse } from '../../../shared/contract.js';
import { markCodes, TIMELINE_MARK_CODES, TIMELINE_WHO } from '../analysis/timelineRollup.js';
import type { CaseDb } from '../store/duck.js';
import { raw, sql, type SqlFragment } from '../store/sql.js';

const HOUR_MS = 3_600_000;
const BUCKETS: { label: string; ms: number; interval: string }[] = [
  { label: '1 minute', ms: 60_000, interval: '1 minute' },
  { label: '5 minutes', ms: 300_000, interval: '5 minutes' },
  { label: '15 minutes', ms: 900_000, interval: '15 minutes' },
  { label: '1 hour', ms: HOUR_MS, interval: '1 hour' },
  { label: '6 hours', ms: 21_600_000, interval: '6 hours' },
  { label: '1 day', ms: 86_400_000, interval: '1 day' },
  { label: '1 week', ms: 604_800_000, interval: '7 days' },
];
/** The buckets' origin: a Monday, UTC midnight (DuckDB's own default), so every bucket size above starts on the clock. */
const ORIGIN = sql`TIMESTAMP '2000-01-03 00:00:00'`;
const MAX_BUCKETS = 400;
const SERIES = 6;
const MAX_MARKERS = 500;

const MARKER_KIND: Record<(typeof TIMELINE_MARK_CODES)[number], TimelineMarker['kind']> = {
  new_network: 'new_network', ioc_ip: 'indicator', ioc_user_agent: 'indicator', scripting_user_agent: 'indicator',
  recon_count_queries: 'recon', enumeration: 'recon', bulk_job_deleted: 'deletion', access_after_containment: 'after_containment',
  canary_record: 'canary', volume_above_baseline: 'volume',
};

const TABLES = ['exports', 'timeline_hourly', 'timeline_marks', 'containment_actions'];

/**
 * The timeline of the case's exports in [from, to] (default: their whole span); null when the case has no exports
 * table. `rollup: false` reads `exports` alone even when the rollup is there (the tests compare both).
 */
export async function readTimeline(db: CaseDb, window: { from?: string | null; to?: string | null }, options: { rollup?: boolean } = {}): Promise<TimelineResponse | null> {
  const present = new Set((await db.all<{ name: string }>(sql`
    SELECT table_name AS name FROM information_schema.tables WHERE list_contains(string_split(${TABLES.join(',')}, ','), table_name)`)).map((r) => r.name));
  if (!present.has('exports')) return null;
  const rollup = options.rollup !== false && present.has('timeline_hourly') && present.has('timeline_marks');
  const from = window.from ?? null;
  const to = window.to ?? null;
  const span = from !== null && to !== null ? null : await readSpan(db, rollup);
  const lo = from ?? span?.lo ?? null;
  const hi = to ?? span?.hi ?? null;
  if (lo === null || hi === null) return { from: null, to: null, bucket: null, bucketMs: null, series: [], buckets: [], markers: [], markersTotal: 0 };
  const width = Math.max(1, Date.parse(hi) - Date.parse(lo));
  const bucket = BUCKETS.find((b) => width / b.ms <= MAX_BUCKETS) ?? BUCKETS[BUCKETS.length - 1]!;
  const rows = windowRows(lo, hi, rollup && bucket.ms >= HOUR_MS);
  const top = (await db.all<{ who: string }>(sql`
    SELECT who FROM (${rows.plain}) GROUP BY 1 ORDER BY sum(r) DESC, sum(n) DESC, 1 LIMIT ${SERIES}`)).map((r) => r.who);
  const counted = await db.all<{ t: string; who: string; exports: number; rows: number; suspicious: number }>(sql`
    SELECT strftime(time_bucket(INTERVAL ${raw(`'${bucket.interval}'`)}, ts, ${ORIGIN}), '%Y-%m-%dT%H:%M:%SZ') AS t,
      CASE WHEN list_contains(string_split(${top.join('\u001f')}, chr(31)), who) THEN who ELSE 'other' END AS who,
      sum(n)::BIGINT AS exports, sum(r)::BIGINT AS rows, sum(s)::BIGINT AS suspicious
    FROM (${rows.flagged}) GROUP BY ALL ORDER BY 1, 2`);
  const byT = new Map<string, TimelineResponse['buckets'][number]>();
  for (const r of counted) {
    const entry = byT.get(r.t) ?? { t: r.t, rows: {}, exports: 0, suspicious: 0 };
    entry.rows[r.who] = (entry.rows[r.who] ?? 0) + Number(r.rows);
    entry.exports += Number(r.exports);
    entry.suspicious += Number(r.suspicious);
    byT.set(r.t, entry);
  }
  const series = [...top, ...(counted.some((r) => r.who === 'other') ? ['other'] : [])];
  const { markers, total } = await readMarkers(db, lo, hi, { marks: rollup, containment: present.has('containment_actions') });
  return { from: lo, to: hi, bucket: bucket.label, bucketMs: bucket.ms, series, buckets: [...byT.values()], markers, markersTotal: total };
}

const ISO_MS = "'%Y-%m-%dT%H:%M:%S.%gZ'";

/** The first and last export start (from 1990 on: a missing time read as the epoch is no start). */
async function readSpan(db: CaseDb, rollup: boolean): Promise<{ lo: string | null; hi: string | null } | null> {
  return rollup
    // Every export of an hour is on the same side of 1990-01-01 (an hour's start), so the hours' own first and last are the exports'.
    ? db.one(sql`SELECT strftime(min(first_ts), ${raw(ISO_MS)}) AS lo, strftime(max(last_ts), ${raw(ISO_MS)}) AS hi FROM timeline_hourly WHERE hour >= TIMESTAMP '1990-01-01'`)
    : db.one(sql`SELECT strftime(min(start_ts), ${raw(ISO_MS)}) AS lo, strftime(max(start_ts), ${raw(ISO_MS)}) AS hi FROM exports WHERE start_ts >= TIMESTAMP '1990-01-01'`);
}

/**
 * The exports started in [from, to] as rows (ts, who, n exports, r rows, s flagged), `flagged` with s and `plain`
 * without it. From the rollup: one row per whole hour of the window and integration, and one per export of the
 * window's partial first and last hour; else one row per export of the window.
 */
function windowRows(from: string, to: string, hourly: boolean): { plain: SqlFragment; flagged: SqlFragment } {
  const lo = sql`CAST(${from} AS TIMESTAMPTZ)::TIMESTAMP`;
  const hi = sql`CAST(${to} AS TIMESTAMPTZ)::TIMESTAMP`;
  // The whole hours [firstHour, lastHour): every one starts at or after `from` and ends at or before `to`.
  const firstHour = sql`date_trunc('hour', ${lo} + INTERVAL 1 HOUR - INTERVAL 1 MICROSECOND)`;
  const lastHour = sql`date_trunc('hour', ${hi})`;
  const inWindow = sql`x.start_ts BETWEEN ${lo} AND ${hi}`;
  const edges = hourly ? sql`${inWindow} AND NOT (x.start_ts >= ${firstHour} AND x.start_ts < ${lastHour})` : inWindow;
  const hours = (columns: SqlFragment): SqlFragment => hourly
    ? sql` UNION ALL SELECT ${columns} FROM timeline_hourly WHERE hour >= ${firstHour} AND hour < ${lastHour}`
    : sql``;
  return {
    plain: sql`SELECT x.start_ts AS ts, ${TIMELINE_WHO} AS who, 1 AS n, coalesce(x.rows, 0) AS r FROM exports x WHERE ${edges}${hours(sql`hour, who, exports, rows`)}`,
    // The flagged ids joined (not EXISTS per export, which buffered every export of the window: 6 CPU-s at 4.6 million).
    flagged: sql`SELECT x.start_ts AS ts, ${TIMELINE_WHO} AS who, 1 AS n, coalesce(x.rows, 0) AS r, (f.export_id IS NOT NULL)::INTEGER AS s
      FROM exports x LEFT JOIN (SELECT DISTINCT export_id FROM flags) f ON f.export_id = x.export_id WHERE ${edges}${hours(sql`hour, who, exports, rows, suspicious`)}`,
  };
}

async function readMarkers(db: CaseDb, from: string, to: string, has: { marks: boolean; containment: boolean }): Promise<{ markers: TimelineMarker[]; total: number }> {
  const lo = sql`CAST(${from} AS TIMESTAMPTZ)::TIMESTAMP`;
  const hi = sql`CAST(${to} AS TIMESTAMPTZ)::TIMESTAMP`;
  // The rollup's marks are these rows already joined; without it, from the flags' side (only flagged exports are looked up).
  const flagged = has.marks
    ? sql`SELECT strftime(start_ts, ${raw(ISO_MS)}) AS t, code, label, export_id FROM timeline_marks WHERE start_ts BETWEEN ${lo} AND ${hi}`
    : sql`
    SELECT strftime(x.start_ts, ${raw(ISO_MS)}) AS t, f.code AS code, f.message AS label, f.export_id AS export_id
    FROM (SELECT export_id, code, message FROM flags WHERE list_contains(${markCodes()}, code)) f JOIN exports x ON x.export_id = f.export_id
    WHERE x.start_ts BETWEEN ${lo} AND ${hi}`;
  const contained = has.containment
    ? sql` UNION ALL SELECT strftime("at", ${raw(ISO_MS)}), 'containment:' || kind, coalesce(detail, kind) || coalesce(' (' || coalesce(app_name, app_id) || ')', ''), NULL
           FROM containment_actions WHERE "at" BETWEEN ${lo} AND ${hi}`
    : sql``;
  const all = sql`SELECT * FROM (${flagged}${contained}) m(t, code, label, export_id)`;
  const total = Number((await db.one<{ n: number }>(sql`SELECT count(*)::BIGINT AS n FROM (${all})`))?.n ?? 0);
  // Containment first (few, each matters), then flags in time order, bounded.
  const rows = await db.all<{ t: string; code: string; label: string; export_id: string | null }>(sql`
    SELECT * FROM (${all}) ORDER BY (code LIKE 'containment:%') DESC, t, code, export_id, label LIMIT ${MAX_MARKERS}`);
  const markers = rows
    .map((r) => ({ t: r.t, kind: r.code.startsWith('containment:') ? ('containment' as const) : (MARKER_KIND[r.code as keyof typeof MARKER_KIND] ?? 'indicator'), code: r.code, label: r.label, exportId: r.export_id }))
    .sort((a, b) => (a.t < b.t ? -1 : a.t > b.t ? 1 : 0));
  return { markers, total };
}
