/**
 * The case over time for the timeline screen: rows exported per time bucket by integration (the
 * busiest few, the rest as "other"), with markers for what an investigator looks for — flags such as
 * new networks, reconnaissance, deletions, access after containment, canaries — and the containment
 * actions. Buckets are sized so a window holds at most a few hundred; zooming asks again with a
 * narrower window. All aggregation is in DuckDB; the answer is a few hundred rows.
 */
import type { TimelineMarker, TimelineResponse } from '../../../shared/contract.js';
import type { CaseDb } from '../store/duck.js';
import { raw, sql } from '../store/sql.js';

const BUCKETS: { label: string; ms: number; interval: string }[] = [
  { label: '1 minute', ms: 60_000, interval: '1 minute' },
  { label: '5 minutes', ms: 300_000, interval: '5 minutes' },
  { label: '15 minutes', ms: 900_000, interval: '15 minutes' },
  { label: '1 hour', ms: 3_600_000, interval: '1 hour' },
  { label: '6 hours', ms: 21_600_000, interval: '6 hours' },
  { label: '1 day', ms: 86_400_000, interval: '1 day' },
  { label: '1 week', ms: 604_800_000, interval: '7 days' },
];
const MAX_BUCKETS = 400;
const SERIES = 6;
const MAX_MARKERS = 500;

const MARKER_KIND: Record<string, TimelineMarker['kind']> = {
  new_network: 'new_network', ioc_ip: 'indicator', ioc_user_agent: 'indicator', scripting_user_agent: 'indicator',
  recon_count_queries: 'recon', enumeration: 'recon', bulk_job_deleted: 'deletion', access_after_containment: 'after_containment',
  canary_record: 'canary', volume_above_baseline: 'volume',
};

/** The timeline of the case's exports in [from, to] (default: their whole span); null when the case has no exports table. */
export async function readTimeline(db: CaseDb, window: { from?: string | null; to?: string | null }): Promise<TimelineResponse | null> {
  if (!(await db.one(sql`SELECT 1 FROM information_schema.tables WHERE table_name = 'exports'`))) return null;
  const span = await db.one<{ lo: string | null; hi: string | null }>(sql`
    SELECT strftime(min(start_ts), '%Y-%m-%dT%H:%M:%S.%gZ') AS lo, strftime(max(start_ts), '%Y-%m-%dT%H:%M:%S.%gZ') AS hi FROM exports WHERE start_ts >= TIMESTAMP '1990-01-01'`);
  const from = window.from ?? span?.lo ?? null;
  const to = window.to ?? span?.hi ?? null;
  if (from === null || to === null) return { from: null, to: null, bucket: null, bucketMs: null, series: [], buckets: [], markers: [], markersTotal: 0 };
  const width = Math.max(1, Date.parse(to) - Date.parse(from));
  const bucket = BUCKETS.find((b) => width / b.ms <= MAX_BUCKETS) ?? BUCKETS[BUCKETS.length - 1]!;
  const inWindow = sql`x.start_ts BETWEEN CAST(${from} AS TIMESTAMPTZ)::TIMESTAMP AND CAST(${to} AS TIMESTAMPTZ)::TIMESTAMP`;
  const who = sql`coalesce(x.app_name, x.app_id, x.username, x.user_id, 'unattributed')`;
  const top = (await db.all<{ who: string }>(sql`
    SELECT ${who} AS who FROM exports x WHERE ${inWindow} GROUP BY 1 ORDER BY sum(coalesce(x.rows, 0)) DESC, count(*) DESC, 1 LIMIT ${SERIES}`)).map((r) => r.who);
  const rows = await db.all<{ t: string; who: string; exports: number; rows: number; suspicious: number }>(sql`
    WITH b AS (
      SELECT time_bucket(INTERVAL ${raw(`'${bucket.interval}'`)}, x.start_ts, CAST(${from} AS TIMESTAMPTZ)::TIMESTAMP) AS t,
        CASE WHEN list_contains(string_split(${top.join('\u001f')}, chr(31)), ${who}) THEN ${who} ELSE 'other' END AS who,
        coalesce(x.rows, 0) AS r, f.export_id IS NOT NULL AS s
      -- The flagged ids joined (not EXISTS per export, which buffered every export of the window: 6 CPU-s at 4.6 million).
      FROM exports x LEFT JOIN (SELECT DISTINCT export_id FROM flags) f ON f.export_id = x.export_id WHERE ${inWindow}
    )
    SELECT strftime(t, '%Y-%m-%dT%H:%M:%SZ') AS t, who, count(*)::BIGINT AS exports, sum(r)::BIGINT AS rows, count(*) FILTER (WHERE s)::BIGINT AS suspicious
    FROM b GROUP BY ALL ORDER BY 1, 2`);
  const byT = new Map<string, TimelineResponse['buckets'][number]>();
  for (const r of rows) {
    const entry = byT.get(r.t) ?? { t: r.t, rows: {}, exports: 0, suspicious: 0 };
    entry.rows[r.who] = (entry.rows[r.who] ?? 0) + Number(r.rows);
    entry.exports += Number(r.exports);
    entry.suspicious += Number(r.suspicious);
    byT.set(r.t, entry);
  }
  const series = [...top, ...(rows.some((r) => r.who === 'other') ? ['other'] : [])];
  const { markers, total } = await readMarkers(db, from, to);
  return { from, to, bucket: bucket.label, bucketMs: bucket.ms, series, buckets: [...byT.values()], markers, markersTotal: total };
}

