/**
 * Which exports the investigation is about, as SQL over `exports` and `flags`. Without scope
 * flags: every export flagged suspicious. With flags: exactly the exports of the named
 * integrations and/or users (values within a flag are alternatives; different flags must all
 * hold), within the time range. Then the investigator's own choice: exports left out by hand
 * (`excludeExportIds`) are out whatever the rules say, exports taken in by hand (`exportIds`) are
 * in whatever the rules say. The answer is the table `in_scope_exports`.
 */
import type { InvestigationScope } from '../../../shared/domain.js';
import { toId18 } from '../../../shared/ids.js';
import type { CaseDb } from '../store/duck.js';
import { sql, type SqlFragment } from '../store/sql.js';

/** A condition on `x` (a row of `exports`) that holds for the exports in scope. */
export function scopeCondition(scope: InvestigationScope): SqlFragment {
  const ruled = ruleCondition(scope);
  const excluded = scope.excludeExportIds ?? [];
  const included = scope.exportIds ?? [];
  const kept = excluded.length ? sql`(${ruled} AND x.export_id NOT IN ${idSet(excluded)})` : ruled;
  return included.length ? sql`(${kept} OR x.export_id IN ${idSet(included)})` : kept;
}

/** A set of export ids as one parameter (ids never hold a comma: the contract checks their form). */
export function idSet(ids: readonly string[]): SqlFragment {
  return sql`(SELECT unnest(string_split(${ids.map((i) => i.trim()).join(',')}, ',')))`;
}

/** The rules' part of the scope: the named integrations and users (or every suspicious export), within the time range. */
export function ruleCondition(scope: InvestigationScope): SqlFragment {
  const parts: SqlFragment[] = [];
  if (scope.from) parts.push(sql`x.start_ts >= CAST(${scope.from} AS TIMESTAMPTZ)::TIMESTAMP`);
  if (scope.to) parts.push(sql`x.start_ts <= CAST(${scope.to} AS TIMESTAMPTZ)::TIMESTAMP`);
  const named = scope.integrations.length > 0 || scope.users.length > 0;
  if (!named) parts.push(sql`EXISTS (SELECT 1 FROM flags f WHERE f.export_id = x.export_id)`);
  if (scope.integrations.length) parts.push(anyOf(scope.integrations.map((w) => idOrName(w, sql`x.app_id`, sql`x.app_name`))));
  if (scope.users.length) parts.push(anyOf(scope.users.map((w) => idOrName(w, sql`x.user_id`, sql`x.username`))));
  return allOf(parts);
}

/** Writes `in_scope_exports` (export_id, in time order) and returns how many exports are in scope (the ids stay in the table). */
export async function selectInScope(db: CaseDb, scope: InvestigationScope): Promise<number> {
  await db.run(sql`CREATE OR REPLACE TABLE in_scope_exports AS
    SELECT x.export_id FROM exports x WHERE ${scopeCondition(scope)} ORDER BY x.start_ts, x.export_id`);
  return Number((await db.one<{ n: number | bigint }>(sql`SELECT count(*)::BIGINT AS n FROM in_scope_exports`))?.n ?? 0);
}

function idOrName(wanted: string, idCol: SqlFragment, nameCol: SqlFragment): SqlFragment {
  const asId = toId18(wanted);
  const byName = sql`lower(${nameCol}) = ${wanted.trim().toLowerCase()}`;
  return asId === null ? byName : sql`(${idCol} = ${asId} OR ${byName})`;
}

/** Fragments joined by OR (false when there are none). */
export function anyOf(parts: readonly SqlFragment[]): SqlFragment {
  if (!parts.length) return sql`false`;
  return sql`(${parts.slice(1).reduce((acc, p) => sql`${acc} OR ${p}`, parts[0]!)})`;
}

/** Fragments joined by AND (true when there are none). */
export function allOf(parts: readonly SqlFragment[]): SqlFragment {
  if (!parts.length) return sql`true`;
  return sql`(${parts.slice(1).reduce((acc, p) => sql`${acc} AND ${p}`, parts[0]!)})`;
}
