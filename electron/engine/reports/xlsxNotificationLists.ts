/**
 * notification-lists.xlsx for counsel (docs/OUTPUTS.md): a Summary sheet (the case's anchors, every duty with its
 * counts and due date, people per jurisdiction and data category) and one sheet per notification duty that names
 * people — a jurisdiction's notice to individuals or its regulator, `required` yes or assess — listing every affected
 * person of that jurisdiction with the columns a mail merge needs. People are read from the case a page at a time
 * (a work table ordered by jurisdiction, numbered per jurisdiction, read by ranges of that number), never all at once.
 */
import path from 'node:path';
import type { NotificationDuty } from '../../../shared/duties/types.js';
import type { DutiesRun } from '../duties/stage.js';
import type { CaseDb } from '../store/duck.js';
import { raw, sql } from '../store/sql.js';
import { REDACTED, REDACTED_COLUMNS, redactedSql } from './affectedFiles.js';
import type { CustodyAnchor } from './outputs.js';
import { openStreamedWorkbook, sheetName, type CellValue, type StreamedSheet } from './xlsxWorkbook.js';

export const NOTIFICATION_LISTS_FILE = 'notification-lists.xlsx';
/** People read from the case per page. */
const PAGE = 2_000;
/** Rows a sheet can hold (Excel's limit); a longer list goes on into `… part 2` sheets. */
export const EXCEL_MAX_ROWS = 1_048_576;
/** Exposure reasons named per person in the Evidence column; the rest are counted. */
const EVIDENCE_REASONS = 5;

/** The people columns of a duty sheet, in order (row 1 of each duty sheet, ready for a mail merge). */
export const PEOPLE_HEADER = [
  'Name', 'Email', 'Street', 'City', 'State', 'PostalCode', 'Country', 'Jurisdiction', 'JurisdictionBasis', 'Categories', 'Confidence',
  'ExportIds', 'Evidence', 'Object', 'Id', 'Org', 'Recipient', 'Due (UTC)',
] as const;
const PEOPLE_WIDTHS = [24, 32, 28, 16, 10, 12, 16, 12, 40, 30, 12, 24, 50, 10, 20, 20, 22, 20];

type PersonRow = {
  name: string | null; email: string | null; street: string | null; city: string | null; state: string | null; postal_code: string | null;
  country: string | null; jurisdiction: string; jurisdiction_basis: string | null; categories: string | null; confidence: string | null;
  export_ids: string | null; evidence: string | null; object: string; id: string; org_id: string | null;
};

/** The redacted variant for wider circulation: names, emails and streets masked, ids kept. */
export const NOTIFICATION_LISTS_REDACTED_FILE = 'notification-lists.redacted.xlsx';

/** What the lists print of a duty. */
export type ListedDuty = Pick<NotificationDuty, 'jurisdiction' | 'name' | 'recipient' | 'step' | 'authority' | 'required' | 'people' | 'peopleSure' | 'peopleInJurisdiction' | 'due' | 'dueReason'>;
/** The duties the lists are written for: a run's (DutiesRun), or read back from the case (`readDutyLists`). */
export type DutyLists = Pick<DutiesRun, 'awareAt' | 'awareAtSource'> & { duties: readonly ListedDuty[] };

/**
 * The duties as the last run stored them (`duties`, `duty_context`), for writing the lists again from a case without
 * re-running the analysis; null when the case's duties table predates the columns the lists need (investigate again).
 */
export async function readDutyLists(db: CaseDb): Promise<DutyLists | null> {
  const columns = new Set((await db.all<{ c: string }>(sql`SELECT column_name AS c FROM information_schema.columns WHERE table_name = 'duties'`)).map((r) => r.c));
  if (!columns.has('people_in_jurisdiction')) return null;
  const context = await db.one<{ awareAt: string; awareAtSource: string }>(sql`
    SELECT strftime(aware_at, '%Y-%m-%dT%H:%M:%S.%gZ') AS awareAt, aware_at_source AS awareAtSource FROM duty_context LIMIT 1`);
  if (!context) return null;
  const duties = await db.all<ListedDuty>(sql`
    SELECT jurisdiction, name, recipient, step, authority, required, people::INTEGER AS people, people_sure::INTEGER AS peopleSure,
      people_in_jurisdiction::INTEGER AS peopleInJurisdiction, strftime(due, '%Y-%m-%dT%H:%M:%S.%gZ') AS due, due_reason AS dueReason
    FROM duties ORDER BY n`);
  return { awareAt: context.awareAt, awareAtSource: context.awareAtSource === 'aware-at' ? 'aware-at' : 'run start', duties };
}

/**
 * Writes notification-lists.xlsx into `dir` from the case's `affected` and `exposures` tables and the run's duties —
 * or, `redacted`, notification-lists.redacted.xlsx with names, emails and streets masked; returns its name.
 */
