/**
 * Log coverage on realistic evidence, through the real intake: daily and hourly EventLogFile
 * CSVs written to disk, an EventLogFile listing read by DuckDB's read_json, and the demo case.
 * Every count is worked out by hand from the files below.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import type { Coverage, CoverageState, TypeCoverage } from '../../shared/coverage.js';
import { computeCoverage } from '../../electron/engine/analysis/coverage.js';
import { importListing, readListingRow } from '../../electron/engine/intake/listing.js';
import { periodFromName } from '../../electron/engine/analysis/periods.js';
import { CustodyLog } from '../../electron/engine/casestore/custody.js';
import { intakeEvidence } from '../../electron/engine/intake/intake.js';
import { CaseDb } from '../../electron/engine/store/duck.js';
import { migrate } from '../../electron/engine/store/migrate.js';
import { ident, literal, sql } from '../../electron/engine/store/sql.js';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const SAMPLES = '/work/shared/reference/elf/samples';
const root = mkdtempSync(path.join(os.tmpdir(), 'ls-coverage-'));
const open: { db: CaseDb; custody: CustodyLog }[] = [];
afterAll(() => {
  for (const o of open) {
    o.db.close();
    o.custody.close();
  }
  rmSync(root, { recursive: true, force: true });
});

const LOGIN = ['EVENT_TYPE', 'TIMESTAMP', 'REQUEST_ID', 'ORGANIZATION_ID', 'USER_ID', 'LOGIN_STATUS', 'SOURCE_IP', 'TIMESTAMP_DERIVED', 'USER_ID_DERIVED', 'CLIENT_IP'];
const REST = ['EVENT_TYPE', 'TIMESTAMP', 'REQUEST_ID', 'ORGANIZATION_ID', 'USER_ID', 'METHOD', 'URI', 'STATUS_CODE', 'ROWS_PROCESSED', 'TIMESTAMP_DERIVED', 'USER_ID_DERIVED', 'CLIENT_IP'];

/** An ELF row for an ISO instant, quoted as Salesforce writes it. */
function elfRow(header: string[], type: string, iso: string, n: number): string {
  const compact = iso.replace(/[-:TZ]/g, '').replace(/\.(\d{3})$/, '.$1');
  const values: Record<string, string> = {
    EVENT_TYPE: type, TIMESTAMP: compact, REQUEST_ID: `4ehU_U-nbQyAPFl1cJIL${String(n).padStart(2, '0')}`, ORGANIZATION_ID: '00D5j000000NWDm',
    USER_ID: '0055j000000utlP', LOGIN_STATUS: 'LOGIN_NO_ERROR', SOURCE_IP: '198.51.100.7', TIMESTAMP_DERIVED: iso, USER_ID_DERIVED: '0055j000000utlPAAQ',
    CLIENT_IP: '198.51.100.7', METHOD: 'GET', URI: '/services/data/v63.0/query', STATUS_CODE: '200', ROWS_PROCESSED: '12',
  };
  return header.map((h) => `"${values[h] ?? ''}"`).join(',');
}

function writeElf(dir: string, rel: string, header: string[], type: string, times: string[]): void {
  const file = path.join(dir, rel);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, [header.map((h) => `"${h}"`).join(','), ...times.map((t, i) => elfRow(header, type, t, i))].join('\n') + '\n');
}

/** A fresh case with the files intake'd for real; `listing` rows are imported as listing source 900. */
async function runCase(name: string, files: (dir: string) => void, listing?: object[]): Promise<CaseDb> {
  const dir = path.join(root, name);
  const evidence = path.join(dir, 'evidence');
  mkdirSync(evidence, { recursive: true });
  files(evidence);
  const db = await CaseDb.open(path.join(dir, 'case.duckdb'));
  const custody = CustodyLog.open(path.join(dir, 'custody.sqlite'));
  open.push({ db, custody });
  await migrate(db);
  await intakeEvidence(db, custody, [evidence]);
  if (listing) {
    const file = path.join(dir, 'EventLogFile-listing.json');
    writeFileSync(file, JSON.stringify({ totalSize: listing.length, done: true, records: listing }, null, 1));
    await listingView(db, 'src_900', file);
    const r = await importListing(db, 900, 'src_900');
    expect(r.ok).toBe(true);
  }
  return db;
}

