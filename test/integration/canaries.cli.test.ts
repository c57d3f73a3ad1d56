/**
 * `leakscope investigate --canaries <file>` on the demo: a lead taken by the attacker's hot-lead
 * query is planted as a canary (15-character form, with a comment line); exactly the exports whose
 * Real-Time Event Monitoring Records list it (counted here from the ApiEvent CSV itself) are
 * flagged canary_record, and incident.json is written and listed in the manifest.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateDemo } from '../../scripts/demo/index.js';
import { parseQuotedCsv } from '../helpers/csv.js';

const run = promisify(execFile);
const root = path.resolve(__dirname, '../..');
const demo = path.join(root, 'resources', 'demo', 'evidence');
const HOT = "SELECT Id, Email, Phone FROM Lead WHERE Rating = 'Hot' ORDER BY CreatedDate DESC LIMIT 200";

interface ExportOut { query: string | null; suspicious: boolean; reasons: { code: string; message: string }[] }
let out: string;
let canary: string;
beforeAll(async () => {
  const truth = generateDemo(20250726).truth;
  canary = truth.affectedPersons.find((p) => p.exportQueries.includes(HOT))!.id;
  out = mkdtempSync(path.join(os.tmpdir(), 'ls-canary-cli-'));
  // The canary list lives beside the output folder: Leakscope refuses to write into a folder holding other files.
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'ls-canary-list-')), 'canaries.txt');
  writeFileSync(file, `# planted lead\n${canary.slice(0, 15)}\n`);
  await run(process.execPath, [path.join(root, 'bin', 'leakscope.js'), 'investigate', demo, '--out', out, '--canaries', file], { maxBuffer: 64 * 1024 * 1024 });
}, 300_000);

describe('leakscope investigate --canaries', () => {
  it('flags exactly the exports whose logged records include the canary', () => {
    const [header, ...rows] = parseQuotedCsv(readFileSync(path.join(demo, 'rtem', 'ApiEvent.csv'), 'utf8'));
    const recordsAt = header!.indexOf('Records');
    const queryAt = header!.indexOf('Query');
    const logging = rows.filter((r) => (r[recordsAt] ?? '').includes(canary)).map((r) => r[queryAt]);
    expect(logging).toContain(HOT);
    const { exports } = JSON.parse(readFileSync(path.join(out, 'exports.json'), 'utf8')) as { exports: ExportOut[] };
    const flagged = exports.filter((x) => x.reasons.some((r) => r.code === 'canary_record'));
    expect(flagged.map((x) => x.query).sort()).toEqual(logging.sort());
    expect(flagged.every((x) => x.suspicious)).toBe(true);
    expect(flagged[0]!.reasons.find((r) => r.code === 'canary_record')!.message).toBe(`1 canary record(s) left in this export (${canary}): confirmed exfiltration.`);
  });

  it('writes incident.json and lists it in the manifest', () => {
    const incident = JSON.parse(readFileSync(path.join(out, 'incident.json'), 'utf8')) as { schemaVersion: number; flaggedExports: number; exposureWindow: { from: string; to: string } | null };
    expect(incident.schemaVersion).toBe(1);
    expect(incident.exposureWindow).not.toBeNull();
    const manifest = JSON.parse(readFileSync(path.join(out, 'manifest.json'), 'utf8')) as { outputs: { file: string }[] };
    expect(manifest.outputs.map((o) => o.file)).toContain('incident.json');
  });
});
