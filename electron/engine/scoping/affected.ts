/**
 * The affected summary, counted by DuckDB from the `affected` table (affectedTable.ts): people per jurisdiction,
 * confidence and org, other records per object; and the per-jurisdiction list with each law's regulator and deadline.
 */
import type { AffectedSummary, Confidence, JurisdictionCount } from '../../../shared/domain.js';
import { describeJurisdiction } from '../../../shared/jurisdiction/rules.js';
import type { JurisdictionData } from '../jurisdiction/loadTables.js';
import type { CaseDb } from '../store/duck.js';
import { raw, sql, type SqlFragment } from '../store/sql.js';

/**
 * The statements behind every figure of `summary` in affected.json, by the figure's name: lineage.json quotes this very
 * text beside each figure, so re-running it against the case gives the figure. Code constants, never data.
 */
export const SUMMARY_STATEMENTS = {
  'summary.records': 'SELECT count(*)::BIGINT AS n FROM affected WHERE is_person',
  'summary.byJurisdiction': 'SELECT jurisdiction AS k, count(*)::BIGINT AS n FROM affected WHERE is_person GROUP BY 1 ORDER BY 1',
  'summary.byConfidence': 'SELECT confidence AS k, count(*)::BIGINT AS n FROM affected WHERE is_person GROUP BY 1 ORDER BY 1',
  'summary.otherObjects': 'SELECT object AS k, count(*)::BIGINT AS n FROM affected WHERE NOT is_person GROUP BY 1 ORDER BY 1',
  'summary.byOrg': "SELECT coalesce(org_id, 'unknown') AS k, count(*)::BIGINT AS n FROM affected WHERE is_person GROUP BY 1 ORDER BY 1",
} as const;

/** One of the summary statements as a query (the text is code, so it passes as `raw`). */
export function summaryStatement(figure: keyof typeof SUMMARY_STATEMENTS): SqlFragment {
  return sql`${raw(SUMMARY_STATEMENTS[figure])}`;
}

/** Counts people per jurisdiction, confidence and org, and other records per object, by GROUP BY over `affected`. */
export async function summariseAffected(db: CaseDb): Promise<AffectedSummary> {
  const counts = async (q: SqlFragment): Promise<Record<string, number>> =>
    Object.fromEntries((await db.all<{ k: string; n: number | bigint }>(q)).map((r) => [r.k, Number(r.n)]));
  const byConfidence: Record<Confidence, number> = { confirmed: 0, replayed: 0, possible: 0 };
  const tiers = await counts(summaryStatement('summary.byConfidence'));
  for (const [k, n] of Object.entries(tiers)) if (k in byConfidence) byConfidence[k as Confidence] = n;
  const people = await db.one<{ n: number | bigint }>(summaryStatement('summary.records'));
  return {
    records: Number(people?.n ?? 0),
    byJurisdiction: await counts(summaryStatement('summary.byJurisdiction')),
    byConfidence,
    otherObjects: await counts(summaryStatement('summary.otherObjects')),
    byOrg: await counts(summaryStatement('summary.byOrg')),
  };
}

/** The per-jurisdiction list with each law's regulator, deadline and verification status. */
export function jurisdictionCounts(summary: AffectedSummary, geo: JurisdictionData): JurisdictionCount[] {
  return Object.entries(summary.byJurisdiction)
    .map(([code, records]) => {
      const d = describeJurisdiction(code, geo.rules, geo.tables);
      return { code, name: d.name, records, regulator: d.regulator, deadline: d.deadline, verification: d.verification };
    })
    .sort((a, b) => b.records - a.records || a.code.localeCompare(b.code));
}