/** The view shape intake gives a listing source: the JSON records' fields as VARCHAR, plus `__ls_rec`. */
async function listingView(db: CaseDb, view: string, file: string): Promise<void> {
  await db.run(sql`CREATE OR REPLACE VIEW ${ident(view)} AS SELECT COLUMNS(*)::VARCHAR, row_number() OVER () AS __ls_rec
    FROM (SELECT unnest(records, recursive := true) FROM read_json(${literal(file)}))`);
}

const listingRow = (id: string, type: string, logDate: string, interval: 'Daily' | 'Hourly', sequence: number, created: string): object => ({
  attributes: { type: 'EventLogFile', url: `/services/data/v63.0/sobjects/EventLogFile/${id}` },
  Id: id, EventType: type, LogDate: logDate, Interval: interval, Sequence: sequence, LogFileLength: 5120.0, CreatedDate: created,
  LogFile: `/services/data/v63.0/sobjects/EventLogFile/${id}/LogFile`,
});

function type(c: Coverage, name: string): TypeCoverage {
  const t = c.types.find((x) => x.eventType === name);
  if (!t) throw new Error(`no coverage for ${name}: ${c.types.map((x) => x.eventType).join(', ')}`);
  return t;
}

/** The state of one hour, read back from the runs. */
function stateAt(t: TypeCoverage, iso: string): CoverageState | undefined {
  return t.runs.find((r) => r.from <= iso && iso < r.to)?.state;
}

const threeDays = (dir: string): void => {
  writeElf(dir, 'elf/Login/Login-2025-07-01.csv', LOGIN, 'Login', ['2025-07-01T09:10:00.000Z', '2025-07-01T09:40:00.000Z', '2025-07-01T14:05:00.000Z']);
  writeElf(dir, 'elf/Login/Login-2025-07-03.csv', LOGIN, 'Login', ['2025-07-03T08:00:00.000Z']);
  writeElf(dir, 'elf-hourly/RestApi/RestApi-2025-07-02T10.csv', REST, 'RestApi', ['2025-07-02T10:01:00.000Z', '2025-07-02T10:20:00.000Z', '2025-07-02T10:59:59.999Z']);
  writeElf(dir, 'elf-hourly/RestApi/RestApi-2025-07-02T11.csv', REST, 'RestApi', ['2025-07-02T11:30:00.000Z']);
};
const threeDayListing = [
  listingRow('0AT5j00000AAAA1GAA', 'Login', '2025-07-01T00:00:00.000+0000', 'Daily', 0, '2025-07-02T04:00:00.000+0000'),
  listingRow('0AT5j00000AAAA2GAA', 'Login', '2025-07-02T00:00:00.000+0000', 'Daily', 0, '2025-07-03T04:00:00.000+0000'),
  listingRow('0AT5j00000AAAA3GAA', 'Login', '2025-07-03T00:00:00.000+0000', 'Daily', 0, '2025-07-04T03:00:00.000+0000'),
  listingRow('0AT5j00000AAAA4GAA', 'RestApi', '2025-07-02T10:00:00.000+0000', 'Hourly', 1, '2025-07-02T15:00:00.000+0000'),
  listingRow('0AT5j00000AAAA5GAA', 'RestApi', '2025-07-02T11:00:00.000+0000', 'Hourly', 1, '2025-07-02T16:00:00.000+0000'),
  listingRow('0AT5j00000AAAA6GAA', 'BulkApi2', '2025-07-03T05:00:00.000+0000', 'Hourly', 1, '2025-07-03T10:00:00.000+0000'),
];

