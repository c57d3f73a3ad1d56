/**
 * Every notification duty of an incident: for each jurisdiction with affected residents one entry per
 * recipient of its law, and for each organisation regime the profile brings in one entry per notice.
 */
import type { JurisdictionRule } from '../jurisdiction/rules.js';
import { assessNotice, countTriggered, type PeopleGroup } from './assess.js';
import { timeLeft } from './clock.js';
import { dueDate, type DueDate } from './due.js';
import { filingOf } from './filing.js';
import { profileMeets, type OrganisationProfile } from './profile.js';
import type { CategoryMap } from './triggers.js';
import type { DutyLaw, NoticeRule, NotificationDuty, Regime } from './types.js';

export interface DutyInput {
  groups: readonly PeopleGroup[];
  rules: readonly JurisdictionRule[];
  /** The regimes that apply (already chosen from the profile by `regimesFor`). */
  regimes: readonly Regime[];
  profile: OrganisationProfile;
  categoryMap: CategoryMap;
  euEea: ReadonlySet<string>;
  awareAt: number;
  asOf: number;
}

/** Evaluates the duties, jurisdictions first (largest first), then regimes in file order. */
export function evaluateDuties(input: DutyInput): NotificationDuty[] {
  const byJurisdiction = new Map<string, PeopleGroup[]>();
  for (const group of input.groups) {
    const list = byJurisdiction.get(group.jurisdiction);
    if (list === undefined) byJurisdiction.set(group.jurisdiction, [group]);
    else list.push(group);
  }
  const total = (groups: readonly PeopleGroup[]): number => groups.reduce((n, g) => n + g.people, 0);
  const codes = [...byJurisdiction.keys()].sort((a, b) => total(byJurisdiction.get(b) ?? []) - total(byJurisdiction.get(a) ?? []) || a.localeCompare(b));
  const main = input.profile.euMainEstablishment;
  const oneStopShop = main !== null && input.euEea.has(main);
  // The one-stop shop needs a main establishment inside the EU/EEA; elsewhere every authority concerned is notified.
  const regimes = input.regimes.filter((regime) => regime.authorityFrom !== 'euMainEstablishment' || oneStopShop);
  const replaced = regimes.flatMap((regime) => (regime.replaces ? [regime.replaces] : []));
  const out: NotificationDuty[] = [];
  for (const code of codes) {
    const groups = byJurisdiction.get(code) ?? [];
    const rule = input.rules.find((candidate) => candidate.code === code);
    if (rule === undefined || rule.notices.length === 0) {
      out.push(noRuleDuty(code, rule, total(groups), total(groups.filter((g) => g.sure))));
      continue;
    }
    const law = lawOfRule(rule);
    const notices = rule.notices.filter((notice) => !replaced.some((r) => r.framework === rule.framework && r.recipient === notice.recipient));
    const gdprNote = rule.framework === 'GDPR' && !oneStopShop
      ? main === null
        ? 'no EU main establishment in the profile: notify the supervisory authority of each Member State concerned'
        : `the profile's main establishment ${main} is not in the EU/EEA, so there is no one-stop shop: notify the supervisory authority of each Member State concerned`
      : null;
    out.push(...dutiesOfLaw(law, notices, groups, total(groups), input, gdprNote));
  }
  for (const regime of regimes) {
    const groups = input.groups.filter((g) => regime.peopleFrom === 'all' || (regime.peopleFrom === 'eu_eea' ? input.euEea.has(g.jurisdiction) : g.jurisdiction === 'US' || g.jurisdiction.startsWith('US-')));
    const notices = regime.notices.filter((notice) => notice.appliesWhen === undefined || profileMeets(input.profile, notice.appliesWhen)).map((notice) => withAuthority(regime, notice, input));
    const covered = [...new Set(groups.map((g) => g.jurisdiction))].sort().join(', ');
    out.push(...dutiesOfLaw(regime, notices, groups, total(groups), input, regime.peopleFrom === 'all' || covered === '' ? null : `covers the people of ${covered}`));
  }
  return out;
}

/** A jurisdiction rule as a law with notices. */
export function lawOfRule(rule: JurisdictionRule): DutyLaw {
  return {
    id: rule.code, name: rule.name, law: rule.law, triggerRule: rule.triggerRule, triggers: rule.triggers, standaloneTriggers: rule.standaloneTriggers,
    riskTest: rule.riskTest, riskTestApplies: rule.riskTestApplies, accountNumberAlone: rule.accountNumberAlone,
    safeHarbourEncryption: rule.safeHarbourEncryption, safeHarbourNote: rule.safeHarbourNote, effective: rule.effective, beforeEffective: rule.beforeEffective,
    lastReviewed: rule.lastReviewed, citation: rule.citation, verification: rule.verification, notices: rule.notices,
    filingUrl: rule.regulatorUrl ?? null, filingNote: rule.regulatorUrlNote ?? null,
  };
}

