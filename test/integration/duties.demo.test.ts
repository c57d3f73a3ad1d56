/**
 * duties.json on the bundled demo, checked against expectations derived by hand from resources/demo/truth.json:
 * the planted exports select only names, e-mail, phone and postal addresses, so no US state's trigger
 * (name + SSN, licence, account …) is met, while every GDPR-style law is (any personal data).
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateDemo, type DemoTruth } from '../../scripts/demo/index.js';

const run = promisify(execFile);
const root = path.resolve(__dirname, '../..');
const cli = path.join(root, 'bin', 'leakscope.js');
const demo = path.join(root, 'resources', 'demo', 'evidence');
const AWARE = '2025-07-28T09:00:00.000Z'; // Monday
const EU_EEA = new Set(['AT', 'BE', 'BG', 'HR', 'CY', 'CZ', 'DK', 'EE', 'FI', 'FR', 'DE', 'GR', 'HU', 'IE', 'IT', 'LV', 'LT', 'LU', 'MT', 'NL', 'PL', 'PT', 'RO', 'SK', 'SI', 'ES', 'SE', 'IS', 'LI', 'NO']);
/** The fields the planted person exports select, categorised by hand. */
const FIELD_CATEGORY: Record<string, string | null> = {
  Id: null, FirstName: 'name', LastName: 'name', Email: 'email', Phone: 'phone', Company: null,
  MailingStreet: 'postal_address', MailingCity: 'postal_address', MailingState: 'postal_address', MailingPostalCode: 'postal_address', MailingCountry: 'postal_address',
  Street: 'postal_address', City: 'postal_address', State: 'postal_address', PostalCode: 'postal_address', Country: 'postal_address',
};

interface Duty { jurisdiction: string; recipient: string; step: string | null; required: string; people: number; peopleInJurisdiction: number; due: string | null; why: string[]; authority: string | null }
interface DutiesJson { awareAt: string; awareAtSource: string; regimes: { id: string }[]; notes: string[]; duties: Duty[] }

let truth: DemoTruth;
let withProfile: DutiesJson;
let withoutOptions: DutiesJson;
let affected: { jurisdictions: { code: string; categories?: string[]; notices?: { recipient: string; required: string }[] }[] };

beforeAll(async () => {
  truth = generateDemo(20250726).truth;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ls-duties-demo-'));
  const profile = path.join(dir, 'profile.json');
  writeFileSync(profile, JSON.stringify({ organisation: 'Northwind', euMainEstablishment: 'IE', usListed: true, nis2: 'important' }));
  await run(process.execPath, [cli, 'investigate', demo, '--out', path.join(dir, 'a'), '--aware-at', AWARE, '--profile', profile], { maxBuffer: 64 * 1024 * 1024 });
  await run(process.execPath, [cli, 'investigate', demo, '--out', path.join(dir, 'b')], { maxBuffer: 64 * 1024 * 1024 });
  withProfile = JSON.parse(readFileSync(path.join(dir, 'a', 'duties.json'), 'utf8')) as DutiesJson;
  withoutOptions = JSON.parse(readFileSync(path.join(dir, 'b', 'duties.json'), 'utf8')) as DutiesJson;
  affected = JSON.parse(readFileSync(path.join(dir, 'a', 'affected.json'), 'utf8')) as typeof affected;
}, 300_000);

const exposedCategories = (): string[] => {
  const fields = truth.plantedExports.filter((x) => ['Contact', 'Lead'].includes(x.object ?? '') && x.query !== null && !x.countOnly)
    .flatMap((x) => /^SELECT (.*?) FROM/i.exec(x.query ?? '')?.[1]?.split(',').map((f) => f.trim()) ?? []);
  return [...new Set(fields.map((f) => FIELD_CATEGORY[f]).filter((c): c is string => c !== null && c !== undefined))].sort();
};

