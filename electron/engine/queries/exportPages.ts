/**
 * The app's view of a finished case's exports: one sorted, filtered page with its total and facet counts, and one
 * export in full. Everything is sorted, filtered and counted in DuckDB over `exports`, `flags`, `in_scope_exports`
 * and `ip_intel`; JavaScript holds one page (at most EXPORT_PAGE_MAX rows) at a time.
 */
import type { ExportDetailResponse, ExportListRow, ExportPageFilter, ExportSortColumn, ExportsPage, FacetCount } from '../../../shared/contract.js';
import type { SuspicionCode } from '../../../shared/domain.js';
import { exportFields, fileRef, type ExportColumns, type FileColumns } from '../analysis/exportReader.js';
import { allOf, anyOf } from '../analysis/scope.js';
import { exportFacetCountsSql, flagFacetSql } from '../analysis/screenSummaries.js';
import { exportFilterCondition } from '../exportQueries.js';
import type { CaseDb } from '../store/duck.js';
import { sql, type SqlFragment } from '../store/sql.js';

/** The SQL expression behind each sort column (the contract's closed list; nothing else can reach ORDER BY). */
const SORT_EXPRESSIONS: Record<ExportSortColumn, SqlFragment> = {
  start: sql`x.start_ts`,
  end: sql`x.end_ts`,
  rows: sql`x.rows`,
  channel: sql`x.channel`,
  object: sql`lower(x.object)`,
  integration: sql`lower(coalesce(x.app_name, x.app_id))`,
  user: sql`lower(coalesce(x.username, x.user_id))`,
  sourceIp: sql`x.client_ip`,
  flags: sql`(SELECT count(*) FROM flags f WHERE f.export_id = x.export_id)`,
  id: sql`x.export_id`,
};

/** The evidence rows the detail lists at most (the count is always the whole). */
export const DETAIL_EVIDENCE_MAX = 1000;
const FACET_MAX = 50;

/** Which optional tables the case holds (a case from an older version may lack some). */
interface CaseTables {
  exports: boolean;
  inScope: boolean;
  ipIntel: boolean;
  /** The unfiltered facet counts, written at the end of the run (analysis/screenSummaries.ts). */
  facets: boolean;
}

async function caseTables(db: CaseDb): Promise<CaseTables> {
  const rows = await db.all<{ table_name: string }>(sql`SELECT table_name FROM information_schema.tables WHERE table_name IN ('exports', 'in_scope_exports', 'ip_intel', 'export_facets')`);
  const has = new Set(rows.map((r) => r.table_name));
  return { exports: has.has('exports'), inScope: has.has('in_scope_exports'), ipIntel: has.has('ip_intel'), facets: has.has('export_facets') };
}

/** The condition on `x` (a row of `exports`) for the app's filter. */
export function exportPageCondition(f: ExportPageFilter, tables: { inScope: boolean }): SqlFragment {
  const parts: SqlFragment[] = [
    exportFilterCondition({
      orgs: f.orgs, integrations: f.integrations, users: f.users, objects: f.objects, channels: f.channels, flags: f.flags,
      from: f.from, to: f.to, suspicious: f.suspicious === true, limit: 0, offset: 0,
    }),
  ];
  if (f.ips.length) parts.push(anyOf(f.ips.map((ip) => sql`x.client_ip = ${ip}`)));
  if (f.suspicious === false) parts.push(sql`NOT EXISTS (SELECT 1 FROM flags fl WHERE fl.export_id = x.export_id)`);
  if (f.inScope !== null) {
    const member = tables.inScope ? sql`EXISTS (SELECT 1 FROM in_scope_exports s WHERE s.export_id = x.export_id)` : sql`false`;
    parts.push(f.inScope ? member : sql`NOT ${member}`);
  }
  const needle = f.search.trim().toLowerCase();
  if (needle) {
    parts.push(sql`strpos(lower(concat_ws(' ', x.export_id, x.object, x.query, x.app_name, x.app_id, x.username, x.user_id, x.client_ip, x.user_agent, x.org_name, x.org_id, x.job_id)), ${needle}) > 0`);
  }
  return allOf(parts);
}

interface ListRaw extends ExportColumns {
  n_evidence: number; in_scope: boolean;
  ip_country: string | null; ip_asn: number | null; ip_org: string | null; ip_network: string | null; has_ip_info: boolean;
}

