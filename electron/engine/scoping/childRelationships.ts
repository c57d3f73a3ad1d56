/**
 * Child relationship names (`Contacts`, `Opportunities`, `Line_Items__r`, `ChildAccounts`) to the child
 * snapshot and the field on it that points at the parent, so a child subquery can be replayed.
 */
import { cannot, resolveColumn, snapshotOf, type ReplayEnv, type SnapshotInfo } from './replayTypes.js';

/** Standard child relationships whose object or lookup field the plural does not tell. */
const SPECIAL: Record<string, { object: string; fk: string[] }> = {
  CHILDACCOUNTS: { object: 'Account', fk: ['ParentId'] },
  NOTES: { object: 'Note', fk: ['ParentId'] },
  ATTACHMENTS: { object: 'Attachment', fk: ['ParentId'] },
  CASECOMMENTS: { object: 'CaseComment', fk: ['ParentId'] },
  FEEDS: { object: 'FeedItem', fk: ['ParentId'] },
  DIRECTREPORTS: { object: 'Contact', fk: ['ReportsToId'] },
  OPENACTIVITIES: { object: 'Task', fk: ['WhatId', 'WhoId'] },
  ACTIVITYHISTORIES: { object: 'Task', fk: ['WhatId', 'WhoId'] },
  EMAILMESSAGES: { object: 'EmailMessage', fk: ['ParentId', 'RelatedToId'] },
};

/** The child snapshot of a relationship and its lookup column to the parent; fails with a reason when unknown. */
export function childRelationship(env: ReplayEnv, parent: SnapshotInfo, relationship: string): { snap: SnapshotInfo; fk: string } {
  const special = SPECIAL[relationship.toUpperCase()];
  const names = special ? [special.object] : candidateObjects(relationship);
  const snap = names.map((n) => snapshotOf(env, n)).find((s): s is SnapshotInfo => s !== null);
  if (!snap) cannot(`child relationship ${relationship}: no snapshot of ${names.join(' or ')} in the evidence`);
  const p = parent.object;
  const activity = /^(task|event)$/i.test(snap.object) ? (/^(contact|lead)$/i.test(p) ? ['WhoId', 'WhatId'] : ['WhatId', 'WhoId']) : [];
  const fks = [...(special?.fk ?? []), ...activity, `${p}Id`, /__c$/i.test(p) ? p : `${p}__c`, 'ParentId'];
  const fk = fks.map((f) => resolveColumn(f, snap.columns)).find((c): c is string => c !== null);
  if (!fk) cannot(`child relationship ${relationship}: the ${snap.object} snapshot has no field pointing to ${p} (tried ${fks.join(', ')})`);
  return { snap, fk };
}

/** Object names a plural relationship name may stand for: Opportunities -> Opportunity, Line_Items__r -> Line_Item__c. */
function candidateObjects(rel: string): string[] {
  const custom = /__r$/i.test(rel);
  const base = custom ? rel.replace(/__r$/i, '') : rel;
  const singular = [
    ...[base.replace(/ies$/i, 'y'), base.replace(/sses$/i, 'ss'), base.replace(/s$/i, ''), base.replace(/es$/i, '')].filter((v) => v !== base),
    base,
  ].filter((v, i, a) => v !== '' && a.indexOf(v) === i);
  return custom ? singular.map((s) => `${s}__c`) : singular;
}