describe('duties.json on the demo', () => {
  it('runs from --aware-at, or from the run start and says so', () => {
    expect([withProfile.awareAt, withProfile.awareAtSource]).toEqual([AWARE, 'aware-at']);
    expect(withoutOptions.awareAtSource).toBe('run start');
    expect(withoutOptions.notes.join(' ')).toMatch(/no --aware-at given.*no --profile given/s);
    expect(withProfile.regimes.map((r) => r.id)).toEqual(['EU-GDPR-OSS', 'EU-NIS2', 'US-SEC']);
  });

  it('requires no US state notice and shows no state deadline: names, e-mail, phone and addresses meet no state trigger', () => {
    expect(exposedCategories()).toEqual(['email', 'name', 'phone', 'postal_address']);
    const states = Object.keys(truth.byJurisdiction).filter((code) => code.startsWith('US-'));
    expect(states.length).toBeGreaterThan(10);
    for (const code of states) {
      const entries = withProfile.duties.filter((d) => d.jurisdiction === code);
      expect(entries.length, code).toBeGreaterThan(0);
      for (const d of entries) {
        expect([code, d.recipient, d.required, d.due, d.peopleInJurisdiction]).toEqual([code, d.recipient, 'no', null, truth.byJurisdiction[code]]);
        expect(d.why[0]).toContain('none exposed');
      }
    }
  });

  it('sends the GDPR authority notice to the lead authority (IE) for every EU/EEA resident, 72 hours from awareness', () => {
    const eu = Object.entries(truth.byJurisdiction).filter(([code]) => EU_EEA.has(code));
    const lead = withProfile.duties.filter((d) => d.jurisdiction === 'EU-GDPR-OSS');
    expect(lead).toHaveLength(1);
    expect(lead[0]).toMatchObject({ recipient: 'lead_supervisory_authority', required: 'assess', people: eu.reduce((n, [, count]) => n + count, 0), due: '2025-07-31T09:00:00.000Z' });
    expect(lead[0]?.authority).toContain('Data Protection Commission');
    for (const [code, count] of eu) {
      expect(withProfile.duties.filter((d) => d.jurisdiction === code).map((d) => [d.recipient, d.required, d.people])).toEqual([['individuals', 'assess', count]]);
    }
    const perCountry = withoutOptions.duties.filter((d) => EU_EEA.has(d.jurisdiction) && d.recipient === 'regulator');
    expect(perCountry.map((d) => d.jurisdiction).sort()).toEqual(eu.map(([code]) => code).sort());
  });

  it('gives the UK ICO 72 hours and lists people no law places', () => {
    expect(withProfile.duties.find((d) => d.jurisdiction === 'GB' && d.recipient === 'regulator')).toMatchObject({ people: truth.byJurisdiction.GB, due: '2025-07-31T09:00:00.000Z' });
    expect(withProfile.duties.find((d) => d.jurisdiction === 'ZZ')).toMatchObject({ required: 'assess', people: truth.byJurisdiction.ZZ });
    expect(withProfile.duties.find((d) => d.jurisdiction === 'US')).toMatchObject({ required: 'assess', people: truth.byJurisdiction.US });
  });

  it('adds the profile regimes: NIS2 three clocks and the SEC 8-K four business days', () => {
    const nis2 = withProfile.duties.filter((d) => d.jurisdiction === 'EU-NIS2').map((d) => [d.step, d.due]);
    expect(nis2).toEqual([['early_warning', '2025-07-29T09:00:00.000Z'], ['incident_notification', '2025-07-31T09:00:00.000Z'], ['final_report', '2025-08-31T09:00:00.000Z']]);
    expect(withProfile.duties.find((d) => d.jurisdiction === 'US-SEC')?.due).toBe('2025-08-01T09:00:00.000Z');
  });

  it('annotates affected.json jurisdictions with categories and notices', () => {
    const union = exposedCategories();
    for (const j of affected.jurisdictions) {
      expect(j.categories?.length, j.code).toBeGreaterThan(0);
      expect(j.categories?.every((c) => union.includes(c)), j.code).toBe(true);
      expect(j.notices?.length, j.code).toBeGreaterThan(0);
    }
    expect(affected.jurisdictions.find((j) => j.code === 'US-TX')?.notices?.every((n) => n.required === 'no')).toBe(true);
  });
});