/**
 * The listed rows for the exports `chosen` yields (every column of `exports` and `pos`), in `pos` order. `chosen` reads the
 * rows itself (a top-N over `exports`, or one id): joining a page of ids back to `exports` read every column of every
 * export (0.9 s at 4.6 million), where DuckDB's top-N fetches the other columns of the page's rows only.
 */
async function readListRows(db: CaseDb, tables: CaseTables, chosen: SqlFragment): Promise<ListRaw[]> {
  const inScope = tables.inScope ? sql`EXISTS (SELECT 1 FROM in_scope_exports s WHERE s.export_id = x.export_id)` : sql`false`;
  const ip = tables.ipIntel
    ? sql`LEFT JOIN ip_intel i ON i.ip = x.client_ip`
    : sql`LEFT JOIN (SELECT NULL::VARCHAR AS ip, NULL::VARCHAR AS country, NULL::BIGINT AS asn, NULL::VARCHAR AS as_org, NULL::VARCHAR AS network) i ON false`;
  return db.all<ListRaw & Record<string, unknown>>(sql`
    WITH chosen AS MATERIALIZED (${chosen}),
    fl AS (SELECT f.export_id, list({code: f.code, message: f.message} ORDER BY f.code) AS reasons
      FROM flags f JOIN chosen c ON c.export_id = f.export_id GROUP BY f.export_id),
    ev AS (SELECT ee.export_id, count(*)::BIGINT AS n FROM export_events ee JOIN chosen c ON c.export_id = ee.export_id GROUP BY ee.export_id)
    SELECT x.* EXCLUDE (pos), fl.reasons, coalesce(ev.n, 0)::BIGINT AS n_evidence, ${inScope} AS in_scope,
      i.country AS ip_country, i.asn::BIGINT AS ip_asn, i.as_org AS ip_org, i.network AS ip_network, x.client_ip IS NOT NULL AS has_ip_info
    FROM chosen x
    LEFT JOIN fl ON fl.export_id = x.export_id LEFT JOIN ev ON ev.export_id = x.export_id ${ip}
    ORDER BY x.pos`);
}

/**
 * One page of the exports `where` keeps, in the sort, in two steps: the page's row ids by the sort key alone (a top-N
 * over two columns), then those rows whole (DuckDB fetches the other columns of the rows the row-id filter keeps only).
 * One top-N over every column of the filtered exports cost twice as much at 4.6 million. Both steps read one snapshot
 * (a transaction), so the row ids are those of the rows the first step chose.
 */
async function readPage(db: CaseDb, tables: CaseTables, where: SqlFragment, key: SqlFragment, dir: SqlFragment, offset: number, limit: number): Promise<ListRaw[]> {
  return db.transaction(async () => {
    const picked = await db.all<{ rid: bigint | number }>(sql`
      SELECT x.rowid AS rid FROM exports x WHERE ${where} ORDER BY ${key} ${dir} NULLS LAST, x.export_id ${dir} LIMIT ${limit}::BIGINT OFFSET ${offset}::BIGINT`);
    if (!picked.length) return [];
    const ids = picked.map((r) => Number(r.rid));
    // The ids as one parameter: the filter on the row id is pushed into the scan of `exports` (a join to them is not).
    const list = sql`string_split(${ids.join(',')}, ',')::BIGINT[]`;
    return readListRows(db, tables, sql`SELECT x.*, list_position(${list}, x.rowid) AS pos FROM exports x
      WHERE x.rowid BETWEEN ${Math.min(...ids)} AND ${Math.max(...ids)} AND list_contains(${list}, x.rowid)`);
  });
}

/** A facet row as the screen shows it: the label only where it says more than the value. */
function toFacetCount(r: { value: string | null; label: string | null; n: number | bigint }): FacetCount {
  return { value: r.value!, label: r.label !== null && r.label !== r.value ? r.label : null, count: Number(r.n) };
}

/** Whether the filter keeps every export (the screen's first call): its facets and total are then the whole case's. */
export function keepsEverything(f: ExportPageFilter): boolean {
  return !f.orgs.length && !f.integrations.length && !f.users.length && !f.objects.length && !f.channels.length && !f.ips.length && !f.flags.length
    && f.suspicious === null && f.inScope === null && f.from === null && f.to === null && f.search.trim() === '';
}

