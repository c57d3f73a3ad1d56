/** Evidence files written by tests as Salesforce writes them (quoted CSV, ELF compact timestamps), and a case built from them. */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { CustodyLog } from '../../electron/engine/casestore/custody.js';
import { intakeEvidence } from '../../electron/engine/intake/intake.js';
import { CaseDb } from '../../electron/engine/store/duck.js';
import { migrate } from '../../electron/engine/store/migrate.js';

/** ELF `TIMESTAMP` (yyyyMMddHHmmss.SSS) of an ISO instant. */
export function elfTimestamp(iso: string): string {
  return iso.replace(/[-:TZ]/g, '');
}

/** One ELF row: event type and time filled in, the rest as given. */
export function elfRow(type: string, iso: string, fields: Record<string, string>): Record<string, string> {
  return { EVENT_TYPE: type, TIMESTAMP: elfTimestamp(iso), TIMESTAMP_DERIVED: iso, ...fields };
}

/** Writes rows as a fully quoted CSV (header = every key, in first-seen order). */
export function writeCsv(file: string, rows: readonly Record<string, string>[]): void {
  const header: string[] = [];
  for (const r of rows) for (const k of Object.keys(r)) if (!header.includes(k)) header.push(k);
  const q = (v: string): string => `"${v.replaceAll('"', '""')}"`;
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, [header.map(q).join(','), ...rows.map((r) => header.map((h) => q(r[h] ?? '')).join(','))].join('\n') + '\n');
}

/** A case at `dir` (created) with `evidence` taken in through the real intake. */
export async function openCase(dir: string, evidence: readonly string[]): Promise<{ db: CaseDb; custody: CustodyLog }> {
  mkdirSync(dir, { recursive: true });
  const db = await CaseDb.open(path.join(dir, 'case.duckdb'));
  await migrate(db);
  const custody = CustodyLog.open(path.join(dir, 'custody.sqlite'));
  await intakeEvidence(db, custody, [...evidence], {});
  return { db, custody };
}
