/**
 * The whole CLI path on the bundled demo evidence, checked against the generator's own ground
 * truth (computed by hand-written predicates over the generated records, not by the engine).
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateDemo, type DemoTruth } from '../../scripts/demo/index.js';
import { parseQuotedCsv } from '../helpers/csv.js';
import { CaseDb } from '../../electron/engine/store/duck.js';
import { sql } from '../../electron/engine/store/sql.js';

const run = promisify(execFile);
const root = path.resolve(__dirname, '../..');
const cli = path.join(root, 'bin', 'leakscope.js');
const demo = path.join(root, 'resources', 'demo', 'evidence');
const sha256 = (file: string): string => createHash('sha256').update(readFileSync(file)).digest('hex');

interface ExportOut {
  id: string; channel: string; object: string | null; query: string | null; rows: number | null; suspicious: boolean; inScope: boolean;
  countOnly: boolean; sourceIp: string | null; userAgent: string | null;
  integration: { connectedAppId: string | null; name: string | null; basis: string }; user: { id: string | null; username: string | null };
  reasons: { code: string }[]; evidence: { file: string; sha256: string; record: number; role: string }[];
  org: { id: string | null; name: string | null }; jobId: string | null; jobStatus: string | null; deletedAt: string | null;
  sessionKey: string | null; start: string;
  files: { documentId: string | null; versionId: string | null; title: string | null; fileType: string | null; sizeBytes: number | null }[];
}

let truth: DemoTruth;
let out: string;
let stdout: string;

beforeAll(async () => {
  truth = generateDemo(20250726).truth;
  out = mkdtempSync(path.join(os.tmpdir(), 'ls-demo-'));
  ({ stdout } = await run(process.execPath, [cli, 'investigate', demo, '--out', out], { maxBuffer: 64 * 1024 * 1024 }));
}, 300_000);

const readJson = <T>(rel: string): T => JSON.parse(readFileSync(path.join(out, rel), 'utf8')) as T;
const csvIds = (file: string): string[] => {
  const [header, ...rows] = parseQuotedCsv(readFileSync(file, 'utf8'));
  expect(header!.slice(0, 2)).toEqual(['Object', 'Id']);
  return rows.map((r) => r[1]!);
};

describe('leakscope investigate on the demo evidence', () => {
  it('prints a summary and says where the report went', () => {
    expect(stdout).toContain(`Report written to ${out}`);
    expect(stdout).toMatch(/Affected:\s+[\d,]+ person record/);
  });

  it('counts exactly the planted affected people, per jurisdiction', () => {
    const affected = readJson<{ summary: { records: number; byJurisdiction: Record<string, number>; otherObjects: Record<string, number> } }>('affected.json');
    expect(affected.summary.records).toBe(truth.affectedPersons.length);
    expect(affected.summary.byJurisdiction).toEqual(truth.byJurisdiction);
    // The generator's ELF-only export pulled every Opportunity that existed then (600 minus the 20 opened after the
    // incident): count-only reasoning counts each of them as replayed by count (issue #8); people are unchanged.
    expect(affected.summary.otherObjects).toEqual({ ...truth.otherObjects, ...Object.fromEntries(truth.unresolved.map((u) => [u.object, u.rows])) });
    expect(Object.keys(truth.byJurisdiction).length).toBeGreaterThan(10);
  });

  it('writes one CSV per jurisdiction with exactly the planted record ids', () => {
    const files = readdirSync(path.join(out, 'affected')).sort();
    expect(files).toEqual(Object.keys(truth.byJurisdiction).map((c) => `${c}.csv`).sort());
    for (const code of Object.keys(truth.byJurisdiction)) {
      const expected = truth.affectedPersons.filter((p) => p.jurisdiction === code).map((p) => p.id).sort();
      expect(csvIds(path.join(out, 'affected', `${code}.csv`)).sort(), code).toEqual(expected);
    }
  });

  it('flags exactly the planted exports, all attributed to the stolen integration', () => {
    const { exports } = readJson<{ exports: ExportOut[] }>('exports.json');
    const flagged = exports.filter((x) => x.suspicious);
    expect(flagged).toHaveLength(truth.plantedExports.length);
    for (const x of flagged) {
      expect(x.integration.connectedAppId).toBe(truth.incident.connectedAppId);
      expect(x.integration.name).toBe(truth.incident.connectedAppName);
      expect(x.user.id).toBe(truth.incident.userId);
      expect(x.user.username).toBe(truth.incident.username);
      expect(x.sourceIp).toBe(truth.incident.sourceIp);
      expect(x.userAgent).toBe(truth.incident.userAgent);
      expect(x.reasons.map((r) => r.code)).toContain('new_network');
      expect(x.inScope).toBe(true);
    }
    const planted = truth.plantedExports.map((p) => `${p.channel}|${p.object}|${p.query ?? ''}|${p.rows}|${p.countOnly}`).sort();
    const found = flagged.map((x) => `${x.channel}|${x.object}|${x.query ?? ''}|${x.rows}|${x.countOnly}`).sort();
    expect(found).toEqual(planted);
    expect(exports.length).toBeGreaterThan(flagged.length * 10); // normal traffic is reconstructed too, and not flagged
  });

  it('reasons about ELF-only exposure by count, never in the per-jurisdiction counts', () => {
    const { unresolved, notes } = readJson<{ unresolved: { object: string; rows: number }[]; notes: string[] }>('affected.json');
    expect(truth.unresolved).toEqual([{ object: 'Opportunity', rows: 580 }]);
    expect(unresolved).toEqual([]);
    expect(notes.filter((n) => n.includes('replayed by count'))).toEqual([expect.stringContaining('its 580 row(s) equal the 580 Opportunity record(s) that existed at its time')]);
  });

  it('lists the secrets planted in the cases the attacker took, masked, and no other (secrets.json)', () => {
    const doc = readJson<{ summary: { records: number; kinds: number }; byExport: { exportId: string; records: number }[];
      records: { recordId: string; object: string; exports: string[]; findings: { field: string; ruleId: string; masked: string; evidence: { file: string; record: number } }[] }[] }>('secrets.json');
    const reported = truth.secrets.filter((s) => s.reported);
    const got = doc.records.flatMap((r) => r.findings.map((f) => `${r.object} ${r.recordId} ${f.field} ${f.ruleId} ${f.masked}`)).sort();
    expect(got).toEqual(reported.map((s) => `Case ${s.caseId} ${s.field} ${s.ruleId} ${s.masked}`).sort());
    const { exports } = readJson<{ exports: ExportOut[] }>('exports.json');
    const pull = exports.filter((x) => x.suspicious && x.object === 'Case').map((x) => x.id);
    expect(doc.byExport.map((x) => [x.exportId, x.records])).toEqual([[pull[0], reported.length]]);
    for (const r of doc.records) for (const f of r.findings) expect(f.evidence.file).toMatch(/Case\.csv$/);
    const kinds = new Set(reported.map((s) => s.ruleId)).size;
    expect(stdout).toContain(`Secrets:      ${reported.length} exposed record(s) contain secrets of ${kinds} kind(s): `);
    // No output, no line printed and no custody entry holds a planted secret, reported or not.
    const texts = [stdout, readFileSync(path.join(out, 'case', 'custody.sqlite'), 'latin1'),
      ...readdirSync(out, { recursive: true, withFileTypes: true }).filter((e) => e.isFile() && !e.parentPath.includes(`${path.sep}case`)).map((e) => readFileSync(path.join(e.parentPath, e.name), 'utf8'))];
    for (const s of truth.secrets) for (const t of texts) expect(t.includes(s.secret), s.ruleId).toBe(false);
  });

  it('traces every export to hashed source records', () => {
    const { exports } = readJson<{ exports: ExportOut[] }>('exports.json');
    const hashes = new Map<string, string>();
    for (const x of exports.filter((e) => e.suspicious)) {
      expect(x.evidence.length).toBeGreaterThan(0);
      for (const ev of x.evidence) {
        // Named from the evidence folder given (its own name first), never by an absolute path.
        expect(path.isAbsolute(ev.file)).toBe(false);
        if (!hashes.has(ev.file)) hashes.set(ev.file, sha256(path.join(path.dirname(demo), ev.file)));
        expect(ev.sha256).toBe(hashes.get(ev.file));
        expect(ev.record).toBeGreaterThan(0);
      }
    }
  });

  it('writes a manifest whose hashes match every input and output', () => {
    const manifest = readJson<{ inputs: { path: string; sha256: string }[]; outputs: { file: string; sha256: string }[] }>('manifest.json');
    expect(manifest.inputs.length).toBeGreaterThan(30);
    for (const i of manifest.inputs) expect(sha256(path.join(path.dirname(demo), i.path)), i.path).toBe(i.sha256);
    expect(manifest.inputs.every((i) => i.path.startsWith('evidence/'))).toBe(true);
    for (const o of manifest.outputs) expect(sha256(path.join(out, o.file)), o.file).toBe(o.sha256);
    expect(manifest.outputs.map((o) => o.file)).toEqual(expect.arrayContaining(['exports.json', 'affected.json']));
  });

  it('scopes exactly the named integration when asked', async () => {
    const out2 = mkdtempSync(path.join(os.tmpdir(), 'ls-demo-scope-'));
    await run(process.execPath, [cli, 'investigate', demo, '--out', out2, '--integration', truth.incident.connectedAppName], { maxBuffer: 64 * 1024 * 1024 });
    const { exports } = JSON.parse(readFileSync(path.join(out2, 'exports.json'), 'utf8')) as { exports: ExportOut[] };
    const scoped = exports.filter((x) => x.inScope);
    expect(scoped.length).toBeGreaterThan(truth.plantedExports.length);
    expect(scoped.every((x) => x.integration.connectedAppId === truth.incident.connectedAppId)).toBe(true);
    expect(exports.filter((x) => !x.inScope).every((x) => x.integration.connectedAppId !== truth.incident.connectedAppId)).toBe(true);
  });

  it('puts every export in its org, and keeps the second org apart with its own figures', () => {
    const { exports } = readJson<{ exports: ExportOut[] }>('exports.json');
    const names = new Map(truth.orgs.map((o) => [o.id, o.name]));
    for (const x of exports) expect(names.get(x.org.id ?? ''), x.id).toBe(x.org.name);
    const second = exports.filter((x) => x.org.id === truth.secondOrg.id).map((x) => ({ channel: x.channel, object: x.object, rows: x.rows, appName: x.integration.name }));
    const byObject = (a: { object: string | null }, b: { object: string | null }): number => String(a.object).localeCompare(String(b.object));
    const byRows = (a: { object: string | null; rows: number | null }, b: { object: string | null; rows: number | null }): number => byObject(a, b) || Number(a.rows) - Number(b.rows);
    expect(second.sort(byRows)).toEqual([...truth.secondOrg.exports].sort(byRows));
    // Northwind's Organization export stands at the top of the evidence, Southwind's in org-southwind/: every snapshot has its org.
    expect(stdout).not.toMatch(/could not be assigned to an org|cannot be assigned to an org/);
  });

  it('scopes a Southwind export from Southwind\'s own snapshot only, and counts its people per org', async () => {
    const out3 = mkdtempSync(path.join(os.tmpdir(), 'ls-demo-southwind-'));
    await run(process.execPath, [cli, 'investigate', demo, '--out', out3, '--integration', 'Southwind Sync'], { maxBuffer: 64 * 1024 * 1024 });
    const scope = truth.secondOrg.scope;
    const affected = JSON.parse(readFileSync(path.join(out3, 'affected.json'), 'utf8')) as { summary: { byOrg: Record<string, number>; byJurisdiction: Record<string, number> } };
    // Northwind's 3,000 contacts answer none of it: only Southwind's people, as many as its snapshot held then.
    expect(affected.summary.byOrg).toEqual({ [truth.secondOrg.id]: scope.affected.length });
    expect(affected.summary.byJurisdiction).toEqual(scope.byJurisdiction);
    for (const code of Object.keys(scope.byJurisdiction)) {
      expect(csvIds(path.join(out3, 'affected', `${code}.csv`)).sort(), code).toEqual(scope.affected.filter((p) => p.jurisdiction === code).map((p) => p.id).sort());
    }
    const db = await CaseDb.open(path.join(out3, 'case', 'case.duckdb'), { readOnly: true });
    try {
      const orgs = await db.all<{ object: string; org_id: string }>(sql`SELECT object, org_id FROM snapshot_tables WHERE object = 'Contact' ORDER BY org_id`);
      expect(orgs.map((o) => o.org_id).sort()).toEqual(truth.orgs.map((o) => o.id).sort());
    } finally {
      db.close();
    }
  }, 300_000);

  it('keeps each deleted Bulk job one export with its deletion, and makes no export of a job call', () => {
    const { exports } = readJson<{ exports: ExportOut[] }>('exports.json');
    const deleted = exports.filter((x) => x.deletedAt !== null).map((x) => ({ jobId: x.jobId, object: x.object, deletedAt: x.deletedAt }));
    expect(deleted.sort((a, b) => String(a.deletedAt).localeCompare(String(b.deletedAt)))).toEqual(truth.deletedJobs);
    for (const x of exports.filter((e) => e.deletedAt !== null)) expect(x.evidence.map((e) => e.role)).toContain('deletion');
    expect(exports.filter((x) => x.object === null || x.object === '?')).toEqual([]);
  });

  it('reconstructs each file download with its session and the file named from ContentVersion', () => {
    const { exports } = readJson<{ exports: ExportOut[] }>('exports.json');
    const downloads = exports.filter((x) => x.channel === 'file_download');
    expect(downloads.map((x) => ({
      userId: x.user.id, username: x.user.username, at: x.start, versionId: x.files[0]?.versionId, documentId: x.files[0]?.documentId,
      title: x.files[0]?.title, fileType: x.files[0]?.fileType, sizeBytes: x.files[0]?.sizeBytes,
    }))).toEqual(truth.fileDownloads);
    for (const x of downloads) expect(x.sessionKey).not.toBeNull();
  });

  it('makes each run of the weekly Data Export service one data_export export: the admin\'s request or schedule, its zips, who downloaded them', () => {
    const { exports } = readJson<{ exports: (ExportOut & { end: string })[] }>('exports.json');
    const runs = exports.filter((x) => x.channel === 'data_export');
    expect(runs.map((x) => ({
      audit: x.evidence.some((e) => e.role === 'export_request') ? 'request' : 'schedule', start: x.start, end: x.end, userId: x.user.id,
      username: x.user.username, sourceIp: x.sourceIp, files: x.files.map((f) => ({ title: f.title, documentId: f.documentId })),
    }))).toEqual(truth.dataExports);
    for (const x of runs) {
      // Whole objects, no row count invented; the admin's ordinary weekly backup is not suspicious and not in scope.
      expect([x.object, x.rows, x.suspicious, x.inScope]).toEqual(['*', null, false, false]);
      expect(x.evidence.filter((e) => e.role === 'export_request' || e.role === 'export_schedule').map((e) => path.basename(e.file))).toEqual(['SetupAuditTrail.csv']);
      expect(x.evidence.filter((e) => e.role === 'zip_download')).toHaveLength(x.files.length);
    }
  });

  it('makes each ListViewEvent a list_view export of its user, with the rows it showed', () => {
    const { exports } = readJson<{ exports: ExportOut[] }>('exports.json');
    const views = exports.filter((x) => x.channel === 'list_view').map((x) => ({ userId: x.user.id, username: x.user.username, at: x.start, object: x.object, rows: x.rows }));
    expect(views).toEqual(truth.listViewExports);
    expect(exports.filter((x) => x.channel === 'list_view' && x.suspicious)).toEqual([]); // a rep's own list view is ordinary traffic
  });

  it('sums every Data Loader query and its queryMore pages into one export', () => {
    const { exports } = readJson<{ exports: ExportOut[] }>('exports.json');
    const soap = exports.filter((x) => x.channel === 'soap_query').map((x) => ({ object: x.object, query: x.query, rows: x.rows, pages: x.evidence.filter((e) => e.role === 'query' || e.role === 'page').length }));
    expect(soap).toEqual(truth.dataLoaderExports.map((d) => ({ object: d.object, query: d.query, rows: d.rows, pages: d.pages })));
    expect(truth.dataLoaderExports.some((d) => d.pages > 1)).toBe(true);
  });

  it('logs the record ids of exactly the canaries a logged export named', async () => {
    const db = await CaseDb.open(path.join(out, 'case', 'case.duckdb'), { readOnly: true });
    try {
      const rows = await db.all<{ record_id: string }>(sql`SELECT DISTINCT record_id FROM export_records ORDER BY 1`);
      const logged = new Set(rows.map((r) => r.record_id));
      expect(truth.canaries.map((c) => ({ id: c.id, exported: logged.has(c.id) }))).toEqual(truth.canaries.map((c) => ({ id: c.id, exported: c.exported })));
      expect(truth.canaries.filter((c) => c.exported)).toHaveLength(2);
    } finally {
      db.close();
    }
    expect(readFileSync(path.join(root, 'resources', 'demo', 'canaries.txt'), 'utf8').split('\n').filter((l) => l && !l.startsWith('#'))).toEqual(truth.canaries.map((c) => c.id));
  });

  it('reads the containment from the Setup Audit Trail and times it from the first suspicious event (incident.json)', () => {
    type Action = { at: string | null; kind: string; appId: string | null; evidence: { file: string | null } };
    const incident = readJson<{ firstSuspiciousEvent: { at: string }; lastSuspiciousEvent: { at: string }; containment: Action[]; timeToContainment: { hours: number; action: Action } | null }>('incident.json');
    const cutting = incident.containment.filter((c) => ['token_revoked', 'app_blocked', 'user_frozen'].includes(c.kind));
    expect(cutting.map((c) => ({ kind: c.kind, at: c.at, appId: c.appId, file: path.basename(c.evidence.file ?? '') })))
      .toEqual(truth.response.containment.map((c) => ({ kind: c.kind, at: c.at, appId: truth.incident.connectedAppId, file: 'SetupAuditTrail.csv' })));
    expect(incident.firstSuspiciousEvent.at > truth.incident.start).toBe(true); // the first call after the login
    expect(incident.lastSuspiciousEvent.at).toBe(truth.incident.end); // the ApiEvent of the call made after the revocation
    expect(incident.timeToContainment?.hours).toBe(truth.response.timeToContainmentHours);
    expect(incident.timeToContainment?.action.kind).toBe('token_revoked');
  });

  it('flags access after containment on exactly the planted call made after the token was revoked', () => {
    const { exports } = readJson<{ exports: ExportOut[] }>('exports.json');
    const after = exports.filter((x) => x.reasons.some((r) => r.code === 'access_after_containment')).map((x) => `${x.channel}|${x.object}|${x.query ?? ''}|${x.rows}`);
    expect(after).toEqual(truth.plantedExports.filter((p) => p.afterContainment).map((p) => `${p.channel}|${p.object}|${p.query ?? ''}|${p.rows}`));
    expect(after).toHaveLength(1);
  });

  it('evaluates date literals in the user\'s time zone, with no UTC fallback warning', () => {
    expect(stdout).not.toMatch(/date literals evaluated in UTC/);
    // The witness contact left with the Contact job only in the Convo Chat user's time zone (America/Los_Angeles).
    const persons = truth.affectedPersons.filter((p) => p.id === truth.calendar.timeZoneWitness.contactId);
    expect(persons).toHaveLength(1);
    const code = persons[0]!.jurisdiction;
    expect(csvIds(path.join(out, 'affected', `${code}.csv`))).toContain(truth.calendar.timeZoneWitness.contactId);
  });

  it('verifies the custody chain and names a source changed after import', async () => {
    const copy = mkdtempSync(path.join(os.tmpdir(), 'ls-demo-copy-'));
    cpSync(demo, copy, { recursive: true });
    const out3 = mkdtempSync(path.join(os.tmpdir(), 'ls-demo-verify-'));
    await run(process.execPath, [cli, 'investigate', copy, '--out', out3]);
    const ok = await run(process.execPath, [cli, 'verify', path.join(out3, 'case')]);
    expect(ok.stdout).toContain('Custody chain intact');
    const victim = path.join(copy, 'rtem', 'ApiEvent.csv');
    expect(existsSync(victim)).toBe(true);
    writeFileSync(victim, readFileSync(victim, 'utf8').replace('python-requests', 'python-requestz'));
    const bad = await run(process.execPath, [cli, 'verify', path.join(out3, 'case')]).catch((e: { code: number; stdout: string }) => e);
    expect((bad as { code: number }).code).toBe(1);
    expect((bad as { stdout: string }).stdout).toContain(`CHANGED: ${victim}`);
  });
});