/** One facet of the whole case from `export_facets`, the largest FACET_MAX first. */
async function storedFacet(db: CaseDb, name: 'channel' | 'flag' | 'object' | 'integration'): Promise<FacetCount[]> {
  const rows = await db.all<{ value: string; label: string | null; n: number }>(sql`
    SELECT value, label, n FROM export_facets WHERE facet = ${name} ORDER BY n DESC, value LIMIT ${FACET_MAX}`);
  return rows.map(toFacetCount);
}

/**
 * The total and the facets of the exports `where` keeps: channel, object and integration in one scan (GROUPING SETS;
 * as four statements each read every export again, 0.3–1.5 s apiece at 4.6 million), flag codes from the flags.
 * Each facet's largest FACET_MAX first, as `export_facets` is read.
 */
async function filteredFacets(db: CaseDb, where: SqlFragment): Promise<{ total: number } & ExportsPage['facets']> {
  const rows = await db.all<{ facet: string; value: string | null; label: string | null; n: number }>(sql`
    SELECT * FROM (${exportFacetCountsSql(where)} UNION ALL ${flagFacetSql(where)})
    QUALIFY facet = 'total' OR row_number() OVER (PARTITION BY facet ORDER BY n DESC, value) <= ${FACET_MAX}
    ORDER BY facet, n DESC, value`);
  const of = (name: string): FacetCount[] => rows.filter((r) => r.facet === name).map(toFacetCount);
  return { total: Number(rows.find((r) => r.facet === 'total')?.n ?? 0), channel: of('channel'), flag: of('flag'), object: of('object'), integration: of('integration') };
}

/** One page of the case's exports under the filter and sort, with the total and the facets of the filter. */
export async function readExportsPage(
  db: CaseDb,
  req: { filter: ExportPageFilter; sort: { column: ExportSortColumn; direction: 'asc' | 'desc' }; offset: number; limit: number },
): Promise<ExportsPage> {
  const tables = await caseTables(db);
  const empty = { channel: [], flag: [], object: [], integration: [] };
  if (!tables.exports) return { total: 0, offset: req.offset, rows: [], facets: empty, note: 'This case has no exports table: run the investigation on it first.' };
  const where = exportPageCondition(req.filter, tables);
  const dir = req.sort.direction === 'desc' ? sql`DESC` : sql`ASC`;
  const key = SORT_EXPRESSIONS[req.sort.column];
  // Unfiltered (the screen's first call), the facets are the whole case's, counted once at the end of the run.
  const whole = tables.facets && keepsEverything(req.filter);
  const all = await db.one<{ n: number }>(sql`SELECT count(*)::BIGINT AS n FROM exports`);
  const rows = await readPage(db, tables, where, key, dir, req.offset, req.limit);
  const { total, ...facets } = whole
    ? { total: Number(all?.n ?? 0), channel: await storedFacet(db, 'channel'), flag: await storedFacet(db, 'flag'), object: await storedFacet(db, 'object'), integration: await storedFacet(db, 'integration') }
    : await filteredFacets(db, where);
  const note = (all?.n ?? 0) === 0 ? 'The reconstruction found no export in this case\'s evidence (see the warnings and the coverage).' : null;
  return { total, offset: req.offset, rows: rows.map(toListRow), facets, note };
}

/** One export with its events (and their sources), each flag with the evidence rows behind it, and its files; null when absent. */
export async function readExportDetail(db: CaseDb, exportId: string): Promise<ExportDetailResponse | null> {
  const tables = await caseTables(db);
  if (!tables.exports) return null;
  const [raw] = await readListRows(db, tables, sql`SELECT *, 1 AS pos FROM exports WHERE export_id = ${exportId}`);
  if (!raw) return null;
  const evidence = await db.all<{ source_id: number; file: string | null; sha256: string | null; record: number; event_type: string; role: string }>(sql`
    SELECT (ee.event_id >> 32)::INTEGER AS source_id, s.name AS file, s.sha256, (ee.event_id & 4294967295)::BIGINT AS record, ee.event_type, ee.role
    FROM export_events ee LEFT JOIN sources s ON s.id = (ee.event_id >> 32)
    WHERE ee.export_id = ${exportId} ORDER BY ee.event_id LIMIT ${DETAIL_EVIDENCE_MAX}`);
  const flags = await readFlagEvidence(db, exportId);
  const files = await db.all<FileColumns & Record<string, unknown>>(sql`
    SELECT document_id, version_id, title, file_type, size_bytes::DOUBLE AS size_bytes, named_from FROM files WHERE export_id = ${exportId} ORDER BY event_id`);
  const ref = (e: { source_id: number; file: string | null; sha256: string | null; record: number; event_type: string | null }) =>
    ({ sourceId: e.source_id, file: e.file ?? '', sha256: e.sha256 ?? '', record: Number(e.record), eventType: e.event_type ?? '' });
  return {
    ...toListRow(raw),
    jobId: raw.job_id,
    jobStatus: raw.job_status,
    deletedAt: raw.deleted_at,
    evidence: evidence.map((e) => ({ ...ref(e), role: e.role })),
    flags: flags.map((f) => ({ code: f.code as SuspicionCode, message: f.message, evidence: (f.evidence ?? []).map(ref) })),
    files: files.map(fileRef),
  };
}

