/**
 * List-view exports: sales reps opening the "My Open Leads" list view in Lightning on a few
 * weekday mornings. Real-Time Event Monitoring logs each as a ListViewEvent with the rows shown
 * and their record ids (there is no ELF type for list views); each is one `list_view` export.
 */
import { DAY, HOUR, MINUTE, PERIOD_FROM, isoMillis } from './clock.js';
import { csvDocument } from './csv.js';
import type { Sim } from './api-calls.js';
import type { Org } from './model.js';

export const LIST_VIEW_EVENT_HEADER = ['EventIdentifier', 'EventDate', 'CreatedDate', 'UserId', 'Username', 'SessionKey', 'LoginKey', 'SourceIp',
  'EventSource', 'ListViewId', 'Name', 'DeveloperName', 'QueriedEntities', 'RowsProcessed', 'Records', 'Scope', 'NumberOfColumns', 'OrderBy'];

export interface ListViewExport { userId: string; username: string; at: string; object: string; rows: number; recordIds: string[] }

/** Days after the period start (weekdays) and the hour (UTC) of each list-view export. */
const VIEWS: readonly [day: number, hour: number][] = [[2, 13], [9, 14], [16, 13], [22, 15]];
const PAGE = 25;

/** Adds rtem/ListViewEvent.csv to `files` and returns each list-view export for the truth. */
export function listViewExports(sim: Sim, org: Org, files: Map<string, string>): ListViewExport[] {
  const { ev, mint, rng } = sim;
  // Reps who also export reports: their ReportExport rows place these RTEM rows in the org (ListViewEvent names none,
  // and the engine takes an RTEM row's org from the user's other exports).
  const loggedIn = new Set(ev.elf.filter((r) => r.type === 'ReportExport').map((r) => r.values.get('USER_ID')));
  const reps = org.users.filter((u) => u.role === 'sales' && u.isActive && u.ip !== '' && loggedIn.has(u.id.id15))
    .sort((a, b) => (a.id.id18 < b.id.id18 ? -1 : 1)).slice(2, 4);
  const listViewId = mint.recordId('00B').id18;
  const rows: string[][] = [];
  const out: ListViewExport[] = VIEWS.map(([day, hour], i) => {
    const user = reps[i % reps.length]!;
    const at = PERIOD_FROM + day * DAY + hour * HOUR + rng.int(0, 50) * MINUTE + rng.int(0, 59_999);
    const open = org.leads.filter((l) => l.createdDate < at && !l.isConverted && l.status.toLowerCase() === 'open - not contacted')
      .sort((a, b) => b.createdDate - a.createdDate).slice(0, PAGE).map((l) => l.id.id18);
    rows.push([mint.uuid(), isoMillis(at), isoMillis(at + 1500), user.id.id18, user.username, mint.sessionKey(), mint.sessionKey(), user.ip,
      'Lightning', listViewId, 'My Open Leads', 'My_Open_Leads', 'Lead', String(open.length), JSON.stringify(open), 'mine', '6', 'CreatedDate DESC']);
    return { userId: user.id.id18, username: user.username, at: isoMillis(at), object: 'Lead', rows: open.length, recordIds: open };
  });
  files.set('rtem/ListViewEvent.csv', csvDocument(LIST_VIEW_EVENT_HEADER, rows));
  return out;
}
