/**
 * Jurisdictions assigned by hand and the organisation profile kept in the case, on the demo, through the same
 * dispatch the hosts use. Expectations come from the case tables read here and from the rule files read here
 * (resources/jurisdictions/rules.json, resources/regimes/*.json), with due dates computed by hand from the
 * awareness time and each rule's clock — never from the engine's duty code.
 */
import Database from 'better-sqlite3';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Handlers } from '../../shared/contract.js';
import { dispatch } from '../../electron/engine/dispatch.js';
import { createHandlers } from '../../electron/engine/handlers.js';
import { CaseDb } from '../../electron/engine/store/duck.js';
import { sql } from '../../electron/engine/store/sql.js';
import { custodyEntries } from '../helpers/custodyLog.js';
import { pdfText, pdfWords, section } from '../helpers/pdf.js';

const root = path.resolve(__dirname, '../..');
const demo = path.join(root, 'resources', 'demo', 'evidence');
const AWARE = '2025-07-28T09:00:00.000Z';
const HOUR = 3_600_000;
const INVESTIGATOR = 'Ines Investigator';

let handlers: Handlers;
let work: string;
let caseDir: string;

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the test reads the values it asserts
async function call(channel: string, payload: unknown): Promise<any> {
  const r = await dispatch(handlers, channel, payload);
  if (!r.ok) throw new Error(`${channel}: ${r.error.code} ${r.error.message}`);
  return r.value;
}

/** Runs one read-only question against the case database. */
async function ask<T extends Record<string, unknown>>(q: ReturnType<typeof sql>): Promise<T[]> {
  const db = await CaseDb.open(path.join(caseDir, 'case.duckdb'), { readOnly: true });
  try {
    return await db.all<T>(q);
  } finally {
    db.close();
  }
}
const people = async (code: string): Promise<number> => Number((await ask<{ n: number }>(sql`SELECT count(*)::BIGINT AS n FROM affected WHERE is_person AND jurisdiction = ${code}`))[0]?.n ?? 0);
type Duty = { jurisdiction: string; recipient: string; step: string | null; required: string; due: string | null; people: number };
const duties = async (): Promise<Duty[]> => (await call('duties.list', { caseDir })).duties as Duty[];
const inJurisdiction = async (code: string): Promise<number[]> =>
  (await ask<{ n: number }>(sql`SELECT people_in_jurisdiction::BIGINT AS n FROM duties WHERE jurisdiction = ${code} ORDER BY n`)).map((r) => Number(r.n));

interface Rule { code: string; triggerRule: string; triggers: string[]; standaloneTriggers: string[]; notices: { recipient: string; clock: { kind: string; value: number | null; start: string } }[] }
const rules = (JSON.parse(readFileSync(path.join(root, 'resources', 'jurisdictions', 'rules.json'), 'utf8')) as { jurisdictions: Rule[]; categoryMap: Record<string, string[]> });
const rule = (code: string): Rule => rules.jurisdictions.find((r) => r.code === code)!;
const regime = (id: string): { notices: { id?: string; recipient: string; clock: { kind: string; value: number | null; start: string } }[] } =>
  JSON.parse(readFileSync(path.join(root, 'resources', 'regimes', `${id}.json`), 'utf8'));