describe('coverage of a small case: daily Login with a gap, hourly RestApi, BulkApi2 only listed', () => {
  it('counts every hour of the three days in the right state', async () => {
    const db = await runCase('three-days', threeDays, threeDayListing);
    const c = await computeCoverage(db, null, null);
    expect([c.from, c.to, c.totalHours, c.rangeBasis]).toEqual(['2025-07-01T00:00:00.000Z', '2025-07-04T00:00:00.000Z', 72, 'evidence_span']);
    // The latest listing CreatedDate is later than the latest event.
    expect([c.asOf, c.asOfBasis, c.licensedEvidence]).toEqual(['2025-07-04T03:00:00.000Z', 'latest_evidence', true]);

    const login = type(c, 'Login');
    expect(login.hours).toEqual({ present: 3, empty: 45, missing: 24, beyond_retention: 0, not_licensed: 0 });
    expect(login.listedNotImported).toBe(24);
    expect([login.licence, login.retentionDays, login.files, login.events]).toEqual(['free', 30, 2, 4]);
    expect(login.runs.slice(0, 4)).toEqual([
      { state: 'empty', from: '2025-07-01T00:00:00.000Z', to: '2025-07-01T09:00:00.000Z', hours: 9 },
      { state: 'present', from: '2025-07-01T09:00:00.000Z', to: '2025-07-01T10:00:00.000Z', hours: 1 },
      { state: 'empty', from: '2025-07-01T10:00:00.000Z', to: '2025-07-01T14:00:00.000Z', hours: 4 },
      { state: 'present', from: '2025-07-01T14:00:00.000Z', to: '2025-07-01T15:00:00.000Z', hours: 1 },
    ]);
    expect(login.runs).toContainEqual({ state: 'missing', from: '2025-07-02T00:00:00.000Z', to: '2025-07-03T00:00:00.000Z', hours: 24, listed: true });

    const rest = type(c, 'RestApi');
    expect(rest.hours).toEqual({ present: 2, empty: 0, missing: 70, beyond_retention: 0, not_licensed: 0 });
    expect([rest.listedNotImported, rest.licence, rest.events]).toEqual([0, 'add_on', 4]);

    const bulk2 = type(c, 'BulkApi2');
    expect(bulk2.hours).toEqual({ present: 0, empty: 0, missing: 72, beyond_retention: 0, not_licensed: 0 });
    expect(bulk2.listedNotImported).toBe(1);
    expect(bulk2.runs.find((r) => r.listed)).toEqual({ state: 'missing', from: '2025-07-03T05:00:00.000Z', to: '2025-07-03T06:00:00.000Z', hours: 1, listed: true });

    // Key export channels are reported even with no file at all: the whole range is a gap.
    for (const t of ['API', 'BulkApi', 'ReportExport', 'ApiTotalUsage']) expect(type(c, t).hours.missing, t).toBe(72);
    expect(c.summary).toContain('Gaps in the evidence: ');
    expect(c.summary).toContain('Login 24 h');

    // Each imported file was matched to its listing row by type, LogDate and Interval.
    const periods = await db.all<{ basis: string; log_file_id: string; n: number }>(
      sql`SELECT basis, log_file_id, count(*)::INTEGER AS n FROM source_periods GROUP BY ALL ORDER BY log_file_id`,
    );
    expect(periods).toEqual([
      { basis: 'listing', log_file_id: '0AT5j00000AAAA1GAA', n: 1 },
      { basis: 'listing', log_file_id: '0AT5j00000AAAA3GAA', n: 1 },
      { basis: 'listing', log_file_id: '0AT5j00000AAAA4GAA', n: 1 },
      { basis: 'listing', log_file_id: '0AT5j00000AAAA5GAA', n: 1 },
    ]);
  });

  it('marks uncovered hours older than the retention window beyond retention', async () => {
    const db = await runCase('three-days-late', threeDays, threeDayListing);
    // Thirty days before 2025-07-31 12:00 is 2025-07-01 12:00: hours 00–11 of 1 July are gone.
    const c = await computeCoverage(db, null, '2025-07-31T12:00:00.000Z');
    expect(type(c, 'RestApi').hours).toEqual({ present: 2, empty: 0, missing: 58, beyond_retention: 12, not_licensed: 0 });
    expect(type(c, 'BulkApi2').hours).toEqual({ present: 0, empty: 0, missing: 60, beyond_retention: 12, not_licensed: 0 });
    expect(type(c, 'Login').hours).toEqual({ present: 3, empty: 45, missing: 24, beyond_retention: 0, not_licensed: 0 });
  });

  it('restricts counts to a given range', async () => {
    const db = await runCase('three-days-range', threeDays, threeDayListing);
    const c = await computeCoverage(db, { from: '2025-07-02T09:30:00Z', to: '2025-07-02T12:00:00Z' }, null);
    expect([c.from, c.to, c.totalHours, c.rangeBasis]).toEqual(['2025-07-02T09:00:00.000Z', '2025-07-02T12:00:00.000Z', 3, 'given']);
    expect(type(c, 'RestApi').hours).toEqual({ present: 2, empty: 0, missing: 1, beyond_retention: 0, not_licensed: 0 });
    expect(stateAt(type(c, 'RestApi'), '2025-07-02T10:00:00.000Z')).toBe('present');
  });
});

