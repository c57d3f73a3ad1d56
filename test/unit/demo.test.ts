/**
 * The demo org: the checked-in copy under resources/demo must be exactly what the generator
 * produces (a stale demo fails here), the files must be in Salesforce's formats, and the
 * ground truth must agree with the evidence. Where possible the truth is re-derived from the
 * written snapshot CSVs with this file's own predicates, so the generator's oracle is checked
 * by a second, independent implementation.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { toId18 } from '../../shared/ids.js';
import { DEFAULT_SEED, generateDemo, truthJson, type DemoTruth } from '../../scripts/demo/index.js';

const DEMO_DIR = fileURLToPath(new URL('../../resources/demo/', import.meta.url));
const EVIDENCE_DIR = join(DEMO_DIR, 'evidence');
const INCIDENT_DAY = '2025-07-26';

type Row = Record<string, string>;

/** Strict CSV reader: every field must be double-quoted; returns header and rows. */
function readCsv(text: string, name: string): { header: string[]; rows: Row[] } {
  const records: string[][] = [];
  let i = 0;
  while (i < text.length) {
    const record: string[] = [];
    for (;;) {
      if (text[i] !== '"') throw new Error(`${name}: unquoted field at offset ${i}`);
      i++;
      let value = '';
      for (;;) {
        const q = text.indexOf('"', i);
        if (q < 0) throw new Error(`${name}: unterminated field`);
        value += text.slice(i, q);
        if (text[q + 1] === '"') {
          value += '"';
          i = q + 2;
        } else {
          i = q + 1;
          break;
        }
      }
      record.push(value);
      if (text[i] === ',') {
        i++;
        continue;
      }
      if (text[i] === '\n') {
        i++;
        break;
      }
      throw new Error(`${name}: expected , or LF at offset ${i}`);
    }
    records.push(record);
  }
  const [header = [], ...body] = records;
  const rows = body.map((r, n) => {
    if (r.length !== header.length) throw new Error(`${name}: record ${n + 1} has ${r.length} fields, header ${header.length}`);
    return Object.fromEntries(header.map((h, k) => [h, r[k] ?? '']));
  });
  return { header, rows };
}

function listFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...listFiles(full));
    else out.push(relative(DEMO_DIR, full).split(sep).join('/'));
  }
  return out.sort();
}

let files: Map<string, string>;
let truth: DemoTruth;
const parsed = new Map<string, { header: string[]; rows: Row[] }>();

function csv(path: string): { header: string[]; rows: Row[] } {
  let hit = parsed.get(path);
  if (!hit) {
    const text = files.get(path);
    if (text === undefined) throw new Error(`no file ${path}`);
    hit = readCsv(text, path);
    parsed.set(path, hit);
  }
  return hit;
}

function elfRows(type: string): Row[] {
  return [...files.keys()].filter((p) => p.startsWith(`elf/${type}/`)).flatMap((p) => csv(p).rows);
}

const ms = (iso: string): number => Date.parse(iso);

beforeAll(() => {
  ({ files, truth } = generateDemo(DEFAULT_SEED));
});