async function readMarkers(db: CaseDb, from: string, to: string): Promise<{ markers: TimelineMarker[]; total: number }> {
  const codes = Object.keys(MARKER_KIND);
  const flagged = sql`
    SELECT strftime(x.start_ts, '%Y-%m-%dT%H:%M:%S.%gZ') AS t, f.code AS code, f.message AS label, x.export_id AS export_id
    FROM flags f JOIN exports x ON x.export_id = f.export_id
    WHERE list_contains(string_split(${codes.join(',')}, ','), f.code)
      AND x.start_ts BETWEEN CAST(${from} AS TIMESTAMPTZ)::TIMESTAMP AND CAST(${to} AS TIMESTAMPTZ)::TIMESTAMP`;
  const hasContainment = await db.one(sql`SELECT 1 FROM information_schema.tables WHERE table_name = 'containment_actions'`);
  const contained = hasContainment
    ? sql` UNION ALL SELECT strftime("at", '%Y-%m-%dT%H:%M:%S.%gZ'), 'containment:' || kind, coalesce(detail, kind) || coalesce(' (' || coalesce(app_name, app_id) || ')', ''), NULL
           FROM containment_actions WHERE "at" BETWEEN CAST(${from} AS TIMESTAMPTZ)::TIMESTAMP AND CAST(${to} AS TIMESTAMPTZ)::TIMESTAMP`
    : sql``;
  const all = sql`SELECT * FROM (${flagged}${contained}) m(t, code, label, export_id)`;
  const total = Number((await db.one<{ n: number }>(sql`SELECT count(*)::BIGINT AS n FROM (${all})`))?.n ?? 0);
  // Containment first (few, each matters), then flags in time order, bounded.
  const rows = await db.all<{ t: string; code: string; label: string; export_id: string | null }>(sql`
    SELECT * FROM (${all}) ORDER BY (code LIKE 'containment:%') DESC, t, code, export_id LIMIT ${MAX_MARKERS}`);
  const markers = rows
    .map((r) => ({ t: r.t, kind: r.code.startsWith('containment:') ? ('containment' as const) : (MARKER_KIND[r.code] ?? 'indicator'), code: r.code, label: r.label, exportId: r.export_id }))
    .sort((a, b) => (a.t < b.t ? -1 : a.t > b.t ? 1 : 0));
  return { markers, total };
}