describe('covered periods from events when the name says nothing', () => {
  it('matches a file to its listing row by the 0AT id in its name', async () => {
    const db = await runCase('by-id', (dir) => {
      writeElf(dir, 'sf/BulkApi2/export-0AT5j00000AAAA6.csv', REST, 'BulkApi2', ['2025-07-03T05:10:00.000Z']);
    }, threeDayListing);
    const c = await computeCoverage(db, null, null);
    const p = await db.all<{ basis: string; id: string; s: string; e: string }>(
      sql`SELECT basis, log_file_id AS id, start_ts::VARCHAR AS s, end_ts::VARCHAR AS e FROM source_periods`,
    );
    expect(p).toEqual([{ basis: 'listing', id: '0AT5j00000AAAA6GAA', s: '2025-07-03 05:00:00', e: '2025-07-03 06:00:00' }]);
    expect(type(c, 'BulkApi2').hours).toEqual({ present: 1, empty: 0, missing: 71, beyond_retention: 0, not_licensed: 0 });
    expect(type(c, 'BulkApi2').listedNotImported).toBe(0);
  });

  it('takes one hour when all events fall in it, otherwise the whole UTC days', async () => {
    const db = await runCase('nameless', (dir) => {
      writeElf(dir, 'exports/login_dump.csv', LOGIN, 'Login', ['2025-07-01T23:50:00.000Z', '2025-07-02T00:10:00.000Z']);
      writeElf(dir, 'exports/rest_calls.csv', REST, 'RestApi', ['2025-07-02T10:05:00.000Z', '2025-07-02T10:45:00.000Z']);
    });
    const c = await computeCoverage(db, null, null);
    expect([c.from, c.to]).toEqual(['2025-07-01T00:00:00.000Z', '2025-07-03T00:00:00.000Z']);
    expect(type(c, 'Login').hours).toEqual({ present: 2, empty: 46, missing: 0, beyond_retention: 0, not_licensed: 0 });
    expect(type(c, 'RestApi').hours).toEqual({ present: 1, empty: 0, missing: 47, beyond_retention: 0, not_licensed: 0 });
    const bases = await db.all<{ event_type: string; basis: string }>(sql`SELECT event_type, basis FROM source_periods ORDER BY event_type`);
    expect(bases).toEqual([{ event_type: 'Login', basis: 'event_days' }, { event_type: 'RestApi', basis: 'event_hour' }]);
  });
});