describe('demo generator', () => {
  it('is deterministic for a seed and varies with the seed', () => {
    const again = generateDemo(DEFAULT_SEED);
    expect([...again.files.keys()]).toEqual([...files.keys()]);
    for (const [path, content] of files) expect(again.files.get(path), path).toBe(content);
    expect(truthJson(again.truth)).toBe(truthJson(truth));
    const other = generateDemo(DEFAULT_SEED + 1);
    expect(other.files.get('snapshots/Contact.csv')).not.toBe(files.get('snapshots/Contact.csv'));
  });

  it('matches the checked-in resources/demo byte for byte', () => {
    const onDisk = listFiles(DEMO_DIR).filter((p) => p !== 'README.md').map((p) => p.replace(/^evidence\//, '')).sort();
    expect(onDisk).toEqual([...files.keys(), 'truth.json', 'canaries.txt'].sort());
    for (const [path, content] of files) {
      expect(readFileSync(join(EVIDENCE_DIR, path), 'utf8') === content, `${path} is stale: run npx tsx scripts/generate-demo.ts`).toBe(true);
    }
    expect(readFileSync(join(DEMO_DIR, 'truth.json'), 'utf8')).toBe(truthJson(truth));
    expect(readFileSync(join(DEMO_DIR, 'canaries.txt'), 'utf8')).toBe(generateDemo(DEFAULT_SEED).canaries);
  });

  it('stays a reasonable size', () => {
    const bytes = [...files.values()].reduce((sum, c) => sum + Buffer.byteLength(c), 0);
    expect(bytes).toBeLessThan(12_000_000);
    expect(bytes).toBeGreaterThan(2_000_000);
  });
});

describe('file formats', () => {
  it('writes every CSV fully quoted, LF-terminated, with consistent field counts', () => {
    for (const [path, text] of files) {
      expect(text.endsWith('\n'), path).toBe(true);
      expect(text.includes('\r'), path).toBe(false);
      expect(csv(path).rows.length, path).toBeGreaterThan(0);
    }
  });

  it('uses the real ELF headers in their observed column order', () => {
    expect(csv(`elf/Login/Login-${INCIDENT_DAY}.csv`).header.join(',')).toBe(
      'EVENT_TYPE,TIMESTAMP,REQUEST_ID,ORGANIZATION_ID,USER_ID,RUN_TIME,CPU_TIME,URI,SESSION_KEY,LOGIN_KEY,USER_TYPE,REQUEST_STATUS,DB_TOTAL_TIME,LOGIN_TYPE,BROWSER_TYPE,API_TYPE,API_VERSION,USER_NAME,TLS_PROTOCOL,CIPHER_SUITE,LOGIN_URL,AUTHENTICATION_METHOD_REFERENCE,LOGIN_SUB_TYPE,AUTHENTICATION_SERVICE_ID,TIMESTAMP_DERIVED,USER_ID_DERIVED,CLIENT_IP,URI_ID_DERIVED,LOGIN_STATUS,SOURCE_IP,FORWARDED_FOR_IP',
    );
    expect(csv(`elf/BulkApi2/BulkApi2-${INCIDENT_DAY}.csv`).header.join(',')).toBe(
      'EVENT_TYPE,TIMESTAMP,REQUEST_ID,ORGANIZATION_ID,USER_ID,RUN_TIME,CPU_TIME,URI,SESSION_KEY,LOGIN_KEY,JOB_ID,OPERATION_TYPE,JOB_STATUS,ENTITY_TYPE,RECORDS_PROCESSED,RECORDS_FAILED,RESULT_SIZE_MB,TIMESTAMP_DERIVED,USER_ID_DERIVED,CLIENT_IP,URI_ID_DERIVED',
    );
    expect(csv(`elf/ApiTotalUsage/ApiTotalUsage-${INCIDENT_DAY}.csv`).header.join(',')).toBe(
      'EVENT_TYPE,TIMESTAMP,REQUEST_ID,ORGANIZATION_ID,USER_ID,API_FAMILY,API_VERSION,API_RESOURCE,CLIENT_NAME,HTTP_METHOD,CLIENT_IP,COUNTS_AGAINST_API_LIMIT,CONNECTED_APP_ID,ENTITY_NAME,STATUS_CODE,CONNECTED_APP_NAME,USER_NAME,TIMESTAMP_DERIVED',
    );
    const rest = csv(`elf/RestApi/RestApi-${INCIDENT_DAY}.csv`).header;
    for (const column of ['CONNECTED_APP_ID', 'CLIENT_NAME', 'SESSION_KEY', 'LOGIN_KEY', 'ENTITY_NAME', 'ROWS_PROCESSED', 'USER_AGENT']) {
      expect(rest, column).toContain(column);
    }
  });

  it('renders ELF timestamps, ids and file days consistently', () => {
    for (const path of [...files.keys()].filter((p) => p.startsWith('elf'))) {
      const day = /-(\d{4}-\d{2}-\d{2})(T\d{2})?\.csv$/.exec(path)?.[1];
      for (const row of csv(path).rows) {
        const ts = row['TIMESTAMP'] ?? '';
        expect(ts, path).toMatch(/^\d{14}\.\d{3}$/);
        const derived = row['TIMESTAMP_DERIVED'] ?? '';
        expect(derived.replace(/[-T:.Z]/g, ''), path).toBe(ts.replace('.', ''));
        expect(derived.slice(0, 10), path).toBe(day);
        expect(row['ORGANIZATION_ID']).toBe('00D5j000000NWDm');
        for (const [column, value] of Object.entries(row)) {
          if (value === '') continue;
          if (/(^|_)ID$/.test(column) && column !== 'REQUEST_ID') expect(value, `${path} ${column}`).toHaveLength(15);
          if (column.endsWith('_ID_DERIVED')) expect(value, `${path} ${column}`).toHaveLength(18);
        }
        if (row['USER_ID_DERIVED'] !== undefined) expect(row['USER_ID_DERIVED']).toBe(toId18(row['USER_ID']));
      }
    }
    expect(elfRows('RestApi').every((r) => /^\d+$/.test(r['USER_AGENT'] ?? ''))).toBe(true);
  });

  it('writes hourly files whose rows are byte-identical to the daily rows of that hour', () => {
    const hourly = [...files.keys()].filter((p) => p.startsWith('elf-hourly/'));
    expect(hourly.length).toBeGreaterThanOrEqual(4);
    for (const path of hourly) {
      const [, type, hour] = /^elf-hourly\/(\w+)\/\w+-(\d{4}-\d{2}-\d{2}T\d{2})\.csv$/.exec(path) ?? [];
      const daily = files.get(`elf/${type}/${type}-${hour?.slice(0, 10)}.csv`) ?? '';
      const compact = (hour ?? '').replace(/[-T]/g, '');
      const [header, ...dailyLines] = daily.trimEnd().split('\n');
      const inHour = dailyLines.filter((line) => line.split(',')[1]?.startsWith(`"${compact}`));
      expect(files.get(path)).toBe([header, ...inHour].join('\n') + '\n');
    }
  });
});

describe('planted incident evidence', () => {
  const attacker = (r: Row): boolean => r['CLIENT_IP'] === '45.147.230.12' || r['SourceIp'] === '45.147.230.12';

  it('has the attacker logins, REST queries and Bulk jobs on their sessions', () => {
    const login = elfRows('Login').filter(attacker);
    expect(login).toHaveLength(2); // the night of the theft, and once more the next morning
    expect(login[0]).toMatchObject({
      TIMESTAMP: '20250726222419.439', BROWSER_TYPE: 'python-requests/2.32.4', LOGIN_TYPE: 'i',
      URI: '/services/oauth2/token', USER_NAME: truth.incident.username, SOURCE_IP: '45.147.230.12',
    });
    expect(login[1]).toMatchObject({ TIMESTAMP: '20250727071233.205', BROWSER_TYPE: 'python-requests/2.32.4', LOGIN_SUB_TYPE: 'oauthrefreshtoken' });
    const restAll = elfRows('RestApi').filter(attacker);
    const rest = restAll.filter((r) => r['METHOD'] === 'GET');
    const deletes = restAll.filter((r) => r['METHOD'] === 'DELETE');
    const bulk = elfRows('BulkApi2').filter(attacker);
    // Each planted Bulk job is deleted by a REST DELETE on its URI, at the time the truth gives.
    expect(deletes.map((r) => [r['URI']?.replace(/^.*\/jobs\/query\//, '').slice(0, 15), r['TIMESTAMP_DERIVED']])).toEqual(truth.deletedJobs.map((j) => [j.jobId, j.deletedAt]));
    expect(rest).toHaveLength(truth.plantedExports.filter((e) => e.channel === 'rest_query').length);
    const morning = (r: Row): boolean => (r['TIMESTAMP'] ?? '') >= '20250727';
    expect([...new Set([...restAll, ...bulk].filter((r) => !morning(r)).map((r) => r['LOGIN_KEY']))]).toEqual([login[0]?.['LOGIN_KEY']]);
    expect([...new Set(restAll.filter(morning).map((r) => r['LOGIN_KEY']))]).toEqual([login[1]?.['LOGIN_KEY']]);
    // The morning call comes after the token revocation the Setup Audit Trail records, and it is the only planted export that does.
    const revoked = truth.response.containment.find((c) => c.kind === 'token_revoked')!.at;
    expect(rest.filter((r) => (r['TIMESTAMP_DERIVED'] ?? '') > revoked).map((r) => r['ENTITY_NAME'])).toEqual(truth.plantedExports.filter((e) => e.afterContainment).map((e) => e.object));
    expect(restAll.every((r) => toId18(r['CONNECTED_APP_ID']) === truth.incident.connectedAppId)).toBe(true);
    expect(bulk.every((r) => r['JOB_STATUS'] !== undefined && !('CONNECTED_APP_ID' in r))).toBe(true);
    const complete = bulk.filter((r) => r['JOB_STATUS'] === 'JobComplete');
    const bulkTruth = truth.plantedExports.filter((e) => e.channel === 'bulk_api_2');
    expect(complete.map((r) => [r['ENTITY_TYPE'], Number(r['RECORDS_PROCESSED'])])).toEqual(bulkTruth.map((e) => [e.object, e.rows]));
    const restTruth = truth.plantedExports.filter((e) => e.channel === 'rest_query');
    expect(rest.map((r) => [r['ENTITY_NAME'], Number(r['ROWS_PROCESSED'])])).toEqual(restTruth.map((e) => [e.object, e.rows]));
  });

  it('joins ApiEvent rows to ELF rows by request id, with ConnectedAppId only where Salesforce sets it', () => {
    const requestIds = new Set([...elfRows('RestApi'), ...elfRows('API'), ...elfRows('BulkApi2')].map((r) => r['REQUEST_ID']));
    const events = csv('rtem/ApiEvent.csv').rows;
    expect(events.every((e) => requestIds.has(e['RequestIdentifier']))).toBe(true);
    const mine = events.filter(attacker);
    expect(mine.filter((e) => e['ApiType'] === 'Bulk').every((e) => e['ConnectedAppId'] === '' && e['Records'] === '')).toBe(true);
    expect(mine.filter((e) => e['ApiType'] === 'REST').every((e) => e['ConnectedAppId'] === truth.incident.connectedAppId)).toBe(true);
    const eventIds = new Set(events.map((e) => e['RequestIdentifier']));
    const opportunity = elfRows('RestApi').filter((r) => attacker(r) && r['ENTITY_NAME'] === 'Opportunity' && r['NUMBER_FIELDS'] !== '');
    expect(opportunity).toHaveLength(1);
    expect(eventIds.has(opportunity[0]?.['REQUEST_ID'])).toBe(false);
    const usage = elfRows('ApiTotalUsage').filter((r) => r['REQUEST_ID'] === opportunity[0]?.['REQUEST_ID']);
    expect(usage).toHaveLength(1);
    expect(usage[0]?.['CONNECTED_APP_NAME']).toBe('Convo Chat for Salesforce');
  });

  it('lists only record ids that exist in the snapshots', () => {
    const ids = new Set(['Contact', 'Lead', 'Account', 'Opportunity', 'Case'].flatMap((o) => csv(`snapshots/${o}.csv`).rows.map((r) => r['Id'])));
    let listed = 0;
    for (const e of csv('rtem/ApiEvent.csv').rows) {
      if (e['Records'] === '') continue;
      const records = JSON.parse(e['Records'] ?? '[]') as string[];
      expect(records.length).toBe(Number(e['RowsReturned']));
      for (const id of records) expect(ids.has(id), id).toBe(true);
      listed += records.length;
    }
    expect(listed).toBeGreaterThan(1000);
  });
});

describe('ground truth', () => {
  const contacts = (): Row[] => csv('snapshots/Contact.csv').rows;
  const leads = (): Row[] => csv('snapshots/Lead.csv').rows;
  const query = (needle: string): string => {
    const q = truth.plantedExports.find((e) => e.query?.includes(needle))?.query;
    if (!q) throw new Error(`no planted query with ${needle}`);
    return q;
  };
  const idsOf = (object: string, q: string): string[] =>
    truth.affectedPersons.filter((p) => p.object === object && p.exportQueries.includes(q)).map((p) => p.id).sort();

  it('is complete and internally consistent', () => {
    expect(truth.seed).toBe(DEFAULT_SEED);
    expect(truth.affectedPersons.length).toBeGreaterThan(1500);
    expect(Object.values(truth.byJurisdiction).reduce((a, b) => a + b, 0)).toBe(truth.affectedPersons.length);
    expect(new Set(truth.affectedPersons.map((p) => p.id)).size).toBe(truth.affectedPersons.length);
    for (const code of Object.keys(truth.byJurisdiction)) expect(code).toMatch(/^(US-[A-Z]{2}|CA-QC|CA-AB|[A-Z]{2})$/);
    expect(Object.keys(truth.byJurisdiction)).toEqual(expect.arrayContaining(['US-CA', 'US-TX', 'CA-QC', 'CA', 'DE', 'GB', 'FR', 'AU', 'US', 'ZZ']));
    expect(truth.otherObjects['Account']).toBeGreaterThan(50);
    expect(truth.unresolved).toEqual([{ object: 'Opportunity', rows: csv('snapshots/Opportunity.csv').rows.filter((o) => ms(o['CreatedDate'] ?? '') < ms('2025-07-26T22:58:40Z')).length }]);
    const snapshot = new Map([...contacts(), ...leads()].map((r) => [r['Id'], r]));
    for (const p of truth.affectedPersons) expect(snapshot.has(p.id), p.id).toBe(true);
  });

  it('agrees with the Contact job re-run on the snapshot, LAST_N_DAYS:7 evaluated in the Convo Chat user\'s time zone', () => {
    const user = csv('metadata/User.csv').rows.find((u) => u['Id'] === truth.incident.userId);
    expect(user?.['TimeZoneSidKey']).toBe('America/Los_Angeles');
    expect(truth.calendar.users.find((u) => u.userId === truth.incident.userId)?.timeZone).toBe(user?.['TimeZoneSidKey']);
    // Only the witness was created 2025-07-17 … 07-20: 07-19 03:12 UTC is 07-18 evening in Los Angeles.
    const created = contacts().filter((c) => ms(c['CreatedDate'] ?? '') >= ms('2025-07-17T00:00Z') && ms(c['CreatedDate'] ?? '') < ms('2025-07-21T00:00Z'));
    expect(created.map((c) => [c['Id'], c['CreatedDate']])).toEqual([[truth.calendar.timeZoneWitness.contactId, truth.calendar.timeZoneWitness.createdDate]]);
    const q = query('FROM Contact WHERE');
    const select = (boundary: string): string[] =>
      contacts()
        .filter((c) => {
          const source = (c['LeadSource'] ?? '').toLowerCase();
          return c['HasOptedOutOfEmail'] === 'false' && (source === 'web' || source === 'partner referral' || /director/i.test(c['Title'] ?? '')) &&
            ms(c['CreatedDate'] ?? '') < ms(boundary);
        })
        .map((c) => c['Id'] ?? '')
        .sort();
    // The job ran 2025-07-26 15:30 PDT: seven days back is 2025-07-19 00:00 PDT = 07:00 UTC (hand-computed).
    expect(select('2025-07-19T07:00Z')).toEqual(idsOf('Contact', q));
    expect(idsOf('Contact', q)).toContain(truth.calendar.timeZoneWitness.contactId);
    expect(select('2025-07-19T00:00Z')).toEqual(idsOf('Contact', q).filter((id) => id !== truth.calendar.timeZoneWitness.contactId)); // in UTC: one short
    expect(select('2025-07-28T00:00Z').length).toBeGreaterThan(idsOf('Contact', q).length); // evaluated at snapshot time: wrong
  });

  it('agrees with the Lead job and the hot-lead query re-run on the snapshot as of their times', () => {
    const existedAt = (r: Row, iso: string): boolean => ms(r['CreatedDate'] ?? '') < ms(iso);
    const lead = query('FROM Lead WHERE IsConverted');
    const open = (r: Row): boolean =>
      r['IsConverted'] === 'false' && (r['Status'] ?? '').toLowerCase() !== 'disqualified' && ms(r['CreatedDate'] ?? '') >= ms('2025-01-01T00:00:00Z');
    const expected = leads().filter((r) => open(r) && existedAt(r, '2025-07-26T22:40:11.250Z')).map((r) => r['Id']).sort();
    expect(expected).toEqual(idsOf('Lead', lead));
    expect(leads().filter((r) => open(r) && !existedAt(r, '2025-07-26T22:40:11.250Z')).length).toBeGreaterThan(10); // the trap
    const hot = query("Rating = 'Hot'");
    const hotLeads = leads()
      .filter((r) => (r['Rating'] ?? '').toLowerCase() === 'hot' && existedAt(r, '2025-07-26T22:47:36.118Z'))
      .sort((a, b) => ms(b['CreatedDate'] ?? '') - ms(a['CreatedDate'] ?? ''));
    expect(hotLeads.length).toBeGreaterThan(200);
    expect(ms(hotLeads[199]?.['CreatedDate'] ?? '')).toBeGreaterThan(ms(hotLeads[200]?.['CreatedDate'] ?? '')); // no tie at LIMIT
    expect(hotLeads.slice(0, 200).map((r) => r['Id']).sort()).toEqual(idsOf('Lead', hot));
    const listed = csv('rtem/ApiEvent.csv').rows.find((e) => e['Query'] === hot)?.['Records'] ?? '[]';
    expect(JSON.parse(listed)).toEqual(hotLeads.slice(0, 200).map((r) => r['Id']));
  });

  it('counts business Accounts separately and COUNT() rows as the population at the time', () => {
    const accounts = csv('snapshots/Account.csv').rows;
    const customers = accounts.filter((a) => (a['Type'] ?? '').toLowerCase() === 'customer' && ms(a['CreatedDate'] ?? '') < ms('2025-07-26T22:52:04Z'));
    const partners = accounts.filter((a) => (a['Type'] ?? '').toLowerCase() === 'partner' && ms(a['CreatedDate'] ?? '') < ms('2025-07-27T07:46:18Z'));
    expect(truth.plantedExports.find((e) => e.afterContainment)?.rows).toBe(partners.length);
    expect(truth.otherObjects['Account']).toBe(customers.length + partners.length);
    const counts = truth.plantedExports.filter((e) => e.countOnly);
    expect(counts.map((e) => e.object)).toEqual(['Contact', 'Lead', 'Account', 'Opportunity']);
    const population = contacts().filter((c) => ms(c['CreatedDate'] ?? '') < ms('2025-07-26T22:24:31Z')).length;
    expect(counts[0]?.rows).toBe(population);
    expect(population).toBeLessThan(contacts().length);
  });

  it('plants secrets in support cases: the Case pull takes the open ones, re-derived from Case.csv', () => {
    const cases = csv('snapshots/Case.csv').rows;
    const pull = truth.plantedExports.find((e) => e.object === 'Case');
    const open = cases.filter((c) => (c['Status'] ?? '').toLowerCase() !== 'closed' && ms(c['CreatedDate'] ?? '') < ms('2025-07-26T22:55:12.406Z'));
    expect(pull?.rows).toBe(open.length);
    expect(truth.otherObjects['Case']).toBe(open.length);
    const listed = csv('rtem/ApiEvent.csv').rows.find((e) => e['Query'] === pull?.query)?.['Records'] ?? '[]';
    expect((JSON.parse(listed) as string[]).sort()).toEqual(open.map((c) => c['Id']).sort());
    const openIds = new Set(open.map((c) => c['Id']));
    for (const s of truth.secrets) {
      const row = cases.find((c) => c['Id'] === s.caseId);
      expect(row?.[s.field], s.ruleId).toContain(s.secret);
      // Reported exactly when the pull took the case and selected the field (Id, CaseNumber, Subject, Description, Status).
      expect(s.reported, s.ruleId).toBe(openIds.has(s.caseId) && s.field === 'Description');
      const n = [...s.secret].length;
      expect(s.masked).toBe(`${s.secret.slice(0, Math.min(4, Math.floor(n / 4)))}…${Math.floor(n / 8) ? s.secret.slice(n - Math.min(2, Math.floor(n / 8))) : ''}`);
    }
    expect(truth.secrets.filter((s) => s.reported).map((s) => s.ruleId).sort()).toEqual(['aws-access-token', 'generic-password-in-text', 'github-pat', 'slack-bot-token', 'snowflake-connection-url']);
    expect(truth.secrets.filter((s) => !s.reported).length).toBe(2);
  });

  it('renders unresolvable and state-less people without postal codes that would place them', () => {
    const byId = new Map([...contacts(), ...leads()].map((r) => [r['Id'], r]));
    const postal = (r: Row | undefined): string => r?.['MailingPostalCode'] ?? r?.['PostalCode'] ?? '';
    const state = (r: Row | undefined): string => r?.['MailingState'] ?? r?.['State'] ?? '';
    const sample = truth.affectedPersons.filter((p) => p.jurisdiction === 'ZZ' || p.jurisdiction === 'US');
    expect(sample.length).toBeGreaterThan(10);
    for (const p of sample) {
      expect(postal(byId.get(p.id)), p.id).toBe('');
      if (p.jurisdiction === 'ZZ') expect(state(byId.get(p.id)), p.id).toBe('');
    }
  });
});

describe('response and permission exports', () => {
  const convoApp = (): string => truth.incident.connectedAppId.slice(0, 15);

  it('records the containment in a Setup Audit Trail export of the real shape, beside ordinary setup changes', () => {
    const { header, rows } = csv('metadata/SetupAuditTrail.csv');
    expect(header.slice(0, 6)).toEqual(['Id', 'CreatedDate', 'CreatedById', 'Action', 'Section', 'Display']);
    for (const r of rows) expect(r['Id'], r['Id']).toMatch(/^0Ym[0-9A-Za-z]{15}$/);
    const naming = rows.filter((r) => /convo chat|convochat\.integration/i.test(r['Display'] ?? ''));
    expect(naming.map((r) => ({ at: r['CreatedDate'], action: r['Action'], display: r['Display'] })).reverse())
      .toEqual(truth.response.containment.map((c) => ({ at: c.at, action: c.action, display: c.display })));
    expect(rows.length - naming.length).toBe(truth.response.ordinaryAuditRows);
  });

  it('stops Convo Chat\'s own traffic at the revocation; only the attacker\'s open session makes a call after it', () => {
    const revoked = truth.response.containment.find((c) => c.kind === 'token_revoked')!.at;
    const after = elfRows('RestApi').filter((r) => r['CONNECTED_APP_ID'] === convoApp() && (r['TIMESTAMP_DERIVED'] ?? '') > revoked);
    expect(after.map((r) => r['CLIENT_IP'])).toEqual(truth.plantedExports.filter((e) => e.afterContainment).map(() => truth.incident.sourceIp));
  });

  it('lists Convo Chat\'s token as exported before the revocation, last used by the attacker\'s morning login', () => {
    const { rows } = csv('metadata/OauthToken.csv');
    expect(rows.map((r) => ({ id: r['Id'], appName: r['AppName'], userId: r['UserId'], created: r['CreatedDate'], lastUsed: r['LastUsedDate'], useCount: Number(r['UseCount']) })))
      .toEqual(truth.response.tokens);
    const convo = truth.response.tokens.find((t) => t.appName === truth.incident.connectedAppName)!;
    const uses = elfRows('Login').filter((r) => r['USER_ID'] === truth.incident.userId.slice(0, 15) && r['LOGIN_SUB_TYPE'] === 'oauthrefreshtoken' && (r['TIMESTAMP_DERIVED'] ?? '') < '2025-07-27T07:30:00.000Z');
    const last = uses.map((r) => r['TIMESTAMP_DERIVED'] ?? '').sort().at(-1) ?? '';
    expect(convo.lastUsed).toBe(`${last.slice(0, 19)}.000Z`);
    expect(uses.find((r) => r['TIMESTAMP_DERIVED'] === last)?.['SOURCE_IP']).toBe(truth.incident.sourceIp);
    expect(convo.useCount).toBeGreaterThan(uses.length);
  });

  it('gives each integration user the objects the permission exports grant (re-derived here from the CSVs)', () => {
    const users = csv('metadata/User.csv').rows;
    const sets = csv('metadata/PermissionSet.csv').rows;
    const assigned = csv('metadata/PermissionSetAssignment.csv').rows;
    const objects = csv('metadata/ObjectPermissions.csv').rows;
    for (const a of truth.access) {
      const profile = users.find((u) => u['Id'] === a.userId)?.['ProfileId'];
      const held = new Set([
        ...sets.filter((s) => s['IsOwnedByProfile'] === 'true' && s['ProfileId'] === profile).map((s) => s['Id']),
        ...assigned.filter((p) => p['IsActive'] === 'true' && p['AssigneeId']?.slice(0, 15) === a.userId.slice(0, 15)).map((p) => p['PermissionSetId']),
      ]);
      const readable = [...new Set(objects.filter((o) => held.has(o['ParentId']) && o['PermissionsRead'] === 'true').map((o) => o['SobjectType'] ?? ''))].sort();
      expect(a.couldRead.map((c) => c.object), a.appName).toEqual(readable);
      expect(a.couldReadNeverRead, a.appName).toEqual(readable.filter((o) => !a.didRead.includes(o)));
    }
    const convo = truth.access.find((a) => a.appId === truth.incident.connectedAppId)!;
    expect(convo.didRead).toEqual(['Account', 'Case', 'Contact', 'Lead', 'Opportunity']);
    expect(convo.couldReadNeverRead).toEqual(['Task']);
  });

  it('logs each list view with the newest open leads that existed when it was opened (re-derived from the Lead snapshot)', () => {
    const leads = csv('snapshots/Lead.csv').rows;
    const views = csv('rtem/ListViewEvent.csv').rows;
    expect(views.map((v) => ({ userId: v['UserId'], username: v['Username'], at: v['EventDate'], object: v['QueriedEntities'], rows: Number(v['RowsProcessed']) })))
      .toEqual(truth.listViewExports);
    for (const v of views) {
      const expected = leads.filter((l) => l['IsConverted'] === 'false' && (l['Status'] ?? '').toLowerCase() === 'open - not contacted' && ms(l['CreatedDate'] ?? '') < ms(v['EventDate'] ?? ''))
        .sort((a, b) => ms(b['CreatedDate'] ?? '') - ms(a['CreatedDate'] ?? '')).slice(0, 25).map((l) => l['Id']);
      expect(JSON.parse(v['Records'] ?? '[]'), v['EventDate']).toEqual(expected);
    }
  });

  it('states the org\'s time zone and fiscal year', () => {
    const org = csv('Organization.csv').rows[0];
    expect([org?.['TimeZoneSidKey'], Number(org?.['FiscalYearStartMonth'])]).toEqual([truth.calendar.orgTimeZone, truth.calendar.fiscalYearStartMonth]);
    expect(csv('metadata/User.csv').rows.every((u) => (u['TimeZoneSidKey'] ?? '') !== '')).toBe(true);
  });
});
