/**
 * lineage.json: every figure of the summary (affected.json), the per-jurisdiction counts and the duties (duties.json)
 * beside the SQL statement that produced it — the very text the engine ran, so running it against the case again gives
 * the figure — and the SHA-256 of its inputs: the evidence sources (as manifest.json lists them) and, for the duties,
 * the rule tables they were evaluated with. No clock time and no absolute path, like every output but the manifest.
 */
import { createHash } from 'node:crypto';
import { readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { PEOPLE_GROUPS_SQL } from '../duties/stage.js';
import { sha256File } from '../intake/hash.js';
import { SUMMARY_STATEMENTS } from '../scoping/affected.js';
import type { CaseDb } from '../store/duck.js';
import { raw, sql } from '../store/sql.js';
import type { OutputHeader } from './integrations.js';

export const LINEAGE_FILE = 'lineage.json';

type Shape = 'value' | 'map' | 'row' | 'rows';
type InputSet = 'sources' | 'rules';

interface FigureSpec {
  figure: string;
  /** Where the figure is printed. */
  appearsIn: string[];
  sql: string;
  /** `value`: the first column of the one row; `map`: `{k: n}` from columns k and n; `row`: the one row; `rows`: every row. */
  shape: Shape;
  tables: string[];
  inputs: InputSet[];
  /** For a figure computed in code from a statement's rows (the duties): that statement. */
  computedFrom?: { sql: string; by: string };
}

/** The duties figures as the `duties` table stores them, in duties.json's order. */
export const DUTY_STATEMENTS = {
  'duties.summary': `SELECT count(*)::BIGINT AS duties, count(*) FILTER (WHERE required = 'yes')::BIGINT AS yes,
  count(*) FILTER (WHERE required = 'assess')::BIGINT AS assess, count(*) FILTER (WHERE required = 'no')::BIGINT AS no,
  strftime(min(due) FILTER (WHERE required <> 'no'), '%Y-%m-%dT%H:%M:%S.%gZ') AS nextDue FROM duties`,
  'duties.duties': `SELECT jurisdiction, recipient, step, required, people::BIGINT AS people, people_sure::BIGINT AS peopleSure,
  people_in_jurisdiction::BIGINT AS peopleInJurisdiction, strftime(due, '%Y-%m-%dT%H:%M:%S.%gZ') AS due FROM duties ORDER BY n`,
} as const;

const EVALUATED = { sql: PEOPLE_GROUPS_SQL.trim(), by: 'electron/engine/duties/stage.ts computeDuties: each law\'s triggers, threshold and clock (shared/duties) applied to these groups' };

const FIGURES: readonly FigureSpec[] = [
  { figure: 'summary.records', appearsIn: ['affected.json summary.records', 'report.pdf 1. Executive summary, 5. Scope'], sql: SUMMARY_STATEMENTS['summary.records'], shape: 'value', tables: ['affected'], inputs: ['sources'] },
  { figure: 'summary.byJurisdiction', appearsIn: ['affected.json summary.byJurisdiction and jurisdictions[].records', 'report.pdf 5. Scope'], sql: SUMMARY_STATEMENTS['summary.byJurisdiction'], shape: 'map', tables: ['affected'], inputs: ['sources'] },
  { figure: 'summary.byConfidence', appearsIn: ['affected.json summary.byConfidence (a tier with no one is 0)', 'report.pdf 5. Scope'], sql: SUMMARY_STATEMENTS['summary.byConfidence'], shape: 'map', tables: ['affected'], inputs: ['sources'] },
  { figure: 'summary.otherObjects', appearsIn: ['affected.json summary.otherObjects'], sql: SUMMARY_STATEMENTS['summary.otherObjects'], shape: 'map', tables: ['affected'], inputs: ['sources'] },
  { figure: 'summary.byOrg', appearsIn: ['affected.json summary.byOrg'], sql: SUMMARY_STATEMENTS['summary.byOrg'], shape: 'map', tables: ['affected'], inputs: ['sources'] },
  { figure: 'duties.summary', appearsIn: ['duties.json summary (duties, yes, assess, no, nextDue)', 'report.pdf 1. Executive summary'], sql: DUTY_STATEMENTS['duties.summary'], shape: 'row', tables: ['duties'], inputs: ['sources', 'rules'], computedFrom: EVALUATED },
  { figure: 'duties.duties', appearsIn: ['duties.json duties[] (jurisdiction, recipient, step, required, people, peopleSure, peopleInJurisdiction, due)', 'report.pdf 6. Notification duties', 'notification-lists.xlsx Summary'], sql: DUTY_STATEMENTS['duties.duties'], shape: 'rows', tables: ['duties'], inputs: ['sources', 'rules'], computedFrom: EVALUATED },
];

/** The rule tables the duties are evaluated with, relative to the resources folder. */
const RULE_FILES = ['jurisdictions/rules.json', 'jurisdictions/subdivisions.json', 'categories/fields.json'];

/** SHA-256 of `lines` joined with line feeds (each ending in one): how lineage.json digests a list of hashes. */
export function digestLines(lines: readonly string[]): string {
  return createHash('sha256').update(lines.map((l) => `${l}\n`).join(''), 'utf8').digest('hex');
}

/** Writes lineage.json into `dir` from the case tables; returns its name. */
export async function writeLineage(db: CaseDb, dir: string, header: OutputHeader, resourcesDir: string): Promise<string> {
  const tables = new Set((await db.all<{ t: string }>(sql`SELECT table_name AS t FROM information_schema.tables`)).map((r) => r.t));
  const sources = await db.all<{ sourceId: number; file: string; sha256: string }>(sql`SELECT id AS sourceId, name AS file, sha256 FROM sources ORDER BY id`);
  const rules = [];
  const regimes = await listRegimes(resourcesDir);
  for (const rel of [...RULE_FILES, ...regimes]) rules.push({ file: rel, sha256: await sha256File(path.join(resourcesDir, ...rel.split('/'))) });
  const digests: Record<InputSet, string> = {
    sources: digestLines(sources.map((s) => `${s.sha256}  ${s.file}`)),
    rules: digestLines(rules.map((r) => `${r.sha256}  ${r.file}`)),
  };
  const figures = [];
  for (const f of FIGURES) {
    if (!f.tables.every((t) => tables.has(t))) continue;
    figures.push({
      figure: f.figure, appearsIn: f.appearsIn, value: await evaluate(db, f), sql: f.sql, shape: f.shape, tables: f.tables,
      ...(f.computedFrom ? { computedFrom: f.computedFrom } : {}),
      inputs: f.inputs, inputsSha256: digestLines(f.inputs.map((i) => digests[i])),
    });
  }
  const document = {
    ...header,
    how: 'Each figure is the result of `sql` run against the case database (case.duckdb) as the run left it, in the given `shape`. `inputsSha256` is the SHA-256 of the lines of the digests named in `inputs` (each line ending in a line feed); each digest is the SHA-256 of the lines `<sha256>  <file>` of its list below, in order.',
    inputs: { sources: { sha256: digests.sources, files: sources }, rules: { sha256: digests.rules, files: rules } },
    figures,
  };
  await writeFile(path.join(dir, LINEAGE_FILE), JSON.stringify(document, null, 2) + '\n', 'utf8');
  return LINEAGE_FILE;
}

/** A figure's value: its statement run again, read in its shape (counts as numbers). */
async function evaluate(db: CaseDb, f: FigureSpec): Promise<unknown> {
  const rows = (await db.all<Record<string, unknown>>(sql`${raw(f.sql)}`)).map(numbers);
  switch (f.shape) {
    case 'value':
      return rows[0] ? Object.values(rows[0])[0] ?? null : null;
    case 'map':
      return Object.fromEntries(rows.map((r) => [String(r['k']), r['n']]));
    case 'row':
      return rows[0] ?? null;
    case 'rows':
      return rows;
  }
}

function numbers(row: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(row).map(([k, v]) => [k, typeof v === 'bigint' ? Number(v) : v]));
}

async function listRegimes(resourcesDir: string): Promise<string[]> {
  const names = await readdir(path.join(resourcesDir, 'regimes')).catch(() => [] as string[]);
  return names.filter((n) => n.endsWith('.json')).sort().map((n) => `regimes/${n}`);
}
