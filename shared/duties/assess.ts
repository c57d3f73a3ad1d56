/**
 * One notice of one law against the people it covers: whether it is required (`yes`, `no`, `assess`), why,
 * and by when. Pure; the people arrive already grouped by exposed categories.
 */
import type { DueDate } from './due.js';
import { meetsTrigger, missedTriggers, type CategoryMap } from './triggers.js';
import type { DutyLaw, DutyRequired, NoticeRule } from './types.js';

/** People of one jurisdiction who share one set of exposed categories and one certainty. */
export interface PeopleGroup {
  jurisdiction: string;
  categories: string[];
  /** Confirmed or replayed (true) rather than only possible (false). */
  sure: boolean;
  people: number;
}

/** How many of the groups' people a law's trigger covers, and what was exposed. */
export interface TriggerCount {
  people: number;
  peopleSure: number;
  accountNumberOnly: number;
  /** People none of whose exposed fields could be put in a data category. */
  uncategorised: number;
  /** Largest count of triggered people in one US state (for per-state thresholds). */
  maxPerUsState: number;
  maxPerUsStateSure: number;
  met: string[];
  exposed: string[];
  missed: string[];
  undetectable: string[];
}

/** Counts the people whose exposed categories meet the law's trigger. */
export function countTriggered(law: DutyLaw, groups: readonly PeopleGroup[], map: CategoryMap): TriggerCount {
  const met = new Set<string>();
  const exposed = new Set<string>();
  const perState = new Map<string, { all: number; sure: number }>();
  let people = 0;
  let peopleSure = 0;
  let accountNumberOnly = 0;
  let uncategorised = 0;
  for (const group of groups) {
    group.categories.forEach((c) => exposed.add(c));
    if (group.categories.length === 0) uncategorised += group.people;
    const finding = meetsTrigger(law, group.categories, map);
    if (!finding.meets) continue;
    finding.met.forEach((term) => met.add(term));
    people += group.people;
    if (group.sure) peopleSure += group.people;
    if (finding.accountNumberOnly) accountNumberOnly += group.people;
    if (group.jurisdiction.startsWith('US-')) {
      const state = perState.get(group.jurisdiction) ?? { all: 0, sure: 0 };
      state.all += group.people;
      if (group.sure) state.sure += group.people;
      perState.set(group.jurisdiction, state);
    }
  }
  const states = [...perState.values()];
  const exposedList = [...exposed].sort();
  const { missed, undetectable } = missedTriggers(law, exposedList, map);
  return {
    people, peopleSure, accountNumberOnly, uncategorised,
    maxPerUsState: Math.max(0, ...states.map((s) => s.all)),
    maxPerUsStateSure: Math.max(0, ...states.map((s) => s.sure)),
    met: [...met].sort(), exposed: exposedList, missed, undetectable,
  };
}

/** The verdict on one notice and the sentences that justify it. */
export function assessNotice(law: DutyLaw, notice: NoticeRule, count: TriggerCount, awareAt: number, due: DueDate): { required: DutyRequired; why: string[] } {
  const why: string[] = [];
  const exposedWords = count.exposed.length === 0 ? 'no data category' : count.exposed.join(', ');
  const notYetInForce = law.effective !== null && awareAt < Date.parse(`${law.effective}T00:00:00Z`);
  if (notYetInForce && law.beforeEffective === 'no_duty') {
    why.push(`${law.law} applies from ${law.effective}, after the awareness time, and no such duty existed before it`);
    return { required: 'no', why };
  }
  if (count.people === 0 && law.triggerRule !== 'any_incident') {
    if (count.exposed.length === 0 && count.uncategorised === 0) {
      why.push('no affected person falls under this law');
      return { required: 'no', why };
    }
    why.push(law.triggerRule === 'name_plus_element'
      ? `exposed: ${exposedWords}; the law needs the name with one of ${law.triggers.join(', ')}${law.standaloneTriggers.length ? ` (or ${law.standaloneTriggers.join(', ')} alone)` : ''}: none exposed`
      : `exposed: ${exposedWords}; the law's triggers (${[...law.triggers, ...law.standaloneTriggers].join(', ')}) are not met`);
    if (count.undetectable.length > 0) why.push(`not detectable from field categories, check by hand: ${count.undetectable.join(', ')}`);
    if (count.uncategorised > 0) {
      why.push(`${count.uncategorised} people have no exposed field that could be put in a data category: check their fields by hand`);
      return { required: 'assess', why };
    }
    return { required: 'no', why };
  }
  why.push(law.triggerRule === 'any_incident'
    ? `the incident itself triggers this regime (${count.people} affected people${count.people === 0 ? ': an incident without exposed people can still be reportable' : ''})`
    : `exposed: ${exposedWords}; trigger met by ${count.met.join(', ')} for ${count.people} people (${count.peopleSure} confirmed or replayed)`);
  if (count.uncategorised > 0 && law.triggerRule !== 'any_incident') why.push(`${count.uncategorised} more people have no exposed field that could be put in a data category and are not counted: check their fields by hand`);
  const perState = notice.thresholdPer === 'us_state';
  const counted = perState ? count.maxPerUsState : count.people;
  const countedSure = perState ? count.maxPerUsStateSure : count.peopleSure;
  const whose = perState ? 'residents of the most affected state' : 'people';
  let required: DutyRequired = 'yes';
  if (notice.thresholdBelow !== undefined && countedSure >= notice.thresholdBelow) {
    why.push(`${countedSure} confirmed or replayed ${whose} meet the trigger: at or above ${notice.thresholdBelow}, so this notice for smaller breaches does not apply`);
    return { required: 'no', why };
  }
  if (notice.threshold > 1) {
    const text = notice.thresholdText === '' ? '' : ` (${notice.thresholdText})`;
    if (counted < notice.threshold) {
      why.push(`${counted} ${whose} meet the trigger, below the threshold of ${notice.threshold}${text}`);
      return { required: 'no', why };
    }
    if (countedSure < notice.threshold) {
      why.push(`${counted} ${whose} meet the trigger, at or above the threshold of ${notice.threshold}${text}, but only ${countedSure} are confirmed or replayed: the threshold is met only counting possible records`);
      required = 'assess';
    } else why.push(`${counted} ${whose} meet the trigger, at or above the threshold of ${notice.threshold}${text}`);
  }
  const riskTest = notice.riskTest !== undefined ? notice.riskTest : law.riskTestApplies ? law.riskTest : null;
  if (riskTest !== null && riskTest !== '') {
    why.push(`risk test to apply: ${riskTest}`);
    required = 'assess';
  } else why.push('no risk test: the notice follows from the exposure');
  if (count.accountNumberOnly > 0) {
    why.push(`${count.accountNumberOnly} of them only through an account or card number, which counts under this law only with its security code or password: check whether that was exposed`);
    if (count.accountNumberOnly === count.people) required = 'assess';
  }
  if (law.safeHarbourEncryption === true) why.push(`encryption safe harbour not assumed (${law.safeHarbourNote || 'encrypted data excluded'}): the data is treated as readable unless encryption with an uncompromised key is shown`);
  if (law.verification.status !== 'verified') why.push(`rule ${law.verification.status.replace('_', ' ')}${law.verification.unverifiedFields.length ? ` (${law.verification.unverifiedFields.join(', ')})` : ''}: check the law before relying on this entry`);
  if (due.due === null && due.reason !== null) why.push(due.reason);
  if (notYetInForce) {
    why.push(`this version applies from ${law.effective}, after the awareness time: the earlier version (not in this table) governed, check its triggers and deadline`);
    required = 'assess';
  }
  return { required, why };
}
