/**
 * What a change of scope would do, shown before it is applied: which exports come into scope and
 * which leave it, and — from the records the last run found exposed — how many affected people
 * and records stay, per confidence tier and per jurisdiction. Exports that come in have not been
 * replayed yet, so the people they expose are counted only when the change is applied; the preview
 * says so rather than guessing. Computed in SQL over `exports`, `in_scope_exports`, `exposures`
 * and `affected` (nothing but the figures and a sample of exports comes back).
 */
import type { InvestigationScope } from '../../../shared/domain.js';
import type { ScopeExportBrief, ScopePreview } from '../../../shared/workbench.js';
import { scopeCondition } from '../analysis/scope.js';
import type { CaseDb } from '../store/duck.js';
import { sql } from '../store/sql.js';

/** Exports listed by name in each direction (the counts are always whole). */
export const SCOPE_PREVIEW_SAMPLE = 20;

const TIER_RANK = sql`CASE tier WHEN 'confirmed' THEN 3 WHEN 'replayed' THEN 2 ELSE 1 END`;

/** The effect of `proposed` on the case; null when the case has no reconstructed exports yet. */
export async function previewScope(db: CaseDb, proposed: InvestigationScope): Promise<ScopePreview | null> {
  const tables = new Set((await db.all<{ t: string }>(sql`SELECT table_name AS t FROM information_schema.tables WHERE table_name IN ('exports', 'flags', 'in_scope_exports', 'exposures', 'affected')`)).map((r) => r.t));
  if (!tables.has('exports') || !tables.has('flags')) return null;
  const scoped = tables.has('in_scope_exports') && tables.has('exposures') && tables.has('affected');
  await db.run(sql`CREATE OR REPLACE TEMP TABLE scope_preview_proposed AS SELECT x.export_id FROM exports x WHERE ${scopeCondition(proposed)}`);
  try {
    const current = scoped ? sql`SELECT export_id FROM in_scope_exports` : sql`SELECT NULL::VARCHAR AS export_id WHERE false`;
    await db.run(sql`CREATE OR REPLACE TEMP TABLE scope_preview_delta AS
      SELECT export_id, 'added' AS way FROM (SELECT export_id FROM scope_preview_proposed EXCEPT ${current})
      UNION ALL SELECT export_id, 'removed' FROM (${current} EXCEPT SELECT export_id FROM scope_preview_proposed)`);
    const counts = await db.one<{ proposed: number; current: number; added: number; removed: number; added_rows: number; removed_rows: number; added_suspicious: number }>(sql`
      SELECT (SELECT count(*) FROM scope_preview_proposed)::BIGINT AS proposed, (SELECT count(*) FROM (${current}))::BIGINT AS current,
        count(*) FILTER (WHERE d.way = 'added')::BIGINT AS added, count(*) FILTER (WHERE d.way = 'removed')::BIGINT AS removed,
        coalesce(sum(x.rows) FILTER (WHERE d.way = 'added'), 0)::BIGINT AS added_rows,
        coalesce(sum(x.rows) FILTER (WHERE d.way = 'removed'), 0)::BIGINT AS removed_rows,
        count(*) FILTER (WHERE d.way = 'added' AND EXISTS (SELECT 1 FROM flags f WHERE f.export_id = d.export_id))::BIGINT AS added_suspicious
      FROM scope_preview_delta d JOIN exports x ON x.export_id = d.export_id`);
    const sample = async (way: 'added' | 'removed'): Promise<ScopeExportBrief[]> => {
      const rows = await db.all<{ id: string; start: string | null; channel: string; object: string | null; rows: number | null; who: string | null; suspicious: boolean }>(sql`
        SELECT x.export_id AS id, strftime(x.start_ts, '%Y-%m-%dT%H:%M:%S.%gZ') AS start, x.channel, x.object, x.rows,
          coalesce(x.app_name, x.app_id, x.username, x.user_id) AS who,
          EXISTS (SELECT 1 FROM flags f WHERE f.export_id = x.export_id) AS suspicious
        FROM scope_preview_delta d JOIN exports x ON x.export_id = d.export_id WHERE d.way = ${way}
        ORDER BY x.start_ts, x.export_id LIMIT ${SCOPE_PREVIEW_SAMPLE}`);
      return rows.map((r) => ({ id: r.id, start: r.start, channel: r.channel, object: r.object, rows: r.rows === null ? null : Number(r.rows), who: r.who, suspicious: r.suspicious }));
    };
    const people = scoped ? await peopleEffect(db) : null;
    return {
      exports: { current: Number(counts?.current ?? 0), proposed: Number(counts?.proposed ?? 0) },
      added: { count: Number(counts?.added ?? 0), rows: Number(counts?.added_rows ?? 0), suspicious: Number(counts?.added_suspicious ?? 0), sample: await sample('added') },
      removed: { count: Number(counts?.removed ?? 0), rows: Number(counts?.removed_rows ?? 0), sample: await sample('removed') },
      people,
    };
  } finally {
    await db.run(sql`DROP TABLE IF EXISTS scope_preview_delta`);
    await db.run(sql`DROP TABLE IF EXISTS scope_preview_proposed`);
  }
}

