/**
 * canary_record and the canary file formats: ids one a line with `#` comments (15 or 18
 * characters), or a CSV with an Id column read by DuckDB; a line that is not an id is a warning
 * with its line number. An export whose logged record ids include a canary is confirmed exfiltration.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCanaries, parseCanaryList } from '../../electron/engine/analysis/rules/canaries.js';
import { flagExportTables } from '../../electron/engine/analysis/rules/flagExports.js';
import { toId18 } from '../../shared/ids.js';
import { apiEventCsv, at, cleanRuleCases, connectedAppsCsv, packWith, runRuleCase, type ApiCall, type Integration, type RuleCase } from '../helpers/ruleCase.js';
import { sql } from '../../electron/engine/store/sql.js';

const vendor: Integration = { appId: '0H45j0000AAAAAA', name: 'Vendor Sync', userId: '0055j0000AAAAAA', username: 'vendor.sync@example.com' };
const canary15 = '0035j00000CANRY';
const canary18 = toId18('0035j00000CANRZ')!;
const ordinaryIds = Array.from({ length: 6 }, (_, i) => toId18(`0035j0000000${String(100 + i)}`)!);
const calls: ApiCall[] = [
  { at: at(3, 9), who: vendor, ip: '34.214.10.11', ua: 'VendorSync/3.1', object: 'Contact', rows: 3, records: ordinaryIds.slice(0, 3) },
  { at: at(3, 10), who: vendor, ip: '34.214.10.11', ua: 'VendorSync/3.1', object: 'Contact', rows: 3, records: [ordinaryIds[3]!, toId18(canary15)!, ordinaryIds[4]!] },
  { at: at(3, 11), who: vendor, ip: '34.214.10.11', ua: 'VendorSync/3.1', object: 'Contact', rows: 2, records: [canary18, ordinaryIds[5]!] },
  { at: at(3, 12), who: vendor, ip: '34.214.10.11', ua: 'VendorSync/3.1', object: 'Contact', rows: 2, records: [toId18(canary15)!, canary18] },
];

let c: RuleCase;
beforeAll(async () => {
  c = await runRuleCase({ 'rtem/ApiEvent.csv': apiEventCsv(calls), 'metadata/ConnectedApplication.csv': connectedAppsCsv([vendor]) }, { canaries: [toId18(canary15)!, canary18] });
}, 60_000);
afterAll(() => {
  c?.close();
  cleanRuleCases();
});

describe('canary files', () => {
  it('reads one id a line, 15 or 18 characters, with comments, blank lines and a warning per bad line', () => {
    const list = parseCanaryList(`# planted 2025-06-01\n${canary15}\n\n${canary18}   # second\nnot-an-id\n"${canary15}"\n`, 'canaries.txt');
    expect(list.ids).toEqual([toId18(canary15), canary18]);
    expect(list.warnings).toEqual(['canaries.txt line 5: "not-an-id" is not a 15- or 18-character record id']);
  });

  it('reads a CSV with an Id column (any letter case, other columns kept out)', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'ls-canary-'));
    const file = path.join(dir, 'canaries.csv');
    writeFileSync(file, `Name,ID,Note\n"Canary, One",${canary15},x\nCanary Two,${canary18},y\nBroken,12345,z\n`);
    const list = await loadCanaries(c.db, file);
    expect(list.ids.sort()).toEqual([toId18(canary15), canary18].sort());
    expect(list.warnings).toEqual([`${file} line 4: "12345" is not a 15- or 18-character record id`]);
  });
});

describe('canary_record', () => {
  it('flags exactly the exports whose logged record ids include a canary, with the canary ids and the logging event', async () => {
    const flags = await c.flags('canary_record');
    expect(flags.map((f) => f.at)).toEqual([calls[1]!.at, calls[2]!.at, calls[3]!.at]);
    expect(flags[0]!.message).toBe(`1 canary record(s) left in this export (${toId18(canary15)!}): confirmed exfiltration.`);
    expect(flags[2]!.message).toBe(`2 canary record(s) left in this export (${[toId18(canary15)!, canary18].sort().join(', ')}): confirmed exfiltration.`);
    expect(flags.every((f) => f.evidence.length === 1)).toBe(true);
  });
});

describe('progress and cancel', () => {
  it('reports each rule in order and stops between rules when cancelled, leaving no partial flags', async () => {
    const seen: string[] = [];
    const full = await flagExportTables(c.db, packWith(), { canaries: [canary18], onProgress: (p) => seen.push(`${p.rule} ${p.done}/${p.total}`) });
    expect(full.cancelled).toBe(false);
    // The inputs, then the 13 rules in the order of the codes (the last one data_export_by_integration).
    expect(seen.slice(0, 3)).toEqual(['inputs 0/14', 'volume_above_baseline 1/14', 'first_object_access 2/14']);
    expect(seen.at(-1)).toBe('data_export_by_integration 14/14');
    const abort = new AbortController();
    const cut = await flagExportTables(c.db, packWith(), { canaries: [canary18], signal: abort.signal, onProgress: (p) => p.rule === 'ioc_ip' && abort.abort() });
    expect(cut.cancelled).toBe(true);
    expect((await c.db.one<{ n: number }>(sql`SELECT count(*)::BIGINT AS n FROM flags`))!.n).toBe(0);
  });
});
