/**
 * Pages of the `exports` table as the domain's `LogicalExport` (with its evidence, flags and the
 * fields the table adds), for the outputs, the CLI, scoping and the app. Nothing here reads the
 * whole table at once: callers ask for a page (offset, limit) under a filter built with `sql`.
 */
import type { AttributionBasis, EvidenceRef, ExportChannel, LogicalExport, SuspicionCode } from '../../../shared/domain.js';
import type { CaseDb } from '../store/duck.js';
import { sql, type SqlFragment } from '../store/sql.js';

/** A logical export as the tables hold it: the domain shape plus org, job, deletion and files. */
export interface ExportRow extends LogicalExport {
  org: { id: string | null; name: string | null };
  jobId: string | null;
  jobStatus: string | null;
  deletedAt: string | null;
  files: { documentId: string | null; versionId: string | null; title: string | null; fileType: string | null; sizeBytes: number | null; namedFrom: string }[];
  evidence: (EvidenceRef & { role: string })[];
}

/** The `exports` table's columns as a page query reads them, with the export's flags as `reasons`. */
export interface ExportColumns {
  export_id: string; org_id: string | null; org_name: string | null; channel: string; object: string | null; query: string | null;
  count_only: boolean; start_ts: string; end_ts: string; rows: number | null; user_id: string | null; username: string | null;
  app_id: string | null; app_name: string | null; app_basis: string; session_key: string | null; login_key: string | null;
  client_ip: string | null; user_agent: string | null; job_id: string | null; job_status: string | null; deleted_at: string | null;
  request_ids: string[] | null; reasons: { code: string; message: string }[] | null;
}

/** A `files` row as page queries read it. */
export interface FileColumns { document_id: string | null; version_id: string | null; title: string | null; file_type: string | null; size_bytes: number | null; named_from: string }

interface Raw extends ExportColumns {
  evidence: { source_id: number; file: string | null; sha256: string | null; record: number; event_type: string; role: string }[] | null;
  files: FileColumns[] | null;
}

/** One page of exports matching `where` (a condition on `x`, the exports table), in time order. */
export async function readExportPage(db: CaseDb, where: SqlFragment, offset: number, limit: number): Promise<ExportRow[]> {
  const rows = await db.all<Raw & Record<string, unknown>>(sql`
    WITH page AS (SELECT * FROM exports x WHERE ${where} ORDER BY x.start_ts, x.export_id LIMIT ${limit}::BIGINT OFFSET ${offset}::BIGINT),
    ev AS (SELECT ee.export_id, list({source_id: (ee.event_id >> 32)::INTEGER, file: s.path, sha256: s.sha256,
          record: (ee.event_id & 4294967295)::UINTEGER, event_type: ee.event_type, role: ee.role} ORDER BY ee.event_id) AS evidence
        FROM export_events ee JOIN page p ON p.export_id = ee.export_id LEFT JOIN sources s ON s.id = (ee.event_id >> 32)
        GROUP BY ee.export_id),
    fl AS (SELECT f.export_id, list({code: f.code, message: f.message} ORDER BY f.code) AS reasons
        FROM flags f JOIN page p ON p.export_id = f.export_id GROUP BY f.export_id),
    fi AS (SELECT f.export_id, list({document_id: f.document_id, version_id: f.version_id, title: f.title, file_type: f.file_type,
          size_bytes: f.size_bytes::DOUBLE, named_from: f.named_from} ORDER BY f.event_id) AS files
        FROM files f JOIN page p ON p.export_id = f.export_id GROUP BY f.export_id)
    SELECT p.*, ev.evidence, fl.reasons, fi.files FROM page p
    LEFT JOIN ev ON ev.export_id = p.export_id LEFT JOIN fl ON fl.export_id = p.export_id LEFT JOIN fi ON fi.export_id = p.export_id
    ORDER BY p.start_ts, p.export_id`);
  return rows.map(toExportRow);
}

/** How many exports match `where`. */
export async function countExports(db: CaseDb, where: SqlFragment): Promise<number> {
  return (await db.one<{ n: number }>(sql`SELECT count(*)::BIGINT AS n FROM exports x WHERE ${where}`))?.n ?? 0;
}

/** Record ids the logs name for these exports (RTEM `Records`), by export id. */
export async function readLoggedRecordIds(db: CaseDb, exportIds: readonly string[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  if (!exportIds.length) return out;
  await db.run(sql`CREATE OR REPLACE TEMP TABLE wanted_exports (export_id VARCHAR)`);
  await db.appendRows('wanted_exports', exportIds.map((id) => [id]));
  const rows = await db.all<{ export_id: string; ids: string[] }>(sql`
    SELECT r.export_id, list(r.record_id ORDER BY r.record_id) AS ids FROM export_records r
    WHERE r.export_id IN (SELECT export_id FROM wanted_exports) GROUP BY r.export_id`);
  await db.run(sql`DROP TABLE wanted_exports`);
  for (const r of rows) out.set(r.export_id, r.ids);
  return out;
}

/** The domain fields every view of an export shares (list rows, pages, details), from the table's columns. */
export function exportFields(r: ExportColumns): Omit<LogicalExport, 'evidence'> & { org: { id: string | null; name: string | null } } {
  const reasons = (r.reasons ?? []).map((x) => ({ code: x.code as SuspicionCode, message: x.message }));
  return {
    id: r.export_id,
    org: { id: r.org_id, name: r.org_name },
    channel: r.channel as ExportChannel,
    integration: { connectedAppId: r.app_id, name: r.app_name, basis: r.app_basis as AttributionBasis },
    user: { id: r.user_id, username: r.username },
    object: r.object,
    query: r.query,
    start: r.start_ts,
    end: r.end_ts,
    rows: r.rows,
    sourceIp: r.client_ip,
    userAgent: r.user_agent,
    sessionKey: r.session_key,
    loginKey: r.login_key,
    requestIds: r.request_ids ?? [],
    suspicious: reasons.length > 0,
    reasons,
    countOnly: r.count_only,
  };
}

/** A downloaded file as the outputs and the app name it. */
export function fileRef(f: FileColumns): ExportRow['files'][number] {
  return { documentId: f.document_id, versionId: f.version_id, title: f.title, fileType: f.file_type, sizeBytes: f.size_bytes, namedFrom: f.named_from };
}

function toExportRow(r: Raw): ExportRow {
  return {
    ...exportFields(r),
    evidence: (r.evidence ?? []).map((e) => ({ sourceId: e.source_id, file: e.file ?? '', sha256: e.sha256 ?? '', record: e.record, eventType: e.event_type, role: e.role })),
    jobId: r.job_id,
    jobStatus: r.job_status,
    deletedAt: r.deleted_at,
    files: (r.files ?? []).map(fileRef),
  };
}
