/**
 * Where to file, on the bundled demo: every duty to a regulator or attorney general in duties.json (and in the
 * case's `duties` table) carries its jurisdiction's `regulatorUrl` and `regulatorUrlNote` from
 * resources/jurisdictions/rules.json, the lead authority carries the main-establishment country's page, and each
 * regime notice its own page or note from resources/regimes. The JSON files are read here straight from disk.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CaseDb } from '../../electron/engine/store/duck.js';
import { sql } from '../../electron/engine/store/sql.js';

const run = promisify(execFile);
const root = path.resolve(__dirname, '../..');
const cli = path.join(root, 'bin', 'leakscope.js');
const demo = path.join(root, 'resources', 'demo', 'evidence');

interface Duty { jurisdiction: string; recipient: string; step: string | null; required: string; filingUrl: string | null; filingNote: string | null }
interface RawRule { code: string; regulatorUrl: string | null; regulatorUrlNote?: string }
interface RawRegime { id: string; notices: { recipient: string; id?: string; url?: string | null; filingNote?: string }[] }

const rules = new Map((JSON.parse(readFileSync(path.join(root, 'resources', 'jurisdictions', 'rules.json'), 'utf8')) as { jurisdictions: RawRule[] }).jurisdictions.map((r) => [r.code, r]));
const regime = (id: string): RawRegime => JSON.parse(readFileSync(path.join(root, 'resources', 'regimes', `${id}.json`), 'utf8')) as RawRegime;

let plain: Duty[];
let withProfile: Duty[];
let db: CaseDb;

beforeAll(async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ls-filing-demo-'));
  const profile = path.join(dir, 'profile.json');
  writeFileSync(profile, JSON.stringify({ organisation: 'Northwind', euMainEstablishment: 'IE', usListed: true, nis2: 'important' }));
  await run(process.execPath, [cli, 'investigate', demo, '--out', path.join(dir, 'a')], { maxBuffer: 64 * 1024 * 1024 });
  await run(process.execPath, [cli, 'investigate', demo, '--out', path.join(dir, 'b'), '--profile', profile], { maxBuffer: 64 * 1024 * 1024 });
  plain = (JSON.parse(readFileSync(path.join(dir, 'a', 'duties.json'), 'utf8')) as { duties: Duty[] }).duties;
  withProfile = (JSON.parse(readFileSync(path.join(dir, 'b', 'duties.json'), 'utf8')) as { duties: Duty[] }).duties;
  db = await CaseDb.open(path.join(dir, 'a', 'case', 'case.duckdb'), { readOnly: true });
}, 300_000);

afterAll(() => {
  db.close();
});

describe('filing pages in the demo duties', () => {
  it('give each regulator and attorney-general duty its jurisdiction\'s regulatorUrl and note from rules.json', () => {
    const toRegulator = plain.filter((d) => d.recipient === 'regulator' || d.recipient === 'attorney_general');
    // The demo's people live in US states, the EU/EEA, GB, Canada and Australia: dozens of regulator duties.
    expect(toRegulator.length).toBeGreaterThan(20);
    for (const duty of toRegulator) {
      const rule = rules.get(duty.jurisdiction);
      expect([duty.jurisdiction, duty.filingUrl, duty.filingNote]).toEqual([duty.jurisdiction, rule?.regulatorUrl, rule?.regulatorUrlNote ?? null]);
    }
    expect(toRegulator.some((d) => d.filingUrl === null && (d.filingNote ?? '') !== '')).toBe(true);
    expect(toRegulator.filter((d) => d.filingUrl !== null).length).toBeGreaterThan(toRegulator.length / 2);
  });

  it('file nothing for notices to people or consumer reporting agencies', () => {
    const toPeople = plain.filter((d) => d.recipient === 'individuals' || d.recipient === 'consumer_reporting_agencies');
    expect(toPeople.length).toBeGreaterThan(0);
    expect(toPeople.filter((d) => d.filingUrl !== null || d.filingNote !== null)).toEqual([]);
  });

  it('are stored in the case duties table the same way', async () => {
    const rows = await db.all<{ jurisdiction: string; recipient: string; filing_url: string | null; filing_note: string | null }>(sql`
      SELECT jurisdiction, recipient, filing_url, filing_note FROM duties WHERE recipient IN ('regulator', 'attorney_general') ORDER BY jurisdiction`);
    expect(rows.length).toBe(plain.filter((d) => d.recipient === 'regulator' || d.recipient === 'attorney_general').length);
    for (const row of rows) expect([row.jurisdiction, row.filing_url]).toEqual([row.jurisdiction, rules.get(row.jurisdiction)?.regulatorUrl]);
  });

  it('give the lead supervisory authority the main establishment\'s page, and each regime notice its own', () => {
    const lead = withProfile.find((d) => d.recipient === 'lead_supervisory_authority');
    expect(lead?.filingUrl).toBe(rules.get('IE')?.regulatorUrl);
    const sec = withProfile.find((d) => d.jurisdiction === 'US-SEC');
    expect([sec?.filingUrl, sec?.filingNote]).toEqual([null, regime('US-SEC').notices[0]?.filingNote]);
    const nis2 = withProfile.filter((d) => d.jurisdiction === 'EU-NIS2');
    expect(nis2.map((d) => d.step)).toEqual(['early_warning', 'incident_notification', 'final_report']);
    for (const duty of nis2) expect(duty.filingNote).toBe(regime('EU-NIS2').notices.find((n) => n.id === duty.step)?.filingNote);
  });
});
