/**
 * Where counsel files each notice: the page (portal, form, or the page naming the address) and a sentence on the
 * channel. A notice's own `url`/`filingNote` come first; a notice to an authority falls back to its law's
 * regulator page (rules.json `regulatorUrl` / `regulatorUrlNote`). Notices to people, the media, consumer
 * reporting agencies or a covered entity have no filing page.
 */
import type { DutyLaw, NoticeRule } from './types.js';

/** Recipients that are not an authority a notice is filed with. */
const NOT_FILED_WITH_AN_AUTHORITY = new Set(['individuals', 'consumer_reporting_agencies', 'media', 'covered_entity', 'unknown']);

export interface Filing {
  filingUrl: string | null;
  filingNote: string | null;
}

/** True when the recipient is a regulator, attorney general, CSIRT or other authority the notice is filed with. */
export function filedWithAuthority(recipient: string): boolean {
  return !NOT_FILED_WITH_AN_AUTHORITY.has(recipient);
}

/** The filing page and note of one notice under one law, so duties.json tells counsel where to file. */
export function filingOf(law: Pick<DutyLaw, 'filingUrl' | 'filingNote'>, notice: Pick<NoticeRule, 'recipient' | 'url' | 'filingNote'>): Filing {
  if (!filedWithAuthority(notice.recipient)) return { filingUrl: null, filingNote: null };
  return {
    filingUrl: notice.url ?? law.filingUrl ?? null,
    filingNote: notice.filingNote ?? law.filingNote ?? null,
  };
}
