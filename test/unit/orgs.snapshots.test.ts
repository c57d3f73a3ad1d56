/**
 * Snapshots belong to an org, through the whole investigation on evidence written here: two orgs whose Contact
 * snapshots hold the same ids with different people, each beside (or below) its own Organization export; a
 * third Contact export with no Organization export above it (unassigned: a warning, read by no one); a Lead
 * export taken in later with `--org`; a list view whose RTEM row names no org, placed by the session it belongs to.
 * Every expected figure is worked out by hand from the rows below.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CASE_DB, CUSTODY_DB } from '../../electron/engine/caseLayout.js';
import { CustodyLog } from '../../electron/engine/casestore/custody.js';
import { investigate } from '../../electron/engine/investigate.js';
import { listSnapshotTables, snapshotServesOrg } from '../../electron/engine/intake/snapshots.js';
import { CaseDb } from '../../electron/engine/store/duck.js';
import { migrate, MIGRATIONS } from '../../electron/engine/store/migrate.js';
import { sql } from '../../electron/engine/store/sql.js';
import { toId18 } from '../../shared/ids.js';
import { elfRow, writeCsv } from '../helpers/evidence.js';

const REPO = path.resolve(import.meta.dirname, '../..');
const root = mkdtempSync(path.join(os.tmpdir(), 'ls-orgs-'));
const ev = path.join(root, 'evidence');
const extra = path.join(root, 'later');
const out = path.join(root, 'out');
const caseDir = path.join(root, 'case');
afterAll(() => rmSync(root, { recursive: true, force: true }));

const ORG_A = toId18('00D5j000000AlFa')!;
const ORG_B = toId18('00D8d000000BeTa')!;
const USER_A = toId18('0055j00000UsrAa')!;
const USER_B = toId18('0058d00000UsrBb')!;
const C = (n: number): string => toId18(`0035j00000Ct00${n}`)!;
const L = (n: number): string => toId18(`00Q5j00000Ld00${n}`)!;

const contact = (n: number, state: string): Record<string, string> => ({
  Id: C(n).slice(0, 15), FirstName: `P${n}`, LastName: 'Person', Email: `p${n}@example.com`, MailingState: state, MailingCountry: 'US', CreatedDate: '2025-01-01T00:00:00.000+0000',
});
const apiEvent = (id: string, at: string, user: string, session: string, query: string, object: string, rows: string): Record<string, string> => ({
  EventIdentifier: id, EventDate: at, UserId: user, Username: `${user}@example.com`, SessionKey: session, SourceIp: '203.0.113.9', UserAgent: 'python-requests/2.32.4',
  ApiType: 'REST', Operation: 'Query', Query: query, QueriedEntities: object, RowsProcessed: rows, RequestIdentifier: `R-${id}`,
});

function writeEvidence(): void {
  // Org A: its Organization export in orgA/, the Contact snapshot one folder below (the parent-folder rule).
  writeCsv(path.join(ev, 'orgA', 'Organization.csv'), [{ Id: ORG_A.slice(0, 15), Name: 'Alpha Corp' }]);
  writeCsv(path.join(ev, 'orgA', 'snapshots', 'Contact.csv'), [contact(1, 'CA'), contact(2, 'CA'), contact(3, 'CA'), contact(4, 'NY')]);
  writeCsv(path.join(ev, 'orgA', 'rtem', 'ApiEvent.csv'), [
    apiEvent('a-1', '2025-07-01T10:00:00.000Z', USER_A, 'SA', "SELECT Id, Email FROM Contact WHERE MailingState = 'CA'", 'Contact', '3'),
    apiEvent('a-2', '2025-07-01T10:01:00.000Z', USER_A, 'SA', 'SELECT Id, Name FROM Account', 'Account', '1'),
  ]);
  // Org B: the same Contact ids, other people; two folders below its Organization export.
  writeCsv(path.join(ev, 'orgB', 'Organization.csv'), [{ Id: ORG_B, Name: 'Beta Ltd' }]);
  writeCsv(path.join(ev, 'orgB', 'data', 'snapshots', 'Account.csv'), [{ Id: '0015j00000Acc01', Name: 'Beta Customer', BillingState: 'WA', BillingCountry: 'US', CreatedDate: '2025-01-01T00:00:00.000+0000' }]);
  writeCsv(path.join(ev, 'orgB', 'data', 'snapshots', 'Contact.csv'), [contact(1, 'TX'), contact(2, 'NY'), contact(3, 'NY'), contact(4, 'WA')]);
  writeCsv(path.join(ev, 'orgB', 'rtem', 'ApiEvent.csv'), [
    apiEvent('b-1', '2025-07-02T10:00:00.000Z', USER_B, 'SB', "SELECT Id, Email FROM Contact WHERE MailingState = 'NY'", 'Contact', '2'),
    apiEvent('b-2', '2025-07-02T10:05:00.000Z', USER_B, 'SB', 'SELECT Id, State FROM Lead', 'Lead', '2'),
  ]);
  // The UI session of org B: only a URI row of the ELF names it (and its org).
  writeCsv(path.join(ev, 'orgB', 'elf', 'URI.csv'), [
    elfRow('URI', '2025-07-03T09:00:00.000Z', { REQUEST_ID: 'U1', ORGANIZATION_ID: ORG_B.slice(0, 15), USER_ID: USER_B.slice(0, 15), SESSION_KEY: 'SB-UI', LOGIN_KEY: 'LB-UI', URI: '/003/o', CLIENT_IP: '198.51.100.7' }),
  ]);
  // A list view exported in that session, from an RTEM file beside no Organization export: its org comes from the session.
  writeCsv(path.join(ev, 'rtem', 'ListViewEvent.csv'), [
    { EventIdentifier: 'lv-1', EventDate: '2025-07-03T09:00:05.000Z', UserId: USER_B, Username: 'b@example.com', SessionKey: 'SB-UI', LoginKey: 'LB-UI', SourceIp: '198.51.100.7', QueriedEntities: 'Contact', RowsProcessed: '1', Records: `["${C(4)}"]` },
  ]);
  // A Contact export no org can be told for: were it read for org A, C5 and C6 (in CA) would be exposed too.
  writeCsv(path.join(ev, 'loose', 'Contact.csv'), [contact(5, 'CA'), contact(6, 'CA'), contact(1, 'FL')]);
  // Taken in later with --org: org B's leads.
  writeCsv(path.join(extra, 'Lead.csv'), [
    { Id: L(1).slice(0, 15), LastName: 'Lead1', Email: 'l1@example.com', State: 'OR', Country: 'US', CreatedDate: '2025-01-01T00:00:00.000+0000' },
    { Id: L(2).slice(0, 15), LastName: 'Lead2', Email: 'l2@example.com', State: 'OR', Country: 'US', CreatedDate: '2025-01-01T00:00:00.000+0000' },
  ]);
}

const scope = { integrations: [], users: [USER_A, USER_B], from: null, to: null, awareAt: null };
let firstWarnings: string[] = [];
let firstUnresolved: { exportId: string; object: string | null; reason: string }[] = [];

async function run(paths: string[], org?: string): Promise<string[]> {
  const r = await investigate({ evidencePaths: paths, outDir: out, caseDir, scope, resourcesDir: path.join(REPO, 'resources'), tool: { name: 'leakscope', version: 'test' }, org });
  if (!r.ok) throw new Error(r.error.message);
  return r.value.warnings;
}

async function query<T extends Record<string, unknown>>(q: ReturnType<typeof sql>): Promise<T[]> {
  const db = await CaseDb.open(path.join(caseDir, CASE_DB), { readOnly: true });
  try {
    return await db.all<T>(q);
  } finally {
    db.close();
  }
}

type Affected = { org_id: string; object: string; id: string; jurisdiction: string; confidence: string };
const affected = (): Promise<Affected[]> =>
  query<Affected>(sql`SELECT org_id, object, id, jurisdiction, confidence FROM affected ORDER BY org_id, object, id`);

beforeAll(async () => {
  writeEvidence();
  firstWarnings = await run([ev]);
  firstUnresolved = (JSON.parse(readFileSync(path.join(out, 'affected.json'), 'utf8')) as { unresolved: typeof firstUnresolved }).unresolved;
}, 120_000);

describe('snapshots of two orgs in one case', () => {
  it('assigns each export the org of the Organization export in its folder or the nearest parent, and records why', async () => {
    const rows = await query<{ name: string; object: string; org_id: string | null; org_basis: string; organization: string | null }>(sql`
      SELECT s.path AS name, o.object, o.org_id, o.org_basis, g.path AS organization FROM source_orgs o JOIN sources s ON s.id = o.source_id
      LEFT JOIN sources g ON g.id = o.organization_source_id WHERE o.kind = 'sobject' ORDER BY s.path`);
    const rel = (p: string | null): string | null => (p === null ? null : path.relative(ev, p));
    expect(rows.map((r) => [rel(r.name), r.org_id, r.org_basis, rel(r.organization)])).toEqual([
      ['loose/Contact.csv', null, 'unassigned', null],
      ['orgA/Organization.csv', ORG_A, 'organization_export', 'orgA/Organization.csv'],
      ['orgA/snapshots/Contact.csv', ORG_A, 'organization_export', 'orgA/Organization.csv'],
      ['orgB/Organization.csv', ORG_B, 'organization_export', 'orgB/Organization.csv'],
      ['orgB/data/snapshots/Account.csv', ORG_B, 'organization_export', 'orgB/Organization.csv'],
      ['orgB/data/snapshots/Contact.csv', ORG_B, 'organization_export', 'orgB/Organization.csv'],
    ]);
    const tables = await query<{ object: string; org_id: string | null; org_basis: string; table_name: string }>(sql`
      SELECT object, org_id, org_basis, table_name FROM snapshot_tables WHERE object = 'Contact' ORDER BY table_name`);
    expect(tables).toEqual([
      { object: 'Contact', org_id: ORG_A, org_basis: 'organization_export', table_name: `snap_contact__${ORG_A.toLowerCase()}` },
      { object: 'Contact', org_id: ORG_B, org_basis: 'organization_export', table_name: `snap_contact__${ORG_B.toLowerCase()}` },
      { object: 'Contact', org_id: null, org_basis: 'unassigned', table_name: 'snap_contact__unassigned' },
    ]);
    const custody = CustodyLog.open(path.join(caseDir, CUSTODY_DB));
    try {
      const orgEntries = custody.entries().filter((e) => e.action === 'source.org').map((e) => e.detail as { path: string; orgId: string | null; basis: string });
      expect(orgEntries.map((e) => [path.relative(ev, e.path), e.orgId, e.basis]).sort()).toEqual(rows.map((r) => [rel(r.name), r.org_id, r.org_basis]).sort());
    } finally {
      custody.close();
    }
  });

  it('warns about the export no org can be told for, naming the file and the fix', () => {
    const w = firstWarnings.filter((x) => x.includes(path.join(ev, 'loose', 'Contact.csv')));
    expect(w).toHaveLength(1);
    expect(w[0]).toMatch(/cannot be assigned to an org: the case holds 2 orgs/);
    expect(w[0]).toMatch(/--org <org id>/);
    expect(w[0]).toMatch(/Organization export in its folder/);
  });

  it('replays each export against its own org only, keeps org per person, and ignores the unassigned export', async () => {
    expect(await affected()).toEqual([
      ...[1, 2, 3].map((n) => ({ org_id: ORG_A, object: 'Contact', id: C(n), jurisdiction: 'US-CA', confidence: 'replayed' })),
      { org_id: ORG_B, object: 'Contact', id: C(2), jurisdiction: 'US-NY', confidence: 'replayed' },
      { org_id: ORG_B, object: 'Contact', id: C(3), jurisdiction: 'US-NY', confidence: 'replayed' },
      // The list view's logged record, placed in org B by its session, read from org B's snapshot (WA, not A's NY).
      { org_id: ORG_B, object: 'Contact', id: C(4), jurisdiction: 'US-WA', confidence: 'confirmed' },
    ]);
    const json = JSON.parse(readFileSync(path.join(out, 'affected.json'), 'utf8')) as { summary: { byOrg: Record<string, number> } };
    expect(json.summary.byOrg).toEqual({ [ORG_A]: 3, [ORG_B]: 3 });
  });

  it('gives the list view its org from the session it belongs to', async () => {
    expect(await query(sql`SELECT org_id, org_name FROM exports WHERE channel = 'list_view'`)).toEqual([{ org_id: ORG_B, org_name: 'Beta Ltd' }]);
  });

  it('says why an export finds no snapshot of its org: none at all, or only another org\'s', () => {
    const lead = firstUnresolved.filter((u) => u.object === 'Lead');
    expect(lead).toHaveLength(1);
    expect(lead[0]!.reason).toMatch(/no Lead snapshot/i);
    const account = firstUnresolved.filter((u) => u.object === 'Account');
    expect(account).toHaveLength(1);
    expect(account[0]!.reason).toContain(`the case's Account snapshot belongs to org ${ORG_B}, not to this export's org ${ORG_A}`);
  });

  it('takes a later export as the --org given, and replays org B against it', async () => {
    const warnings = await run([extra], ORG_B.slice(0, 15));
    expect(warnings.some((w) => w.includes('Lead.csv') && w.includes('cannot be assigned'))).toBe(false);
    const lead = await query<{ org_id: string; org_basis: string; reason: string }>(sql`
      SELECT o.org_id, o.org_basis, o.reason FROM source_orgs o JOIN sources s ON s.id = o.source_id WHERE s.path = ${path.join(extra, 'Lead.csv')}`);
    expect(lead).toEqual([{ org_id: ORG_B, org_basis: 'option', reason: `--org ${ORG_B} given when it was taken in` }]);
    const rows = await affected();
    expect(rows.filter((r) => r.object === 'Lead')).toEqual([1, 2].map((n) => ({ org_id: ORG_B, object: 'Lead', id: L(n), jurisdiction: 'US-OR', confidence: 'replayed' })));
    expect(rows.filter((r) => r.object === 'Contact')).toHaveLength(6); // unchanged by the second run
  }, 120_000);

  it('assigns a file already in the case when it is given again with --org, as the warning says', async () => {
    const warnings = await run([path.join(ev, 'loose')], ORG_A);
    expect(warnings.some((w) => w.includes('cannot be assigned'))).toBe(false);
    // loose/Contact.csv is now org A's: its C5 and C6 (CA) answer org A's query; its C1 (FL) loses to orgA/'s later file.
    const rows = await affected();
    expect(rows.filter((r) => r.org_id === ORG_A).map((r) => [r.id, r.jurisdiction])).toEqual([1, 2, 3, 5, 6].map((n) => [C(n), 'US-CA']));
    expect(rows.filter((r) => r.org_id === ORG_B && r.object === 'Contact')).toHaveLength(3);
  }, 120_000);
});

describe('a case written before snapshots had an org', () => {
  it('opens: migration 7 keeps its snapshot rows (no org, no basis) readable until the next import rebuilds them', async () => {
    const db = await CaseDb.open(':memory:');
    try {
      await migrate(db, MIGRATIONS.slice(0, 6));
      await db.run(sql`INSERT INTO snapshot_tables VALUES ('Contact', 'snap_contact', '3')`);
      await migrate(db);
      const rows = await listSnapshotTables(db);
      expect(rows).toEqual([{ object: 'Contact', org_id: null, org_basis: null, table_name: 'snap_contact', source_ids: '3' }]);
      expect(snapshotServesOrg(rows[0]!, ORG_A)).toBe(true);
      expect(snapshotServesOrg({ org_id: null, org_basis: 'unassigned' }, ORG_A)).toBe(false);
      expect(snapshotServesOrg({ org_id: ORG_B, org_basis: 'organization_export' }, ORG_A)).toBe(false);
    } finally {
      db.close();
    }
  });
});
