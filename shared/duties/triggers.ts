/**
 * Whether the data categories exposed for a group of people meet a law's trigger: the name plus an element,
 * any personal data, a listed category alone, or (organisation regimes) the incident itself.
 */
import type { DutyLaw } from './types.js';

/** Trigger vocabulary term → data categories; `*` means any category. */
export type CategoryMap = Readonly<Record<string, readonly string[]>>;

export interface TriggerFinding {
  meets: boolean;
  met: string[]; // trigger terms met
  /** Met only through an account or card number where the law also needs its security code. */
  accountNumberOnly: boolean;
}

const ACCOUNT_TERMS = new Set(['financial_account', 'payment_card', 'routing_code']);

/** Evaluates one law's trigger against one set of exposed categories. */
export function meetsTrigger(law: DutyLaw, categories: readonly string[], map: CategoryMap): TriggerFinding {
  const exposed = new Set(categories);
  const hit = (term: string): boolean => (map[term] ?? []).some((category) => category === '*' ? exposed.size > 0 : exposed.has(category));
  if (law.triggerRule === 'any_incident') return { meets: true, met: ['incident'], accountNumberOnly: false };
  if (law.triggerRule === 'any_personal_data') {
    const meets = exposed.size > 0;
    return { meets, met: meets ? ['any_personal_data'] : [], accountNumberOnly: false };
  }
  const withName = law.triggerRule === 'listed_categories' || exposed.has('name') ? law.triggers.filter(hit) : [];
  const met = [...new Set([...withName, ...law.standaloneTriggers.filter(hit)])];
  const accountNumberOnly = met.length > 0 && !law.accountNumberAlone && met.every((term) => ACCOUNT_TERMS.has(term)) && !exposed.has('credentials');
  return { meets: met.length > 0, met, accountNumberOnly };
}

/** The trigger terms no exposed category can meet, and those no category can ever show (checked by hand). */
export function missedTriggers(law: DutyLaw, categories: readonly string[], map: CategoryMap): { missed: string[]; undetectable: string[] } {
  const exposed = new Set(categories);
  const terms = [...new Set([...law.triggers, ...law.standaloneTriggers])];
  const undetectable = terms.filter((term) => (map[term] ?? []).length === 0);
  const missed = terms.filter((term) => !undetectable.includes(term) && !(map[term] ?? []).some((c) => c === '*' ? exposed.size > 0 : exposed.has(c)));
  return { missed, undetectable };
}
