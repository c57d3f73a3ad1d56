/** `leakscope exports`: a page of a finished case's exports, filtered in SQL over `exports` and `flags`. */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { toId18 } from '../../shared/ids.js';
import { countExports, readExportPage, type ExportRow } from './analysis/exportReader.js';
import { allOf, anyOf } from './analysis/scope.js';
import { CASE_DB } from './caseLayout.js';
import { CaseDb } from './store/duck.js';
import { sql, type SqlFragment } from './store/sql.js';

export interface ExportFilter {
  orgs: string[];
  integrations: string[];
  users: string[];
  objects: string[];
  channels: string[];
  flags: string[];
  from: string | null;
  to: string | null;
  suspicious: boolean;
  limit: number;
  offset: number;
}

/** The SQL condition on `x` (a row of `exports`) for a filter: values of one option are alternatives, options all hold. */
export function exportFilterCondition(f: ExportFilter): SqlFragment {
  const idOrName = (w: string, id: SqlFragment, name: SqlFragment): SqlFragment => {
    const asId = toId18(w);
    const byName = sql`lower(${name}) = ${w.trim().toLowerCase()}`;
    return asId === null ? byName : sql`(${id} = ${asId} OR ${byName})`;
  };
  const parts: SqlFragment[] = [];
  if (f.orgs.length) parts.push(anyOf(f.orgs.map((w) => idOrName(w, sql`x.org_id`, sql`x.org_name`))));
  if (f.integrations.length) parts.push(anyOf(f.integrations.map((w) => idOrName(w, sql`x.app_id`, sql`x.app_name`))));
  if (f.users.length) parts.push(anyOf(f.users.map((w) => idOrName(w, sql`x.user_id`, sql`x.username`))));
  if (f.objects.length) parts.push(anyOf(f.objects.map((o) => sql`lower(x.object) = ${o.trim().toLowerCase()}`)));
  if (f.channels.length) parts.push(anyOf(f.channels.map((c) => sql`x.channel = ${c.trim()}`)));
  if (f.flags.length) parts.push(anyOf(f.flags.map((c) => sql`EXISTS (SELECT 1 FROM flags fl WHERE fl.export_id = x.export_id AND fl.code = ${c.trim()})`)));
  if (f.suspicious) parts.push(sql`EXISTS (SELECT 1 FROM flags fl WHERE fl.export_id = x.export_id)`);
  if (f.from) parts.push(sql`x.start_ts >= CAST(${f.from} AS TIMESTAMPTZ)::TIMESTAMP`);
  if (f.to) parts.push(sql`x.start_ts <= CAST(${f.to} AS TIMESTAMPTZ)::TIMESTAMP`);
  return allOf(parts);
}

/** One page of the exports of a case that match the filter, with the total; null when the case has no exports table. */
export async function listExports(caseDir: string, filter: ExportFilter): Promise<{ total: number; offset: number; exports: ExportRow[] } | null> {
  const file = path.join(path.resolve(caseDir), CASE_DB);
  if (!existsSync(file)) return null;
  const db = await CaseDb.open(file, { readOnly: true });
  try {
    const t = await db.one<{ n: number }>(sql`SELECT count(*)::BIGINT AS n FROM information_schema.tables WHERE table_name = 'exports'`);
    if (!t?.n) return null;
    const where = exportFilterCondition(filter);
    return { total: await countExports(db, where), offset: filter.offset, exports: await readExportPage(db, where, filter.offset, filter.limit) };
  } finally {
    db.close();
  }
}