describe('an org without the Event Monitoring add-on', () => {
  it('marks licensed types not licensed and keeps free types 1 day', async () => {
    const db = await runCase('free-only', (dir) => {
      writeElf(dir, 'elf/Login/Login-2025-07-01.csv', LOGIN, 'Login', ['2025-07-01T09:10:00.000Z']);
      writeElf(dir, 'elf/Login/Login-2025-07-03.csv', LOGIN, 'Login', ['2025-07-03T08:00:00.000Z']);
    });
    const c = await computeCoverage(db, null, null);
    expect([c.asOf, c.licensedEvidence]).toEqual(['2025-07-03T08:00:00.000Z', false]);
    for (const t of ['API', 'RestApi', 'BulkApi', 'BulkApi2', 'ReportExport']) {
      expect(type(c, t).hours, t).toEqual({ present: 0, empty: 0, missing: 0, beyond_retention: 0, not_licensed: 72 });
    }
    // One day before 3 July 08:00 is 2 July 08:00: the eight earlier hours of the missing day are gone.
    const login = type(c, 'Login');
    expect([login.licence, login.retentionDays]).toEqual(['free', 1]);
    expect(login.hours).toEqual({ present: 2, empty: 46, missing: 16, beyond_retention: 8, not_licensed: 0 });
    // ApiTotalUsage has no file at all: the 32 hours before 2 July 08:00 are gone, the 40 after are a gap.
    expect(type(c, 'ApiTotalUsage').hours).toEqual({ present: 0, empty: 0, missing: 40, beyond_retention: 32, not_licensed: 0 });
    expect(c.summary).toContain('no Event Monitoring add-on');
  });
});

describe('the demo evidence', () => {
  it('shows the incident hours present, quiet hours of daily files empty', async () => {
    const dir = path.join(root, 'demo');
    mkdirSync(dir, { recursive: true });
    const db = await CaseDb.open(path.join(dir, 'case.duckdb'));
    const custody = CustodyLog.open(path.join(dir, 'custody.sqlite'));
    open.push({ db, custody });
    await migrate(db);
    const intake = await intakeEvidence(db, custody, [path.join(REPO, 'resources/demo/evidence')]);
    expect(intake.warnings.filter((w) => /could not be read/.test(w))).toEqual([]);
    const c = await computeCoverage(db, null, null);
    expect([c.from, c.to, c.totalHours]).toEqual(['2025-07-01T00:00:00.000Z', '2025-08-05T00:00:00.000Z', 35 * 24]);
    expect(c.licensedEvidence).toBe(true);
    const bulk2 = type(c, 'BulkApi2');
    expect(stateAt(bulk2, '2025-07-26T22:00:00.000Z')).toBe('present');
    expect(stateAt(bulk2, '2025-07-26T23:00:00.000Z')).toBe('present');
    // The nightly Marketing Sync job runs around 02:00; mid-morning is logged and quiet.
    expect(stateAt(bulk2, '2025-07-26T10:00:00.000Z')).toBe('empty');
    expect(bulk2.hours.missing + bulk2.hours.beyond_retention).toBe(0);
    expect(bulk2.files).toBe(37);
    // BulkApi has daily files on four days only: other days are gaps (or beyond retention before 5 July).
    const bulk = type(c, 'BulkApi');
    expect(bulk.hours.present + bulk.hours.empty).toBe(4 * 24);
    expect(bulk.hours.missing + bulk.hours.beyond_retention).toBe(31 * 24);
    expect(type(c, 'ApiEvent').family).toBe('rtem');
    for (const t of c.types) expect(Object.values(t.hours).reduce((a, b) => a + b, 0), t.eventType).toBe(c.totalHours);
  }, 120_000);
});