export async function writeNotificationLists(
  db: CaseDb, dir: string, duties: DutyLists, custody: CustodyAnchor | null, options: { rowsPerSheet?: number; redacted?: boolean } = {},
): Promise<string> {
  const perSheet = (options.rowsPerSheet ?? EXCEL_MAX_ROWS) - 1; // row 1 is the header
  const redacted = options.redacted === true;
  await preparePeople(db, redacted);
  try {
    const counts = new Map((await db.all<{ j: string; n: number }>(sql`SELECT jurisdiction AS j, count(*)::BIGINT AS n FROM notification_people GROUP BY 1`)).map((r) => [r.j, r.n]));
    const taken = new Set(['summary']);
    const listed = duties.duties.map((d) => {
      const people = d.required === 'no' ? 0 : (counts.get(d.jurisdiction) ?? 0);
      const parts = Math.ceil(people / perSheet);
      return { duty: d, sheets: Array.from({ length: parts }, (_, i) => sheetName(`${dutySheetTitle(d)}${i === 0 ? '' : ` part ${i + 1}`}`, taken)) };
    });
    const file = redacted ? NOTIFICATION_LISTS_REDACTED_FILE : NOTIFICATION_LISTS_FILE;
    const book = openStreamedWorkbook(path.join(dir, file));
    await writeSummary(db, book.sheet('Summary', [34, 28, 22, 18, 40, 10, 10, 10, 14, 22, 40, 32]), duties, custody, listed, redacted);
    for (const { duty, sheets } of listed) {
      for (const [i, name] of sheets.entries()) await writeDutySheet(db, book.sheet(name, PEOPLE_WIDTHS), duty, 1 + i * perSheet, (i + 1) * perSheet);
    }
    await book.finish();
    return file;
  } finally {
    await db.run(sql`DROP TABLE IF EXISTS notification_people`);
  }
}

/** The title of a duty's sheet: jurisdiction, recipient and step (`US-CA individuals`). */
function dutySheetTitle(d: ListedDuty): string {
  return [d.jurisdiction, d.recipient.replaceAll('_', ' '), d.step?.replaceAll('_', ' ')].filter(Boolean).join(' ');
}

/** One work table of the people to list, in sheet order, numbered within their jurisdiction, with their evidence. */
async function preparePeople(db: CaseDb, redacted: boolean): Promise<void> {
  const shown = (column: string): ReturnType<typeof raw> => raw(redacted && REDACTED_COLUMNS.has(column) ? redactedSql(`a.${column}`) : `a.${column}`);
  await db.run(sql`CREATE OR REPLACE TEMP TABLE notification_people AS
    WITH reasons AS (
      SELECT e.object, e.record_id, count(*) AS n,
        list(e.export_id || ': ' || e.reason ORDER BY e.export_id)[1:${EVIDENCE_REASONS}] AS firsts
      FROM exposures e JOIN affected a ON a.is_person AND a.object = e.object AND a.id = e.record_id AND a.confidence = e.tier
      GROUP BY ALL)
    SELECT row_number() OVER (PARTITION BY a.jurisdiction ORDER BY a.object, a.id) AS n,
      ${shown('name')} AS name, ${shown('email')} AS email, ${shown('street')} AS street, a.city, a.state, a.postal_code, a.country, a.jurisdiction, a.jurisdiction_basis,
      array_to_string(list_sort(a.categories), '; ') AS categories, a.confidence, a.export_ids,
      array_to_string(r.firsts, '; ') || CASE WHEN r.n > ${EVIDENCE_REASONS} THEN '; … and ' || (r.n - ${EVIDENCE_REASONS}) || ' more' ELSE '' END AS evidence,
      a.object, a.id, a.org_id
    FROM affected a LEFT JOIN reasons r ON r.object = a.object AND r.record_id = a.id
    WHERE a.is_person
    ORDER BY a.jurisdiction, n`);
}

/** A duty's sheet: the header row, then the affected people `first`..`last` (numbered in their jurisdiction), a page at a time. */
async function writeDutySheet(db: CaseDb, sheet: StreamedSheet, duty: ListedDuty, first: number, last: number): Promise<void> {
  sheet.row([...PEOPLE_HEADER], { bold: true });
  const recipient = [duty.authority ?? duty.recipient, duty.step].filter(Boolean).join(', ');
  const due = duty.due === null ? (duty.dueReason ?? 'no fixed period') : utcMinute(duty.due);
  for (let from = first; from <= last; from += PAGE) {
    const page = await db.all<PersonRow>(sql`SELECT * EXCLUDE (n) FROM notification_people
      WHERE jurisdiction = ${duty.jurisdiction} AND n >= ${from} AND n < ${Math.min(from + PAGE, last + 1)} ORDER BY n`);
    for (const p of page) {
      sheet.row([
        p.name, p.email, p.street, p.city, p.state, p.postal_code, p.country, p.jurisdiction, p.jurisdiction_basis, p.categories, p.confidence,
        p.export_ids, p.evidence, p.object, p.id, p.org_id, recipient, due,
      ]);
    }
    if (page.length < PAGE) break;
  }
  sheet.done();
}

