/** The notification duties of a case's last run, read from the `duties` table for the app's duties screen. */
import type { DutyRow } from '../../../shared/contract.js';
import type { CaseDb } from '../store/duck.js';
import { sql } from '../store/sql.js';

/** Every duty (a case holds at most a few hundred), the earliest due first, duties without a fixed date after them. */
export async function readDuties(db: CaseDb): Promise<{ duties: DutyRow[] } | null> {
  if (!(await db.one(sql`SELECT 1 FROM information_schema.tables WHERE table_name = 'duties'`))) return null;
  const rows = await db.all<Record<string, unknown>>(sql`
    SELECT jurisdiction, recipient, step, law, authority, required, why, people, people_sure, threshold, categories_exposed, triggers_met,
      strftime(due, '%Y-%m-%dT%H:%M:%SZ') AS due, due_reason, citation, verification, filing_url, filing_note
    FROM duties ORDER BY due NULLS LAST, CASE required WHEN 'yes' THEN 0 WHEN 'assess' THEN 1 ELSE 2 END, jurisdiction, recipient, step`);
  const s = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));
  const n = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
  return {
    duties: rows.map((r) => ({
      jurisdiction: s(r['jurisdiction']) ?? '', recipient: s(r['recipient']) ?? '', step: s(r['step']), law: s(r['law']), authority: s(r['authority']),
      required: (s(r['required']) ?? 'assess') as DutyRow['required'], why: s(r['why']) ?? '', people: n(r['people']) ?? 0, peopleSure: n(r['people_sure']),
      threshold: n(r['threshold']), categoriesExposed: s(r['categories_exposed']), triggersMet: s(r['triggers_met']), due: s(r['due']), dueReason: s(r['due_reason']),
      citation: s(r['citation']), verification: s(r['verification']), filingUrl: s(r['filing_url']), filingNote: s(r['filing_note']),
    })),
  };
}