describe('reading names and listings', () => {
  it('reads the periods of the file-naming conventions in use', () => {
    const day = (d: string): number => Date.parse(`${d}T00:00:00Z`);
    expect(periodFromName('/e/elf/Login/Login-2025-07-01.csv')).toEqual({ eventType: 'Login', start: day('2025-07-01'), end: day('2025-07-02'), interval: 'Daily' });
    expect(periodFromName('/e/elf-hourly/RestApi/RestApi-2025-07-26T22.csv')).toEqual({
      eventType: 'RestApi', start: day('2025-07-26') + 22 * 3_600_000, end: day('2025-07-26') + 23 * 3_600_000, interval: 'Hourly',
    });
    // Event Log File Browser: <LogDate>_<EventType>.csv
    expect(periodFromName('C:\\Downloads\\2025-07-04_BulkApi2.csv')?.eventType).toBe('BulkApi2');
    // sf-audit: <org>/<EventType>/<LogDate>-<0AT id>.csv and <org>/<EventType>/<LogDate>/<HH>-<0AT id>.csv
    expect(periodFromName('/sf/00D5j000000NWDm/URI/2025-07-04-0AT5j00002GVrfnGAD.csv')).toMatchObject({ eventType: 'URI', interval: 'Daily', start: day('2025-07-04') });
    expect(periodFromName('/sf/00D5j000000NWDm/RestApi/2025-07-04/07-0AT5j00002GVrfnGAD.csv')).toMatchObject({ eventType: 'RestApi', interval: 'Hourly', start: day('2025-07-04') + 7 * 3_600_000 });
    // elfBash: <LogDate>/<EventType>.csv
    expect(periodFromName('/dl/2025-07-04/ReportExport.csv')).toMatchObject({ eventType: 'ReportExport', interval: 'Daily' });
    expect(periodFromName('/dl/exports/login_dump.csv')).toBeNull();
    expect(periodFromName('/dl/Login-2025-02-30.csv')).toBeNull();
  });

  it('imports the published listing samples, keeping unreadable rows with the reason', async () => {
    const db = await CaseDb.open(':memory:');
    try {
      await migrate(db);
      await listingView(db, 'src_1', path.join(SAMPLES, 'lsfdc_eventlogfile_list.json'));
      const a = await importListing(db, 1, 'src_1');
      expect(a).toEqual({ ok: true, value: { rows: 5, problems: [] } });
      const rows = await db.all<{ event_type: string; interval: string; s: string; e: string; id: string | null }>(
        sql`SELECT event_type, interval, start_ts::VARCHAR AS s, end_ts::VARCHAR AS e, log_file_id AS id FROM log_listing WHERE source_id = 1 ORDER BY source_record`,
      );
      expect(rows.map((r) => r.event_type)).toEqual(['ApexExecution', 'BulkApi', 'Login', 'QueuedExecution', 'RestApi']);
      // API 33 listings have no Interval: a midnight LogDate with no Sequence is a daily file; "some_id" is no 0AT id.
      expect(rows[0]).toEqual({ event_type: 'ApexExecution', interval: 'Daily', s: '2015-07-23 00:00:00', e: '2015-07-24 00:00:00', id: null });

      await listingView(db, 'src_2', path.join(SAMPLES, 'elastic_mock_EventLogFile_query_response.json'));
      const b = await importListing(db, 2, 'src_2');
      expect(b).toEqual({ ok: true, value: { rows: 1, problems: [{ record: 1, reason: 'no EventType' }] } });
      const kept = await db.one<{ id: string; s: string | null }>(sql`SELECT log_file_id AS id, start_ts::VARCHAR AS s FROM log_listing WHERE source_id = 2`);
      expect(kept).toEqual({ id: '0AT5j00002GVrfnGAD', s: null });
      const bad = await importListing(db, 3, 'events');
      expect(bad.ok).toBe(false);
    } finally {
      db.close();
    }
  });

  it('reads hourly rows without Interval from Sequence', () => {
    const r = readListingRow(7, { id: '0AT5j00002GVrfnGAD', eventtype: 'RestApi', logdate: '2024-03-11T02:00:00.000+0000', sequence: '2' });
    expect([r.interval, r.start, r.end, r.problem]).toEqual(['Hourly', Date.parse('2024-03-11T02:00:00Z'), Date.parse('2024-03-11T03:00:00Z'), null]);
  });
});
