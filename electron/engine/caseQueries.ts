/** Read-only questions asked of a finished case: pages of affected records, the raw row behind an event. */
import type { RecordsPage, SourceLine } from '../../shared/contract.js';
import type { AffectedRecord, Confidence } from '../../shared/domain.js';
import { REC } from './intake/internalColumns.js';
import { readRawRecord } from './intake/rawRecord.js';
import { withCaseDb } from './queries/openCase.js';
import { ident, sql, type SqlFragment } from './store/sql.js';
import { toId18 } from '../../shared/ids.js';

/** One page of affected person records, optionally for one jurisdiction code. */
export async function readAffectedPage(dbPath: string, jurisdiction: string | null, offset: number, limit: number, search = ''): Promise<RecordsPage | null> {
  return withCaseDb(dbPath, async (db) => {
    const where = sql`is_person${jurisdiction === null ? sql`` : sql` AND jurisdiction = ${jurisdiction}`}${search.trim() ? sql` AND ${personMatches(search)}` : sql``}`;
    const total = await db.one<{ n: number }>(sql`SELECT count(*)::BIGINT AS n FROM affected WHERE ${where}`);
    // A case investigated before jurisdictions could be assigned by hand has no such table.
    const assigned = await db.one(sql`SELECT 1 FROM information_schema.tables WHERE table_name = 'jurisdiction_assignments'`);
    const joined = assigned
      ? sql`SELECT a.*, j.assigned_by, j.reason AS assigned_reason, j.assigned_at, j.previous AS assigned_previous FROM (SELECT * FROM affected WHERE ${where}) a
          LEFT JOIN jurisdiction_assignments j ON j.object = a.object AND j.id = a.id AND j.org_id IS NOT DISTINCT FROM a.org_id`
      : sql`SELECT * FROM affected WHERE ${where}`;
    const rows = await db.all<Record<string, string | boolean | null>>(sql`${joined} ORDER BY jurisdiction, object, id LIMIT ${limit} OFFSET ${offset}`);
    return { total: total?.n ?? 0, offset, records: rows.map(toRecord) };
  });
}

/**
 * "Was this person affected?": a record id (15 or 18 characters, matched as 18), or words each found in the name or
 * email (case-insensitive; an email matches whole or in part).
 */
function personMatches(search: string): SqlFragment {
  const text = search.trim();
  const id18 = toId18(text);
  if (id18 !== null) return sql`id = ${id18}`;
  const words = text.toLowerCase().split(/\s+/).filter(Boolean).slice(0, 8);
  return words.map((w) => sql`(contains(lower(coalesce(name, '')), ${w}) OR contains(lower(coalesce(email, '')), ${w}))`).reduce((a, b) => sql`${a} AND ${b}`);
}

/** The parsed original columns of one source record, with the file's hash. */
export async function readSourceLine(dbPath: string, sourceId: number, record: number): Promise<SourceLine | null> {
  return withCaseDb(dbPath, async (db) => {
    const src = await db.one<{ path: string; sha256: string; table_name: string | null }>(sql`SELECT path, sha256, table_name FROM sources WHERE id = ${sourceId}`);
    if (!src?.table_name) return null;
    const row = await db.one<Record<string, unknown>>(sql`SELECT * EXCLUDE (${ident(REC)}) FROM ${ident(src.table_name)} WHERE ${ident(REC)} = ${record}`);
    if (!row) return null;
    const values = Object.fromEntries(Object.entries(row).map(([k, v]) => [k, v === null || v === undefined ? null : String(v)]));
    const raw = src.path.toLowerCase().endsWith('.csv') ? await readRawRecord(src.path, record).catch(() => null) : null;
    return { sourceId, file: src.path, sha256: src.sha256, record, line: raw?.line ?? null, raw: raw?.text ?? null, values };
  });
}

function toRecord(r: Record<string, string | boolean | null>): AffectedRecord {
  const s = (k: string): string | null => (r[k] === null || r[k] === undefined ? null : String(r[k]));
  return {
    object: s('object') ?? '',
    id: s('id') ?? '',
    isPerson: r['is_person'] === true,
    name: s('name'),
    email: s('email'),
    address: { street: s('street'), city: s('city'), state: s('state'), postalCode: s('postal_code'), country: s('country'), stateCode: null, countryCode: null },
    jurisdiction: { code: s('jurisdiction') ?? 'ZZ', confidence: (s('jurisdiction_confidence') ?? 'none') as AffectedRecord['jurisdiction']['confidence'], basis: s('jurisdiction_basis') ?? '' },
    confidence: (s('confidence') ?? 'possible') as Confidence,
    exposedFields: (s('exposed_fields') ?? '').split(';').filter(Boolean),
    exportIds: (s('export_ids') ?? '').split(';').filter(Boolean),
    orgId: s('org_id'),
    assignment: s('assigned_by') === null ? null : { by: s('assigned_by') ?? '', reason: s('assigned_reason') ?? '', at: s('assigned_at') ?? '', previous: s('assigned_previous') },
  };
}