/** Of the records the last run found, those still exposed by an export of the proposed scope, at their tier under it. */
async function peopleEffect(db: CaseDb): Promise<NonNullable<ScopePreview['people']>> {
  await db.run(sql`CREATE OR REPLACE TEMP TABLE scope_preview_kept AS
    SELECT e.org_id, e.object, e.record_id, max(${TIER_RANK}) AS rank
    FROM exposures e WHERE e.export_id IN (SELECT export_id FROM scope_preview_proposed) GROUP BY ALL`);
  try {
    const join = sql`affected a LEFT JOIN scope_preview_kept k ON k.org_id IS NOT DISTINCT FROM a.org_id AND k.object = a.object AND k.record_id = a.id`;
    const t = await db.one<Record<string, number>>(sql`
      SELECT count(*) FILTER (WHERE a.is_person)::BIGINT AS people_before, count(k.rank) FILTER (WHERE a.is_person)::BIGINT AS people_after,
        count(*)::BIGINT AS records_before, count(k.rank)::BIGINT AS records_after,
        count(*) FILTER (WHERE a.is_person AND a.confidence = 'confirmed')::BIGINT AS confirmed_before,
        count(*) FILTER (WHERE a.is_person AND a.confidence = 'replayed')::BIGINT AS replayed_before,
        count(*) FILTER (WHERE a.is_person AND a.confidence = 'possible')::BIGINT AS possible_before,
        count(*) FILTER (WHERE a.is_person AND k.rank = 3)::BIGINT AS confirmed_after,
        count(*) FILTER (WHERE a.is_person AND k.rank = 2)::BIGINT AS replayed_after,
        count(*) FILTER (WHERE a.is_person AND k.rank = 1)::BIGINT AS possible_after
      FROM ${join}`);
    const jurisdictions = await db.all<{ code: string; before: number; after: number }>(sql`
      SELECT a.jurisdiction AS code, count(*)::BIGINT AS before, count(k.rank)::BIGINT AS after
      FROM ${join} WHERE a.is_person GROUP BY 1 HAVING count(*) <> count(k.rank) ORDER BY count(*) - count(k.rank) DESC, 1 LIMIT 50`);
    const tier = (k: 'confirmed' | 'replayed' | 'possible') => ({ before: Number(t?.[`${k}_before`] ?? 0), after: Number(t?.[`${k}_after`] ?? 0) });
    const byTier = { confirmed: tier('confirmed'), replayed: tier('replayed'), possible: tier('possible') };
    return {
      before: Number(t?.people_before ?? 0), kept: Number(t?.people_after ?? 0),
      recordsBefore: Number(t?.records_before ?? 0), recordsKept: Number(t?.records_after ?? 0),
      byTier, jurisdictions: jurisdictions.map((j) => ({ code: j.code, before: Number(j.before), after: Number(j.after) })),
    };
  } finally {
    await db.run(sql`DROP TABLE IF EXISTS scope_preview_kept`);
  }
}