function dutiesOfLaw(law: DutyLaw, notices: readonly NoticeRule[], groups: readonly PeopleGroup[], inJurisdiction: number, input: DutyInput, note: string | null): NotificationDuty[] {
  const count = countTriggered(law, groups, input.categoryMap);
  const dues = new Map<string, DueDate>();
  const dueOf = (key: string): DueDate | undefined => dues.get(key);
  // Clocks that follow another notice need that notice's date first: one pass per notice settles every chain.
  for (let pass = 0; pass < notices.length; pass++) {
    for (const notice of notices) {
      const due = dueDate(notice.clock, input.awareAt, dueOf);
      dues.set(notice.id ?? notice.recipient, due);
      if (!dues.has(notice.recipient)) dues.set(notice.recipient, due);
    }
  }
  return notices.map((notice) => {
    const due = dues.get(notice.id ?? notice.recipient) ?? { due: null, reason: null };
    const { required, why } = assessNotice(law, notice, count, input.awareAt, due);
    if (note !== null && required !== 'no') why.push(note);
    return {
      jurisdiction: law.id, name: law.name, law: law.law, recipient: notice.recipient, step: notice.id ?? null,
      authority: notice.authority, url: notice.url ?? null, ...filingOf(law, notice), required, why,
      people: count.people, peopleSure: count.peopleSure, peopleInJurisdiction: inJurisdiction,
      triggers: { met: count.met, missed: count.missed, exposed: count.exposed }, threshold: notice.threshold,
      due: required === 'no' || due.due === null ? null : new Date(due.due).toISOString(),
      dueReason: required === 'no' ? null : due.reason, clock: notice.clock,
      timeLeft: required === 'no' || due.due === null ? null : timeLeft(due.due, input.asOf),
      overdue: required === 'no' || due.due === null ? null : due.due < input.asOf,
      citation: law.citation, verification: verificationText(law), effective: law.effective, lastReviewed: law.lastReviewed,
    };
  });
}

function withAuthority(regime: Regime, notice: NoticeRule, input: DutyInput): NoticeRule {
  if (regime.authorityFrom === undefined) return notice;
  const code = (input.profile as Record<string, unknown>)[regime.authorityFrom];
  const rule = typeof code === 'string' ? input.rules.find((candidate) => candidate.code === code) : undefined;
  const inEea = typeof code === 'string' && input.euEea.has(code);
  return {
    ...notice,
    authority: rule !== undefined && inEea ? `${rule.regulator ?? code} (lead supervisory authority, ${code})` : `no EU/EEA rule for ${String(code)}: name the lead authority by hand`,
    url: rule?.regulatorUrl ?? rule?.notices.find((n) => n.recipient === 'regulator')?.url ?? null,
    filingNote: rule !== undefined && inEea ? rule.regulatorUrlNote ?? notice.filingNote : notice.filingNote,
  };
}

function noRuleDuty(code: string, rule: JurisdictionRule | undefined, people: number, peopleSure: number): NotificationDuty {
  const why = code === 'ZZ'
    ? ['residence unresolved: these people cannot be placed under any law until their address is found, or their jurisdiction is assigned by hand (People search in the app, `leakscope jurisdiction`)']
    : code === 'US'
      ? ['US residents whose state is unknown: each state law may apply once the state is found']
      : rule !== undefined
        ? [`${rule.law}: no notice recorded`, `rule ${rule.verification.status.replace('_', ' ')}: check the law before relying on the absence`]
        : [`no breach-notification rule recorded for ${code}: check its law by hand`];
  return {
    jurisdiction: code, name: rule?.name ?? code, law: rule?.law ?? '', recipient: 'unknown', step: null, authority: null, url: null, filingUrl: null,
    filingNote: rule?.regulatorUrlNote ?? null, required: 'assess', why, people, peopleSure, peopleInJurisdiction: people, triggers: { met: [], missed: [], exposed: [] }, threshold: 1,
    due: null, dueReason: 'no rule with a clock', clock: { kind: 'none', value: null, start: 'awareness', reason: 'without_undue_delay', text: '' },
    timeLeft: null, overdue: null, citation: rule?.citation ?? '', verification: rule === undefined ? 'no rule' : verificationText(lawOfRule(rule)),
    effective: rule?.effective ?? null, lastReviewed: rule?.lastReviewed ?? '',
  };
}

function verificationText(law: DutyLaw): string {
  const open = law.verification.unverifiedFields.length === 0 ? '' : `; unverified: ${law.verification.unverifiedFields.join(', ')}`;
  return `${law.verification.status}${open}`;
}