async function writeSummary(db: CaseDb, sheet: StreamedSheet, run: DutyLists, custody: CustodyAnchor | null, listed: { duty: ListedDuty; sheets: string[] }[], redacted: boolean): Promise<void> {
  const sources = (await db.one<{ n: number }>(sql`SELECT count(DISTINCT sha256)::BIGINT AS n FROM sources`))?.n ?? 0;
  const people = (await db.one<{ n: number }>(sql`SELECT count(*)::BIGINT AS n FROM notification_people`))?.n ?? 0;
  const pairs: [string, CellValue][] = [
    ['Notification lists', 'Leakscope: one sheet per duty that names people; every figure from the case tables affected and duties'],
    ['People affected', people],
    ['Source files (distinct SHA-256)', sources],
    ['Custody chain head', custody?.head ?? 'not recorded'],
    ['Custody signed by', custody?.signer ?? 'not recorded'],
    ['Deadlines run from (aware at, UTC)', `${utcMinute(run.awareAt)} (${run.awareAtSource})`],
    ['Generated at', 'recorded in manifest.json only, so the same case gives the same file'],
  ];
  if (redacted) pairs.push(['Redacted', `for wider circulation: names, emails and street addresses read ${REDACTED}; ids, places, categories and every figure are kept`]);
  if (people === 0) pairs.push(['Note', 'No affected person was found: no duty sheet lists people (see affected.json notes)']);
  for (const [k, v] of pairs) sheet.row([k, v]);
  sheet.row([]);
  sheet.row(['Jurisdiction or regime', 'Name', 'Recipient', 'Step', 'Authority', 'Required', 'People', 'Sure', 'In jurisdiction', 'Due (UTC)', 'Due reason', 'Sheet'], { bold: true });
  for (const { duty: d, sheets } of listed) {
    sheet.row([
      d.jurisdiction, d.name, d.recipient, d.step, d.authority, d.required, d.people, d.peopleSure, d.peopleInJurisdiction,
      d.due === null ? null : utcMinute(d.due), d.dueReason, sheets.length ? sheets.join(', ') : (d.required === 'no' ? 'none: no notice required' : 'none: an organisation-level notice (no people list)'),
    ]);
  }
  sheet.row([]);
  sheet.row(['Jurisdiction', 'Category', 'People'], { bold: true });
  await pagedCounts(db, sheet, 'jurisdiction');
  sheet.row([]);
  sheet.row(['All jurisdictions', 'Category', 'People'], { bold: true });
  await pagedCounts(db, sheet, 'all');
  sheet.done();
}

/** People per (jurisdiction,) data category, read a page at a time; a person without a category counts under `(none)`. */
async function pagedCounts(db: CaseDb, sheet: StreamedSheet, by: 'jurisdiction' | 'all'): Promise<void> {
  for (let offset = 0; ; offset += PAGE) {
    const rows = await db.all<{ j: string; c: string; n: number }>(by === 'jurisdiction'
      ? sql`SELECT a.jurisdiction AS j, coalesce(c, '(none)') AS c, count(*)::BIGINT AS n
          FROM affected a LEFT JOIN LATERAL (SELECT unnest(CASE WHEN len(a.categories) > 0 THEN a.categories ELSE [NULL] END) AS c) ON true
          WHERE a.is_person GROUP BY ALL ORDER BY 1, 2 LIMIT ${PAGE} OFFSET ${offset}`
      : sql`SELECT 'all' AS j, coalesce(c, '(none)') AS c, count(*)::BIGINT AS n
          FROM affected a LEFT JOIN LATERAL (SELECT unnest(CASE WHEN len(a.categories) > 0 THEN a.categories ELSE [NULL] END) AS c) ON true
          WHERE a.is_person GROUP BY ALL ORDER BY 2 LIMIT ${PAGE} OFFSET ${offset}`);
    for (const r of rows) sheet.row([by === 'all' ? 'all' : r.j, r.c, r.n]);
    if (rows.length < PAGE) break;
  }
}

/** An ISO time as `YYYY-MM-DD HH:MM UTC`. */
function utcMinute(iso: string): string {
  const t = Date.parse(iso.endsWith('Z') || /[+-]\d\d:\d\d$/.test(iso) ? iso : `${iso}Z`);
  return Number.isNaN(t) ? iso : `${new Date(t).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}