beforeAll(async () => {
  work = mkdtempSync(path.join(os.tmpdir(), 'ls-assign-'));
  handlers = createHandlers({ host: 'web', version: 'test', configDir: path.join(work, 'config') });
  caseDir = path.join(work, 'case');
  const evidence = path.join(work, 'evidence');
  cpSync(demo, evidence, { recursive: true });
  await call('case.create', { caseDir, name: 'Falcon', investigator: INVESTIGATOR });
  await call('investigation.run', { evidencePaths: [evidence], caseDir, outDir: path.join(caseDir, 'output'), investigator: INVESTIGATOR, scope: { awareAt: AWARE } });
}, 300_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('a jurisdiction assigned by hand', () => {
  it('moves an unresolved person to US-CA and to Austria, recomputes the duties, and takes it back', async () => {
    const unresolved = await ask<{ org_id: string | null; object: string; id: string; categories: string[] }>(sql`
      SELECT org_id, object, id, categories FROM affected WHERE is_person AND jurisdiction = 'ZZ' ORDER BY object, id LIMIT 2`);
    expect(unresolved.length).toBe(2);
    const [first, second] = unresolved as [typeof unresolved[0], typeof unresolved[0]];
    const rowsOf = async (r: typeof first): Promise<number> =>
      Number((await ask<{ n: number }>(sql`SELECT count(*)::BIGINT AS n FROM affected WHERE is_person AND object = ${r.object} AND id = ${r.id} AND org_id IS NOT DISTINCT FROM ${r.org_id}`))[0]?.n);
    const represented = await rowsOf(first);
    expect(represented).toBeGreaterThan(0);
    const caBefore = await people('US-CA');
    const zzBefore = await people('ZZ');
    const caInBefore = await inJurisdiction('US-CA');
    expect(caInBefore.length).toBeGreaterThan(0);
    const reason = 'customer file: the Lead said on the phone she lives in San Diego';

    const done = await call('jurisdiction.assign', { caseDir, orgId: first.org_id, object: first.object, recordId: first.id, jurisdiction: 'US-CA', reason, investigator: INVESTIGATOR });
    expect(done.assignments).toHaveLength(1);
    expect(await people('US-CA')).toBe(caBefore + represented);
    expect(await people('ZZ')).toBe(zzBefore - represented);
    // Every California duty now counts the person among the state's residents.
    expect(await inJurisdiction('US-CA')).toEqual(caInBefore.map((n) => n + represented));
    // Whether California's notice is required, by hand: the record's exposed categories against the law's triggers.
    const ca = rule('US-CA');
    const caTriggers = new Set([...ca.triggers, ...ca.standaloneTriggers].flatMap((t) => rules.categoryMap[t] ?? [t]));
    const triggered = (await ask<{ n: number }>(sql`SELECT count(*)::BIGINT AS n FROM affected WHERE is_person AND jurisdiction = 'US-CA' AND list_has_any(categories, string_split(${[...caTriggers].join(';')}, ';'))`))[0]?.n;
    const caIndividuals = (await duties()).find((d) => d.jurisdiction === 'US-CA' && d.recipient === 'individuals')!;
    if (Number(triggered) === 0) expect([caIndividuals.required, caIndividuals.due]).toEqual(['no', null]);
    else {
      const clock = ca.notices.find((n) => n.recipient === 'individuals')!.clock;
      expect(clock.kind).toBe('calendar_days');
      expect(caIndividuals.due).toBe(new Date(Date.parse(AWARE) + clock.value! * 24 * HOUR).toISOString().replace('.000Z', 'Z'));
    }

    // The record shows who assigned it and why.
    const page = await call('investigation.records', { caseDir, search: first.id });
    expect(page.records[0].jurisdiction).toEqual({ code: 'US-CA', confidence: 'assigned', basis: `assigned by hand (${INVESTIGATOR}: ${reason})` });
    expect(page.records[0].assignment).toMatchObject({ by: INVESTIGATOR, reason, previous: 'ZZ' });

    // A jurisdiction the case had no resident of: its duty appears, the regulator's due date from the rule's clock.
    expect(await people('AT')).toBe(0);
    await call('jurisdiction.assign', { caseDir, orgId: second.org_id, object: second.object, recordId: second.id, jurisdiction: 'AT', reason: 'address in the signed contract: Wien', investigator: INVESTIGATOR });
    const atClock = rule('AT').notices.find((n) => n.recipient === 'regulator')!.clock;
    expect([atClock.kind, atClock.start]).toEqual(['hours', 'awareness']);
    const atRegulator = (await duties()).find((d) => d.jurisdiction === 'AT' && d.recipient === 'regulator');
    expect(atRegulator).toMatchObject({ people: await rowsOf(second), due: new Date(Date.parse(AWARE) + atClock.value! * HOUR).toISOString().replace('.000Z', 'Z') });
    expect(atRegulator!.required).not.toBe('no');

    // The tables were sealed again: verify passes, the change is not taken for tampering.
    const verified = await call('case.verify', { caseDir });
    expect(verified.checks.filter((c: { ok: boolean }) => !c.ok)).toEqual([]);

    // Taking it back gives the record its resolved jurisdiction again.
    await call('jurisdiction.unassign', { caseDir, orgId: second.org_id, object: second.object, recordId: second.id, reason: 'the contract was another customer’s', investigator: INVESTIGATOR });
    expect(await people('AT')).toBe(0);
    expect((await duties()).some((d) => d.jurisdiction === 'AT')).toBe(false);
    expect(await people('ZZ')).toBe(zzBefore - represented);

    const entries = custodyEntries(caseDir).filter((e) => e.action.startsWith('jurisdiction.'));
    expect(entries.map((e) => e.action)).toEqual(['jurisdiction.assigned', 'jurisdiction.assigned', 'jurisdiction.unassigned']);
    expect(JSON.parse(entries[0]!.detail)).toEqual({ orgId: first.org_id, object: first.object, recordId: first.id, jurisdiction: 'US-CA', previous: 'ZZ', reason, by: INVESTIGATOR });
    expect(entries[0]!.actor).toContain(INVESTIGATOR);
    // No personal data beyond the record id: neither the name nor the email of the record is in the entry.
    const person = (await ask<{ name: string | null; email: string | null }>(sql`SELECT name, email FROM affected WHERE id = ${first.id}`))[0]!;
    for (const v of [person.name, person.email]) if (v) expect(entries[0]!.detail).not.toContain(v);
  });

  it('refuses an unknown code, a record not affected, and a missing reason', async () => {
    const r = await dispatch(handlers, 'jurisdiction.assign', { caseDir, orgId: null, object: 'Contact', recordId: '003000000000000AAA', jurisdiction: 'XX-QQ', reason: 'x' });
    expect(r).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
    const missing = await dispatch(handlers, 'jurisdiction.assign', { caseDir, orgId: null, object: 'Contact', recordId: '003000000000000AAA', jurisdiction: 'US-CA', reason: 'x' });
    expect(missing).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    const noReason = await dispatch(handlers, 'jurisdiction.assign', { caseDir, orgId: null, object: 'Contact', recordId: '003000000000000AAA', jurisdiction: 'US-CA', reason: ' ' });
    expect(noReason).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
  });
});

describe('the organisation profile kept in the case', () => {
  const proposed = { organisation: 'Northwind', hipaa: 'covered_entity', indiaCertIn: true, nis2: 'important' };

  it('previews the duties a profile brings, applies them at once, and removes them again', async () => {
    const before = await duties();
    expect(before.some((d) => d.jurisdiction === 'US-HIPAA' || d.jurisdiction === 'IN-CERTIN' || d.jurisdiction === 'EU-NIS2')).toBe(false);
    const preview = await call('profile.preview', { caseDir, profile: proposed });
    expect(preview.regimes.map((r: { id: string }) => r.id).sort()).toEqual(['EU-NIS2', 'IN-CERTIN', 'US-HIPAA']);
    expect(preview.disappear).toEqual([]);
    const certInClock = regime('IN-CERTIN').notices[0]!.clock;
    expect([certInClock.kind, certInClock.start]).toEqual(['hours', 'awareness']);
    const certInDue = new Date(Date.parse(AWARE) + certInClock.value! * HOUR).toISOString();
    expect(preview.appear.find((d: Duty) => d.jurisdiction === 'IN-CERTIN')).toMatchObject({ recipient: 'cert_in', due: certInDue });
    const earlyWarning = regime('EU-NIS2').notices.find((n) => n.id === 'early_warning')!;
    expect(preview.appear.find((d: Duty) => d.jurisdiction === 'EU-NIS2' && d.step === 'early_warning')).toMatchObject({ due: new Date(Date.parse(AWARE) + earlyWarning.clock.value! * HOUR).toISOString() });
    expect(preview.appear.some((d: Duty) => d.jurisdiction === 'US-HIPAA' && d.recipient === 'hhs')).toBe(true);
    // Nothing was saved by the preview.
    expect(await duties()).toEqual(before);

    const set = await call('profile.set', { caseDir, profile: proposed, reason: 'engagement letter: Northwind is a HIPAA covered entity with Indian operations', investigator: INVESTIGATOR });
    expect(set.stored.profile).toMatchObject(proposed);
    expect(set.inForce.source).toMatch(/^case profile/);
    const after = await duties();
    expect(after.find((d) => d.jurisdiction === 'IN-CERTIN')).toMatchObject({ recipient: 'cert_in', due: certInDue.replace('.000Z', 'Z') });
    expect(after.some((d) => d.jurisdiction === 'US-HIPAA' && d.recipient === 'hhs')).toBe(true);
    // HHS is told only when health information was exposed (HIPAA's trigger); the demo's exports select none.
    const health = Number((await ask<{ n: number }>(sql`SELECT count(*)::BIGINT AS n FROM affected WHERE is_person AND list_contains(categories, 'health')`))[0]?.n);
    if (health === 0) expect(after.filter((d) => d.jurisdiction === 'US-HIPAA').every((d) => d.required === 'no')).toBe(true);
    // The same as the preview said, duty for duty.
    expect(after.length).toBe(before.length + preview.appear.length - preview.disappear.length);
    expect(custodyEntries(caseDir).filter((e) => e.action === 'profile.set')).toHaveLength(1);

    await call('profile.unset', { caseDir, reason: 'wrong engagement', investigator: INVESTIGATOR });
    expect(await duties()).toEqual(before);
    expect((await call('profile.get', { caseDir })).stored).toBeNull();
  });
});

describe('review mode and later runs', () => {
  it('refuses the changes to a reviewer with READ_ONLY', async () => {
    await call('review.open', { caseDir, reviewer: 'Counsel' });
    const zz = (await ask<{ org_id: string | null; object: string; id: string }>(sql`SELECT org_id, object, id FROM affected WHERE is_person AND jurisdiction = 'ZZ' ORDER BY object, id LIMIT 1`))[0]!;
    for (const [channel, payload] of [
      ['jurisdiction.assign', { caseDir, orgId: zz.org_id, object: zz.object, recordId: zz.id, jurisdiction: 'US-NY', reason: 'x' }],
      ['jurisdiction.unassign', { caseDir, orgId: zz.org_id, object: zz.object, recordId: zz.id, reason: 'x' }],
      ['profile.set', { caseDir, profile: { usListed: true }, reason: 'x' }],
      ['profile.unset', { caseDir, reason: 'x' }],
    ] as const) {
      expect(await dispatch(handlers, channel, payload)).toMatchObject({ ok: false, error: { code: 'READ_ONLY' } });
    }
    // Reading and previewing stay open.
    expect((await dispatch(handlers, 'profile.preview', { caseDir, profile: { usListed: true } })).ok).toBe(true);
    await call('review.close', { caseDir });
  });

  it('the report written from the case counts the person under the assigned jurisdiction', async () => {
    const written = await call('report.generate', { caseDir });
    const pdf = (written.files as { path: string }[]).find((f) => f.path.endsWith('report.pdf'));
    expect(pdf).toBeDefined();
    const text = pdfText(pdf!.path);
    const row = /^US-CA\s+California\s+([\d,]+)/m.exec(text);
    expect(row).not.toBeNull();
    expect(Number(row![1]!.replace(/,/g, ''))).toBe(await people('US-CA'));

    // Its list of hand-made assignments: the one in force (US-CA), as the custody log recorded it; the one taken back counted.
    const store = new Database(path.join(caseDir, 'custody.sqlite'), { readonly: true });
    const logged = store.prepare("SELECT seq, at, action, detail FROM custody WHERE action LIKE 'jurisdiction.%' ORDER BY seq").all() as { seq: number; at: string; action: string; detail: string }[];
    store.close();
    const inForce = logged.filter((e) => e.action === 'jurisdiction.assigned').map((e) => ({ ...e, d: JSON.parse(e.detail) as { recordId: string; object: string; jurisdiction: string; previous: string; reason: string; by: string } }))
      .filter((e) => !logged.some((u) => u.action === 'jurisdiction.unassigned' && u.seq > e.seq && (JSON.parse(u.detail) as { recordId: string }).recordId === e.d.recordId));
    expect(inForce.map((e) => e.d.jurisdiction)).toEqual(['US-CA']);
    const a = inForce[0]!;
    const list = section(text, 'Jurisdictions assigned by hand', '6. Notification duties');
    const flat = section(pdfText(pdf!.path, false), 'Jurisdictions assigned by hand', '6. Notification duties').replace(/\s+/g, ' ');
    expect(flat).toContain('1 record was given a jurisdiction by an investigator');
    expect(flat).toContain('1 record was assigned by hand and given back');
    // One row, read cell by cell from the words' positions under the table's headers: the record, the code and its name,
    // what the address gave, who and when, why, and the custody entry.
    const words = pdfWords(pdf!.path);
    const onLine = (w: { page: number; yMin: number }, v: { page: number; yMin: number }): boolean => w.page === v.page && Math.abs(w.yMin - v.yMin) < 1;
    const custodyHead = words.find((w) => w.text === 'Custody' && words.some((v) => v.text === 'Reason' && onLine(v, w)) && words.some((v) => v.text === 'Assigned' && onLine(v, w)))!;
    expect(custodyHead).toBeDefined();
    const header = words.filter((w) => onLine(w, custodyHead));
    const x = (t: string): number => header.find((w) => w.text === t)!.xMin;
    const below = words.filter((w) => w.page === custodyHead.page && w.yMin > custodyHead.yMax + 8);
    const end = below.find((w) => w.text === '6.')?.yMin ?? Infinity;
    const cell = (from: number, to: number): string => below.filter((w) => w.yMin < end && w.xMin >= from - 1 && w.xMin < to - 1).map((w) => w.text).join(' ');
    expect(cell(0, x('Assigned'))).toBe(`${a.d.object} ${a.d.recordId} org ${(JSON.parse(a.detail) as { orgId: string }).orgId}`);
    expect(cell(x('Assigned'), x('Address'))).toBe('US-CA California');
    expect(cell(x('Address'), x('By,'))).toBe(a.d.previous);
    expect(cell(x('By,'), x('Reason'))).toBe(`${INVESTIGATOR} ${a.at.slice(0, 19).replace('T', ' ')} UTC`);
    expect(cell(x('Reason'), x('Custody'))).toBe(a.d.reason);
    expect(cell(x('Custody'), Infinity)).toBe(`#${a.seq}`);
    // The record taken back is not listed.
    const takenBack = logged.find((e) => e.action === 'jurisdiction.unassigned')!;
    expect(list).not.toContain((JSON.parse(takenBack.detail) as { recordId: string }).recordId);
  });

  it('a new investigation of the case applies the assignment and the stored profile again', async () => {
    const caNow = await people('US-CA');
    await call('profile.set', { caseDir, profile: { usListed: true }, reason: 'listed on NASDAQ', investigator: INVESTIGATOR });
    const evidence = path.join(work, 'evidence');
    const run = await call('investigation.run', { evidencePaths: [evidence], caseDir, outDir: path.join(caseDir, 'output'), investigator: INVESTIGATOR, scope: { awareAt: AWARE } });
    expect(run.summary.byJurisdiction['US-CA']).toBe(caNow);
    const assigned = await ask<{ n: number }>(sql`SELECT count(*)::BIGINT AS n FROM affected WHERE jurisdiction_confidence = 'assigned'`);
    expect(Number(assigned[0]?.n)).toBeGreaterThan(0);
    const dutiesJson = JSON.parse(readFileSync(path.join(caseDir, 'output', 'duties.json'), 'utf8')) as { regimes: { id: string }[]; profile: { usListed: boolean; source: string } };
    expect(dutiesJson.regimes.map((r) => r.id)).toEqual(['US-SEC']);
    expect(dutiesJson.profile).toMatchObject({ usListed: true, source: expect.stringMatching(/^case profile/) });
    const affectedJson = JSON.parse(readFileSync(path.join(caseDir, 'output', 'affected.json'), 'utf8')) as { summary: { byJurisdiction: Record<string, number> } };
    expect(affectedJson.summary.byJurisdiction['US-CA']).toBe(caNow);
    // The run found no tampering in the tables changed by the decisions.
    expect(run.warnings.filter((w: string) => w.includes('changed outside Leakscope'))).toEqual([]);
  }, 300_000);
});