type EvidenceRow = { source_id: number; file: string | null; sha256: string | null; record: number; event_type: string | null };

/**
 * Each flag of the export with the evidence rows behind it (source, file, SHA-256, record, event type). The type of an
 * evidence row is its source's when the source holds one type (`source_spans`, recorded by intake); only rows of a
 * source of several types are looked up in `events`, by their source ids (so DuckDB reads those sources' rows only):
 * joining the flags' event ids to the `events` view read every event of the case (7 CPU-s at 10 million).
 */
async function readFlagEvidence(db: CaseDb, exportId: string): Promise<{ code: string; message: string; evidence: EvidenceRow[] | null }[]> {
  const rows = await db.all<{ fid: number; code: string; message: string; id: bigint | number | null; source_id: number; file: string | null; sha256: string | null; record: number; event_type: string | null }>(sql`
    WITH e AS (SELECT f.rowid AS fid, unnest(f.evidence_event_ids) AS id FROM flags f WHERE f.export_id = ${exportId}),
    st AS (SELECT source_id, CASE WHEN count(DISTINCT event_type) = 1 THEN any_value(event_type) END AS t FROM source_spans
      WHERE source_id IN (SELECT DISTINCT (id >> 32)::INTEGER FROM e) GROUP BY source_id)
    SELECT f.rowid AS fid, f.code, f.message, e.id, (e.id >> 32)::INTEGER AS source_id, s.name AS file, s.sha256, (e.id & 4294967295)::BIGINT AS record, st.t AS event_type
    FROM flags f LEFT JOIN e ON e.fid = f.rowid
      LEFT JOIN sources s ON s.id = (e.id >> 32) LEFT JOIN st ON st.source_id = (e.id >> 32)
    WHERE f.export_id = ${exportId} ORDER BY f.code, f.rowid, e.id`);
  const mixed = [...new Set(rows.filter((r) => r.id !== null && r.event_type === null).map((r) => Number(r.source_id)))];
  const types = new Map<string, string | null>();
  if (mixed.length) {
    const ids = rows.filter((r) => r.id !== null && r.event_type === null).map((r) => String(r.id)).join(',');
    const sources = mixed.slice(1).reduce((acc, id) => sql`${acc}, ${id}`, sql`${mixed[0]!}`);
    const found = await db.all<{ event_id: bigint | number; event_type: string | null }>(sql`
      SELECT event_id, event_type FROM events WHERE source_id IN (${sources}) AND list_contains(string_split(${ids}, ',')::BIGINT[], event_id)`);
    for (const r of found) types.set(String(r.event_id), r.event_type);
  }
  const byFlag = new Map<string, { code: string; message: string; evidence: EvidenceRow[] | null }>();
  for (const r of rows) {
    const key = String(r.fid);
    const flag = byFlag.get(key) ?? { code: r.code, message: r.message, evidence: null };
    if (r.id !== null) {
      (flag.evidence ??= []).push({ source_id: r.source_id, file: r.file, sha256: r.sha256, record: r.record, event_type: r.event_type ?? types.get(String(r.id)) ?? null });
    }
    byFlag.set(key, flag);
  }
  return [...byFlag.values()];
}

function toListRow(r: ListRaw): ExportListRow {
  return {
    ...exportFields(r),
    sourceIpInfo: r.has_ip_info ? { country: r.ip_country, asn: r.ip_asn === null ? null : Number(r.ip_asn), org: r.ip_org, network: r.ip_network } : null,
    inScope: r.in_scope,
    evidenceCount: Number(r.n_evidence),
  };
}
