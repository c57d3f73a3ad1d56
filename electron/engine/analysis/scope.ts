/**
 * Which exports the investigation is about. Without scope flags: every export flagged
 * suspicious. With flags: exactly the exports of the named integrations and/or users (values
 * within a flag are alternatives; different flags must all hold), within the time range.
 */
import type { InvestigationScope, LogicalExport } from '../../../shared/domain.js';
import { toId18 } from '../../../shared/ids.js';

/** The ids of the exports in scope. */
export function selectInScope(exports: readonly LogicalExport[], scope: InvestigationScope): string[] {
  const from = scope.from ? Date.parse(scope.from) : -Infinity;
  const to = scope.to ? Date.parse(scope.to) : Infinity;
  const named = scope.integrations.length > 0 || scope.users.length > 0;
  return exports
    .filter((x) => Date.parse(x.start) >= from && Date.parse(x.start) <= to)
    .filter((x) => (named ? matchesList(scope.integrations, x.integration.connectedAppId, x.integration.name) && matchesList(scope.users, x.user.id, x.user.username) : x.suspicious))
    .map((x) => x.id);
}

function matchesList(wanted: readonly string[], id: string | null, name: string | null): boolean {
  if (wanted.length === 0) return true;
  return wanted.some((w) => {
    const asId = toId18(w);
    if (asId !== null && id !== null && asId === id) return true;
    return name !== null && w.trim().toLowerCase() === name.toLowerCase();
  });
}
