/**
 * affected/<CODE>.csv and other-records.csv written by DuckDB `COPY … TO` straight from the `affected` table: every
 * value quoted, LF lines, UTF-8, the same as csv.ts, and every cell made inert for spreadsheets by the same rule as
 * `inertCell` (a value starting with = + - @ tab or CR that is not a plain number gets a leading apostrophe).
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { CaseDb } from '../store/duck.js';
import { literal, raw, sql, type SqlFragment } from '../store/sql.js';

/** The columns of the affected CSV files, in order, with the `affected` column (or expression) behind each. */
const COLUMNS: readonly [string, string][] = [
  ['Object', 'object'], ['Id', 'id'], ['Name', 'name'], ['Email', 'email'], ['Street', 'street'], ['City', 'city'], ['State', 'state'],
  ['PostalCode', 'postal_code'], ['Country', 'country'], ['Jurisdiction', 'jurisdiction'], ['JurisdictionBasis', 'jurisdiction_basis'],
  ['Confidence', 'confidence'], ['ExposedFields', 'exposed_fields'], ['ExportIds', 'export_ids'], ['Org', 'org_id'],
  ['Categories', "array_to_string(categories, ';')"],
];

/** `inertCell` in SQL: the text a spreadsheet shows as written (null becomes the empty string). */
export function inertCellSql(expr: string): string {
  const v = `coalesce(CAST(${expr} AS VARCHAR), '')`;
  return `CASE WHEN regexp_matches(${v}, '^[=+\\-@\\t\\r]') AND NOT regexp_full_match(${v}, '[+-]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)([eE][+-]?[0-9]+)?') THEN '''' || ${v} ELSE ${v} END`;
}

/** The columns a redacted list masks (names, emails, street addresses); ids, places and categories are kept. */
export const REDACTED_COLUMNS: ReadonlySet<string> = new Set(['name', 'email', 'street']);
/** What a masked value reads as. */
export const REDACTED = '[redacted]';

/** `expr` masked: `[redacted]` where there is a value, empty stays empty. */
export function redactedSql(expr: string): string {
  return `CASE WHEN coalesce(CAST(${expr} AS VARCHAR), '') = '' THEN ${expr} ELSE '${REDACTED}' END`;
}

/** The file name of a list: `<base>.csv`, or `<base>.redacted.csv` for the variant with names and emails masked. */
export function listFileName(base: string, redacted: boolean): string {
  return `${base}${redacted ? '.redacted' : ''}.csv`;
}

/** The affected list of one jurisdiction code, relative to the output folder (`affected/US-CA.csv`). */
export function affectedListName(code: string, redacted = false): string {
  return `affected/${listFileName(code.replace(/[^A-Za-z0-9-]/g, '_'), redacted)}`;
}

/**
 * Writes affected/<CODE>.csv per jurisdiction of the people and other-records.csv — or, `redacted`, the same lists as
 * `affected/<CODE>.redacted.csv` and `other-records.redacted.csv` with names, emails and streets masked; returns the
 * paths relative to `dir`.
 */
export async function writeAffectedCsvs(db: CaseDb, dir: string, options: { redacted?: boolean } = {}): Promise<string[]> {
  const redacted = options.redacted === true;
  const written: string[] = [];
  await mkdir(path.join(dir, 'affected'), { recursive: true });
  const codes = await db.all<{ jurisdiction: string }>(sql`SELECT DISTINCT jurisdiction FROM affected WHERE is_person ORDER BY 1`);
  for (const { jurisdiction } of codes) {
    const rel = path.join(...affectedListName(jurisdiction, redacted).split('/'));
    await copyRows(db, sql`is_person AND jurisdiction = ${literal(jurisdiction)}`, path.join(dir, rel), redacted);
    written.push(rel);
  }
  const other = listFileName('other-records', redacted);
  await copyRows(db, sql`NOT is_person`, path.join(dir, other), redacted);
  written.push(other);
  return written;
}

async function copyRows(db: CaseDb, where: SqlFragment, file: string, redacted: boolean): Promise<void> {
  const select = COLUMNS.map(([header, expr]) => `${inertCellSql(redacted && REDACTED_COLUMNS.has(expr) ? redactedSql(expr) : expr)} AS "${header}"`).join(', ');
  await db.run(sql`COPY (SELECT ${raw(select)} FROM affected WHERE ${where} ORDER BY jurisdiction, object, id)
    TO ${literal(file)} (FORMAT csv, HEADER true, FORCE_QUOTE *, QUOTE '"', ESCAPE '"', NEW_LINE '\n')`);
}
