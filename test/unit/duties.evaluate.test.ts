/**
 * Duty evaluation over the shipped rules.json and regimes, with people groups and expected verdicts and
 * dates worked out by hand from the statutes' numbers (thresholds, clocks) cited in the rule rows.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { loadJurisdictionData, type JurisdictionData } from '../../electron/engine/jurisdiction/loadTables.js';
import { loadRegimes } from '../../electron/engine/duties/loadRegimes.js';
import type { PeopleGroup } from '../../shared/duties/assess.js';
import { evaluateDuties } from '../../shared/duties/evaluate.js';
import { EMPTY_PROFILE, organisationProfileSchema, regimesFor, type OrganisationProfile } from '../../shared/duties/profile.js';
import type { NotificationDuty, Regime } from '../../shared/duties/types.js';

let geo: JurisdictionData;
let allRegimes: Regime[];

beforeAll(() => {
  const loaded = loadJurisdictionData();
  if (!loaded.ok) throw new Error(loaded.error.message);
  geo = loaded.value;
  const regimes = loadRegimes('resources');
  if (!regimes.ok) throw new Error(regimes.error.message);
  allRegimes = regimes.value;
});

const group = (jurisdiction: string, categories: string[], people: number, sure = true): PeopleGroup => ({ jurisdiction, categories, people, sure });

function duties(groups: PeopleGroup[], awareAt: string, profile: Partial<OrganisationProfile> = {}): NotificationDuty[] {
  const full = organisationProfileSchema.parse(profile);
  return evaluateDuties({
    groups, rules: geo.rules, regimes: regimesFor(full, allRegimes), profile: full, categoryMap: geo.categoryMap, euEea: geo.tables.euEea,
    awareAt: Date.parse(awareAt), asOf: Date.parse(awareAt),
  });
}
const find = (list: NotificationDuty[], jurisdiction: string, recipient: string, step: string | null = null): NotificationDuty => {
  const hit = list.find((d) => d.jurisdiction === jurisdiction && d.recipient === recipient && d.step === step);
  if (hit === undefined) throw new Error(`no duty ${jurisdiction}/${recipient}/${step ?? ''} in ${list.map((d) => `${d.jurisdiction}/${d.recipient}`).join(', ')}`);
  return hit;
};
const AWARE = '2025-07-28T09:00:00Z'; // a Monday

describe('Texas (Bus. & Com. Code 521.053): name + government-issued id, AG from 250 residents within 30 days', () => {
  it('requires both notices when 300 residents had their name and a government id exposed', () => {
    const list = duties([group('US-TX', ['name', 'government_id', 'email'], 300)], AWARE);
    const individuals = find(list, 'US-TX', 'individuals');
    expect([individuals.required, individuals.people, individuals.due]).toEqual(['yes', 300, '2025-09-26T09:00:00.000Z']); // +60 days
    const ag = find(list, 'US-TX', 'attorney_general');
    expect([ag.required, ag.due]).toEqual(['yes', '2025-08-27T09:00:00.000Z']); // +30 days
    expect(ag.triggers.met).toContain('gov_id_other');
    const cra = find(list, 'US-TX', 'consumer_reporting_agencies');
    expect(cra.required).toBe('no');
    expect(cra.why.join(' ')).toContain('300 people meet the trigger, below the threshold of 10001');
  });

  it('does not require the AG notice below 250 residents', () => {
    const ag = find(duties([group('US-TX', ['name', 'ssn_national_id'], 249)], AWARE), 'US-TX', 'attorney_general');
    expect(ag.required).toBe('no');
    expect(ag.due).toBeNull();
    expect(ag.why.join(' ')).toContain('249 people meet the trigger, below the threshold of 250');
  });

  it('says no, and why, when the exposed categories miss every trigger', () => {
    const list = duties([group('US-TX', ['name', 'email', 'phone', 'postal_address'], 1000)], AWARE);
    for (const duty of list.filter((d) => d.jurisdiction === 'US-TX')) {
      expect(duty.required).toBe('no');
      expect(duty.people).toBe(0);
      expect(duty.peopleInJurisdiction).toBe(1000);
      expect(duty.why[0]).toMatch(/^exposed: email, name, phone, postal_address; the law needs the name with one of .*: none exposed$/);
    }
  });

  it('asks to assess, never says no, when some people have no field that could be categorised', () => {
    const individuals = find(duties([group('US-TX', ['name', 'email'], 10), group('US-TX', [], 4)], AWARE), 'US-TX', 'individuals');
    expect(individuals.required).toBe('assess');
    expect(individuals.why.join(' ')).toContain('4 people have no exposed field that could be put in a data category');
  });

  it('needs the name: a government id alone does not trigger', () => {
    expect(find(duties([group('US-TX', ['government_id'], 300)], AWARE), 'US-TX', 'individuals').required).toBe('no');
  });

  it('asks to assess when the threshold is met only by counting possible records', () => {
    const ag = find(duties([group('US-TX', ['name', 'government_id'], 200), group('US-TX', ['name', 'government_id'], 100, false)], AWARE), 'US-TX', 'attorney_general');
    expect([ag.required, ag.people, ag.peopleSure]).toEqual(['assess', 300, 200]);
  });

  it('asks to assess when only an account number was exposed, without its security code', () => {
    const individuals = find(duties([group('US-TX', ['name', 'financial_account'], 300)], AWARE), 'US-TX', 'individuals');
    expect(individuals.required).toBe('assess');
    expect(individuals.why.join(' ')).toContain('only with its security code');
  });

  it('never assumes the encryption safe harbour', () => {
    const individuals = find(duties([group('US-TX', ['name', 'ssn_national_id'], 5)], AWARE), 'US-TX', 'individuals');
    expect(individuals.why.join(' ')).toContain('encryption safe harbour not assumed');
  });
});

describe('New York and Massachusetts', () => {
  it('New York: individuals within 30 days; the AG, State and State Police notices are concurrent, with no date', () => {
    const list = duties([group('US-NY', ['name', 'ssn_national_id'], 10)], AWARE);
    expect(find(list, 'US-NY', 'individuals').due).toBe('2025-08-27T09:00:00.000Z');
    const agencies = find(list, 'US-NY', 'attorney_general');
    expect(agencies.due).toBeNull();
    expect(agencies.dueReason).toContain('concurrent with individual notice');
    expect(agencies.authority).not.toContain('DFS');
  });

  it('Massachusetts has a risk test, so the verdict is assess', () => {
    const individuals = find(duties([group('US-MA', ['name', 'ssn_national_id'], 10)], AWARE), 'US-MA', 'individuals');
    expect(individuals.required).toBe('assess');
    expect(individuals.why.join(' ')).toContain('substantial risk of identity theft or fraud');
  });
});

describe('California (SB 446, from 2026-01-01): individuals in 30 days, AG 15 days after them above 500', () => {
  it('chains the AG date to the latest individual notice date', () => {
    const list = duties([group('US-CA', ['name', 'ssn_national_id'], 600)], '2026-03-02T10:00:00Z');
    expect(find(list, 'US-CA', 'individuals')).toMatchObject({ required: 'yes', due: '2026-04-01T10:00:00.000Z' });
    expect(find(list, 'US-CA', 'attorney_general')).toMatchObject({ required: 'yes', due: '2026-04-16T10:00:00.000Z' });
    expect(find(list, 'US-CA', 'attorney_general').dueReason).toContain('latest date of the notice to individuals');
  });

  it('before SB 446 took effect, asks to check the earlier version', () => {
    const individuals = find(duties([group('US-CA', ['name', 'ssn_national_id'], 600)], AWARE), 'US-CA', 'individuals');
    expect(individuals.required).toBe('assess');
    expect(individuals.why.join(' ')).toContain('the earlier version (not in this table) governed');
  });
});

describe('India: DPDP breach rule from 13 May 2027, CERT-In 6 hours now', () => {
  it('no DPDP duty the day before 13 May 2027', () => {
    const board = find(duties([group('IN', ['email'], 10)], '2027-05-12T23:00:00Z'), 'IN', 'regulator');
    expect(board.required).toBe('no');
    expect(board.why[0]).toContain('applies from 2027-05-13');
  });

  it('the Board report within 72 hours from 13 May 2027', () => {
    const board = find(duties([group('IN', ['email'], 10)], '2027-05-13T00:00:00Z'), 'IN', 'regulator');
    expect([board.required, board.due]).toEqual(['yes', '2027-05-16T00:00:00.000Z']);
  });

  it('CERT-In within 6 hours of noticing the incident, for an organisation the profile puts under it', () => {
    const certIn = find(duties([group('IN', ['email'], 10)], '2025-07-31T20:00:00Z', { indiaCertIn: true }), 'IN-CERTIN', 'cert_in');
    expect([certIn.required, certIn.due]).toEqual(['yes', '2025-08-01T02:00:00.000Z']);
  });
});

describe('organisation profile overlays', () => {
  it('NIS2: early warning 24 h, notification 72 h, final report one month after the notification', () => {
    const list = duties([group('DE', ['email'], 5)], AWARE, { nis2: 'essential' });
    expect(find(list, 'EU-NIS2', 'csirt', 'early_warning').due).toBe('2025-07-29T09:00:00.000Z');
    expect(find(list, 'EU-NIS2', 'csirt', 'incident_notification').due).toBe('2025-07-31T09:00:00.000Z');
    expect(find(list, 'EU-NIS2', 'csirt', 'final_report').due).toBe('2025-08-31T09:00:00.000Z');
    expect(find(list, 'EU-NIS2', 'csirt', 'early_warning').required).toBe('assess'); // significant incident is a judgement
  });

  it('SEC Form 8-K Item 1.05: four business days after the materiality determination, across a weekend', () => {
    const sec = find(duties([group('US-CA', ['email'], 5)], '2025-07-31T20:00:00Z', { usListed: true }), 'US-SEC', 'sec');
    expect(sec.due).toBe('2025-08-06T20:00:00.000Z');
    expect(sec.required).toBe('assess');
  });

  it('SEC business days leave out US federal holidays (4 July 2025)', () => {
    const sec = find(duties([group('US-CA', ['email'], 5)], '2025-07-03T20:00:00Z', { usListed: true }), 'US-SEC', 'sec');
    expect(sec.due).toBe('2025-07-10T20:00:00.000Z');
    expect(sec.dueReason).toContain('US-federal holidays');
  });

  it('GDPR one-stop shop: one notice to the lead authority of the main establishment for all EU/EEA residents', () => {
    const list = duties([group('DE', ['email', 'name'], 10), group('FR', ['email'], 5), group('GB', ['email'], 7)], AWARE, { euMainEstablishment: 'IE' });
    const lead = find(list, 'EU-GDPR-OSS', 'lead_supervisory_authority');
    expect([lead.people, lead.due]).toEqual([15, '2025-07-31T09:00:00.000Z']);
    expect(lead.authority).toContain('Data Protection Commission (DPC)');
    expect(list.filter((d) => (d.jurisdiction === 'DE' || d.jurisdiction === 'FR') && d.recipient === 'regulator')).toEqual([]);
    expect(find(list, 'DE', 'individuals').people).toBe(10);
    expect(find(list, 'GB', 'regulator').due).toBe('2025-07-31T09:00:00.000Z'); // UK GDPR is outside the one-stop shop
  });

  it('GDPR with a main establishment outside the EU/EEA: no one-stop shop', () => {
    const list = duties([group('DE', ['email'], 10)], AWARE, { euMainEstablishment: 'GB' });
    expect(list.some((d) => d.jurisdiction === 'EU-GDPR-OSS')).toBe(false);
    expect(find(list, 'DE', 'regulator').why.join(' ')).toContain('GB is not in the EU/EEA');
  });

  it('GDPR without an EU main establishment: each authority concerned', () => {
    const list = duties([group('DE', ['email'], 10), group('FR', ['email'], 5)], AWARE);
    expect(list.some((d) => d.jurisdiction === 'EU-GDPR-OSS')).toBe(false);
    expect(find(list, 'DE', 'regulator').why.join(' ')).toContain('each Member State concerned');
    expect(find(list, 'FR', 'regulator').due).toBe('2025-07-31T09:00:00.000Z');
  });

  it('HIPAA covered entity: 600 with health data, 550 in one state: HHS and media within 60 days, no annual log', () => {
    const list = duties([group('US-CA', ['name', 'health'], 550), group('US-TX', ['name', 'health'], 50), group('US-TX', ['email'], 90)], AWARE, { hipaa: 'covered_entity' });
    expect(find(list, 'US-HIPAA', 'individuals')).toMatchObject({ required: 'yes', people: 600, due: '2025-09-26T09:00:00.000Z' });
    expect(find(list, 'US-HIPAA', 'hhs', 'hhs_500_or_more').required).toBe('yes');
    expect(find(list, 'US-HIPAA', 'hhs', 'hhs_annual_log').required).toBe('no');
    expect(find(list, 'US-HIPAA', 'media').required).toBe('yes');
    expect(list.some((d) => d.recipient === 'covered_entity')).toBe(false);
  });

  it('HIPAA: 300 in each of two states: no media notice, HHS report of 600 still due', () => {
    const list = duties([group('US-CA', ['health'], 300), group('US-TX', ['health'], 300)], AWARE, { hipaa: 'covered_entity' });
    expect(find(list, 'US-HIPAA', 'media').required).toBe('no');
    expect(find(list, 'US-HIPAA', 'media').why.join(' ')).toContain('300 residents of the most affected state');
    expect(find(list, 'US-HIPAA', 'hhs', 'hhs_500_or_more').required).toBe('yes');
  });

  it('an incident regime still applies with no affected person; a residence regime then says no', () => {
    const list = duties([], AWARE, { nis2: 'essential', euMainEstablishment: 'IE' });
    expect(find(list, 'EU-NIS2', 'csirt', 'early_warning')).toMatchObject({ required: 'assess', people: 0, due: '2025-07-29T09:00:00.000Z' });
    const lead = find(list, 'EU-GDPR-OSS', 'lead_supervisory_authority');
    expect([lead.required, lead.why]).toEqual(['no', ['no affected person falls under this law']]);
  });

  it('no profile: no organisation regime', () => {
    const list = duties([group('DE', ['email'], 1)], AWARE);
    expect(list.every((d) => !d.jurisdiction.startsWith('EU-') && !d.jurisdiction.startsWith('US-S'))).toBe(true);
    expect(regimesFor(EMPTY_PROFILE, allRegimes)).toEqual([]);
  });

  it('rejects a profile with an unknown field or value', () => {
    expect(organisationProfileSchema.safeParse({ nis2: 'very' }).success).toBe(false);
    expect(organisationProfileSchema.safeParse({ listed: true }).success).toBe(false);
  });
});

describe('people no law places', () => {
  it('unresolved and state-unknown people are assess entries with the reason', () => {
    const list = duties([group('ZZ', ['email'], 4), group('US', ['name', 'ssn_national_id'], 3)], AWARE);
    expect(find(list, 'ZZ', 'unknown')).toMatchObject({ required: 'assess', people: 4 });
    expect(find(list, 'US', 'unknown').why[0]).toContain('state is unknown');
  });

  it('a territory with no breach law recorded is an assess entry, never a silent no', () => {
    const samoa = find(duties([group('US-AS', ['name', 'ssn_national_id'], 3)], AWARE), 'US-AS', 'unknown');
    expect(samoa.required).toBe('assess');
    expect(samoa.verification).toMatch(/^unverified/);
  });
});
