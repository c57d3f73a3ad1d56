/**
 * Where and under which calendar the logged query ran: the querying user's time zone (User
 * TimeZoneSidKey, else the Organization's) and the Organization's fiscal year, read from the
 * User and Organization snapshots when the evidence holds them.
 */
import type { LogicalExport } from '../../../shared/domain.js';
import type { Condition, SoqlQuery } from '../../../shared/soql/ast.js';
import { isKnownTimeZone } from '../../../shared/soql/timeZone.js';
import type { CaseDb } from '../store/duck.js';
import { ident, sql } from '../store/sql.js';
import { resolveColumn, type ReplayEnv, type SnapshotInfo } from './replayTypes.js';

interface OrgCalendar {
  timeZone: string | null;
  fiscalStartMonth: number | null;
  namedByStart: boolean;
}

const orgCache = new WeakMap<ReadonlyMap<string, SnapshotInfo>, OrgCalendar>();

/** The replay settings of one export, with notes saying which of them had to be assumed. */
export async function querySettings(
  db: CaseDb,
  snapshots: ReadonlyMap<string, SnapshotInfo>,
  x: LogicalExport,
  query: SoqlQuery,
): Promise<{ env: Pick<ReplayEnv, 'timeZone' | 'fiscalStartMonth' | 'fiscalYearNamedByStart'>; notes: string[] }> {
  const notes: string[] = [];
  let org = orgCache.get(snapshots);
  if (!org) {
    org = await orgCalendar(db, snapshots.get('organization'));
    orgCache.set(snapshots, org);
  }
  const userZone = x.user.id ? await userTimeZone(db, snapshots.get('user'), x.user.id) : null;
  const zone = [userZone, org.timeZone].find((z): z is string => z !== null && isKnownTimeZone(z)) ?? null;
  const calendar = usesCalendar(query);
  if (calendar && zone === null) notes.push("date literals evaluated in UTC: the querying user's time zone is not in the evidence (User/Organization TimeZoneSidKey)");
  if (calendar && zone !== null && zone !== userZone) notes.push(`date literals evaluated in the Organization's time zone ${zone}: the user's own is not in the evidence`);
  if (usesFiscal(query) && org.fiscalStartMonth === null) notes.push('fiscal literals evaluated with a fiscal year starting in January: Organization.FiscalYearStartMonth is not in the evidence');
  return { env: { timeZone: zone ?? 'UTC', fiscalStartMonth: org.fiscalStartMonth ?? 1, fiscalYearNamedByStart: org.namedByStart }, notes };
}

async function orgCalendar(db: CaseDb, snap: SnapshotInfo | undefined): Promise<OrgCalendar> {
  const none: OrgCalendar = { timeZone: null, fiscalStartMonth: null, namedByStart: false };
  if (!snap) return none;
  const col = (name: string): string | null => resolveColumn(name, snap.columns);
  const [tz, fy, byStart] = [col('TimeZoneSidKey'), col('FiscalYearStartMonth'), col('UsesStartDateAsFiscalYearName')];
  const pick = (c: string | null, as: string) => (c ? sql`${ident(c)} AS ${ident(as)}` : sql`NULL AS ${ident(as)}`);
  const row = await db.one<{ tz: string | null; fy: string | null; bs: string | null }>(
    sql`SELECT ${pick(tz, 'tz')}, ${pick(fy, 'fy')}, ${pick(byStart, 'bs')} FROM ${ident(snap.table)} LIMIT 1`,
  );
  const month = Number(row?.fy);
  return {
    timeZone: row?.tz?.trim() || null,
    fiscalStartMonth: Number.isInteger(month) && month >= 1 && month <= 12 ? month : null,
    namedByStart: /^(true|1)$/i.test(row?.bs?.trim() ?? ''),
  };
}

async function userTimeZone(db: CaseDb, snap: SnapshotInfo | undefined, userId: string): Promise<string | null> {
  const id = snap ? resolveColumn('Id', snap.columns) : null;
  const tz = snap ? resolveColumn('TimeZoneSidKey', snap.columns) : null;
  if (!snap || !id || !tz) return null;
  const row = await db.one<{ tz: string | null }>(
    sql`SELECT ${ident(tz)} AS tz FROM ${ident(snap.table)} WHERE substr(trim(${ident(id)}), 1, 15) = ${userId.slice(0, 15)} LIMIT 1`,
  );
  return row?.tz?.trim() || null;
}

function conditions(q: SoqlQuery): Condition[] {
  const out: Condition[] = [];
  const walk = (c: Condition | null): void => {
    if (!c) return;
    out.push(c);
    if (c.kind === 'and' || c.kind === 'or') c.items.forEach(walk);
    else if (c.kind === 'not') walk(c.item);
    else if (c.kind === 'semijoin') out.push(...conditions(c.query));
  };
  walk(q.where);
  for (const s of q.select) if (s.kind === 'subquery') out.push(...conditions(s.query));
  return out;
}

function literalNames(q: SoqlQuery): string[] {
  return conditions(q).flatMap((c) => {
    const values = c.kind === 'compare' ? [c.value] : c.kind === 'in' ? c.values : [];
    return values.flatMap((v) => (v.kind === 'dateLiteral' ? [v.name] : []));
  });
}

function usesCalendar(q: SoqlQuery): boolean {
  return literalNames(q).length > 0 || conditions(q).some((c) => (c.kind === 'compare' || c.kind === 'in') && c.expr?.args[0]?.kind === 'call');
}

function usesFiscal(q: SoqlQuery): boolean {
  return literalNames(q).some((n) => n.includes('FISCAL')) || conditions(q).some((c) => (c.kind === 'compare' || c.kind === 'in') && !!c.expr?.fn.startsWith('FISCAL'));
}
