/**
 * Whom the incident touches and what must be done, for report.pdf: people by confidence tier, jurisdiction and data
 * category, the notification duties with due dates, and the first affected people (a bounded page; every one of them
 * is in affected/<CODE>.csv) — all counted by DuckDB from `affected`, `duties` and `duty_context`.
 */
import type { CaseDb } from '../../store/duck.js';
import { sql } from '../../store/sql.js';

/** How many affected people the appendix lists before pointing to the CSV files. */
export const PEOPLE_ROWS = 100;
/** How many duties the duties table lists (a case has one row per jurisdiction and recipient: tens, rarely hundreds). */
export const DUTY_ROWS = 400;

export type TierFact = { confidence: string; people: number; otherRecords: number }
export type JurisdictionFact = { code: string; people: number; sure: number }
export type CategoryFact = { category: string; people: number }
export type DutyFact = {
  jurisdiction: string; recipient: string; step: string | null; law: string | null; authority: string | null; required: string;
  why: string | null; people: number | null; due: string | null; dueReason: string | null; citation: string | null; verification: string | null;
}
export type PersonRow = { jurisdiction: string | null; name: string | null; email: string | null; object: string; id: string; confidence: string; categories: string | null }
export type DutyContext = { awareAt: string | null; awareAtSource: string | null; asOf: string | null; profileSource: string | null }

export interface ScopeFacts {
  people: number;
  otherRecords: number;
  otherByObject: { object: string; records: number }[];
  tiers: TierFact[];
  jurisdictions: JurisdictionFact[];
  categories: CategoryFact[];
  duties: DutyFact[];
  dutyCount: number;
  context: DutyContext | null;
  firstPeople: PersonRow[];
}

/** Reads the scope and the duties; every list is bounded, every figure counted in SQL. */
export async function readScopeFacts(db: CaseDb, has: (table: string) => boolean): Promise<ScopeFacts> {
  const none: ScopeFacts = { people: 0, otherRecords: 0, otherByObject: [], tiers: [], jurisdictions: [], categories: [], duties: [], dutyCount: 0, context: null, firstPeople: [] };
  const facts = { ...none };
  if (has('affected')) {
    const totals = await db.one<{ people: number; other: number }>(sql`
      SELECT count(*) FILTER (WHERE is_person)::BIGINT AS people, count(*) FILTER (WHERE NOT is_person)::BIGINT AS other FROM affected`);
    facts.people = Number(totals?.people ?? 0);
    facts.otherRecords = Number(totals?.other ?? 0);
    facts.otherByObject = await db.all(sql`SELECT object, count(*)::BIGINT AS records FROM affected WHERE NOT is_person GROUP BY object ORDER BY records DESC, object LIMIT 30`);
    facts.tiers = await db.all<TierFact>(sql`
      SELECT t.confidence, count(a.id) FILTER (WHERE a.is_person)::BIGINT AS people, count(a.id) FILTER (WHERE NOT a.is_person)::BIGINT AS otherRecords
      FROM (VALUES ('confirmed', 1), ('replayed', 2), ('possible', 3)) t(confidence, o) LEFT JOIN affected a ON a.confidence = t.confidence
      GROUP BY t.confidence, t.o ORDER BY t.o`);
    facts.jurisdictions = await db.all<JurisdictionFact>(sql`
      SELECT coalesce(jurisdiction, 'ZZ') AS code, count(*)::BIGINT AS people, count(*) FILTER (WHERE confidence <> 'possible')::BIGINT AS sure
      FROM affected WHERE is_person GROUP BY 1 ORDER BY people DESC, code LIMIT 300`);
    facts.categories = await db.all<CategoryFact>(sql`
      SELECT category, count(*)::BIGINT AS people FROM (SELECT unnest(categories) AS category FROM affected WHERE is_person)
      GROUP BY category ORDER BY people DESC, category`);
    facts.firstPeople = await db.all<PersonRow>(sql`
      SELECT jurisdiction, name, email, object, id, confidence, array_to_string(categories, ', ') AS categories
      FROM affected WHERE is_person ORDER BY jurisdiction NULLS LAST, name NULLS LAST, id LIMIT ${PEOPLE_ROWS}`);
  }
  if (has('duties')) {
    facts.duties = await db.all<DutyFact>(sql`
      SELECT jurisdiction, recipient, step, law, authority, required, why, people, due, due_reason AS dueReason, citation, verification
      FROM duties ORDER BY CASE required WHEN 'yes' THEN 1 WHEN 'assess' THEN 2 ELSE 3 END, due NULLS LAST, jurisdiction, recipient, step NULLS FIRST
      LIMIT ${DUTY_ROWS}`);
    facts.dutyCount = Number((await db.one<{ n: number }>(sql`SELECT count(*)::BIGINT AS n FROM duties`))?.n ?? 0);
  }
  if (has('duty_context')) {
    facts.context = await db.one<DutyContext>(sql`
      SELECT aware_at AS awareAt, aware_at_source AS awareAtSource, as_of AS asOf, profile_source AS profileSource FROM duty_context LIMIT 1`);
  }
  return facts;
}
