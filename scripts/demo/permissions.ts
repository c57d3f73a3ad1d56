/**
 * The org's permission exports (Profile, PermissionSet, PermissionSetAssignment, ObjectPermissions,
 * FieldPermissions, as Data Loader writes them), built from one small access model, and the
 * could-read-vs-did-read truth worked out from that model and from what the simulated traffic reads.
 */
import { csvDocument } from './csv.js';
import { id18Of } from './keys.js';
import type { Org, OrgUser } from './model.js';
import { PLANTED_QUERIES } from './plant.js';

interface ObjectGrant { object: string; read: boolean; edit?: boolean; viewAll?: boolean }
interface Grantee { id: string; name: string; label: string; profile: { id: string; viewAllData: boolean; apiEnabled: boolean } | null; objects: ObjectGrant[]; fields: [string, boolean][] }

export interface AccessTruth {
  appId: string;
  appName: string;
  userId: string;
  /** Objects the integration user could read, each with the grant that gives it (as integrations.json words it). */
  couldRead: { object: string; via: string; viewAll: boolean }[];
  /** Objects the simulated traffic (and the attacker) read through this integration. */
  didRead: string[];
  /** The least-privilege fix: readable objects never read. */
  couldReadNeverRead: string[];
  /** Readable fields per object (FieldPermissions with PermissionsRead). */
  fields: { object: string; fields: string[] }[];
}

const ps = (key: string): string => id18Of(`0PS5j000000${key}`);
const sorted = (xs: Iterable<string>): string[] => [...new Set(xs)].sort();

/** Adds the five permission exports under metadata/ and returns each integration's access truth. */
export function renderPermissions(org: Org, files: Map<string, string>): AccessTruth[] {
  const profileOf = (role: OrgUser['role'], name: string, viewAllData: boolean, apiEnabled: boolean) => {
    const u = org.users.find((x) => x.role === role);
    if (!u) throw new Error(`no user with role ${role}`);
    return { id: u.profileId, name, viewAllData, apiEnabled };
  };
  const profiles = [
    profileOf('admin', 'System Administrator', true, true), profileOf('sales', 'Sales User', false, false),
    profileOf('service', 'Service User', false, false), profileOf('marketing', 'Marketing User', false, false),
    profileOf('integration', 'Integration User', false, true),
  ];
  const owned = (p: (typeof profiles)[number], key: string, objects: ObjectGrant[]): Grantee =>
    ({ id: ps(key), name: `X${p.id}`, label: p.id, profile: p, objects, fields: [] });
  const [admin, sales, service, marketing, integration] = profiles as [typeof profiles[number], typeof profiles[number], typeof profiles[number], typeof profiles[number], typeof profiles[number]];
  const crm = ['Account', 'Contact', 'Lead', 'Opportunity'].map((object) => ({ object, read: true, edit: true }));
  const sets: Grantee[] = [
    owned(admin, 'AdmP', []),
    owned(sales, 'SalP', crm),
    owned(service, 'SvcP', [{ object: 'Case', read: true, edit: true }, { object: 'Contact', read: true }, { object: 'Account', read: true }]),
    owned(marketing, 'MktP', [{ object: 'Campaign', read: true, edit: true }, { object: 'Lead', read: true, edit: true }]),
    owned(integration, 'IntP', [{ object: 'Task', read: true, edit: true }]),
    { id: ps('Conv'), name: 'Convo_Chat_Data', label: 'Convo Chat Data Access', profile: null,
      objects: [{ object: 'Contact', read: true, viewAll: true }, { object: 'Lead', read: true }, { object: 'Account', read: true },
        { object: 'Opportunity', read: true }, { object: 'Case', read: true }, { object: 'Campaign', read: false }],
      fields: [['Contact.Email', true], ['Contact.Phone', true], ['Contact.MailingStreet', true], ['Lead.Email', true], ['Opportunity.Amount', false]] },
    { id: ps('MktS'), name: 'Marketing_Sync_Leads', label: 'Marketing Sync Leads', profile: null,
      objects: [{ object: 'Lead', read: true, edit: true }, { object: 'Campaign', read: true }, { object: 'CampaignMember', read: true }],
      fields: [['Lead.Email', true]] },
  ];
  // Convo Chat's user by its 15-character id (Data Loader exports show either form); Marketing Sync's old Convo Chat grant is inactive.
  const assignments: [string, string, boolean][] = [
    [org.convoChatUser.id.id15, ps('Conv'), true], [org.marketingUser.id.id18, ps('MktS'), true], [org.marketingUser.id.id18, ps('Conv'), false],
  ];
  const bool = (b: boolean | undefined): string => (b ? 'true' : 'false');
  files.set('metadata/Profile.csv', csvDocument(['Id', 'Name', 'UserType', 'PermissionsApiEnabled', 'PermissionsViewAllData', 'PermissionsModifyAllData'],
    profiles.map((p) => [p.id, p.name, 'Standard', bool(p.apiEnabled), bool(p.viewAllData), bool(p.viewAllData)])));
  files.set('metadata/PermissionSet.csv', csvDocument(['Id', 'Name', 'Label', 'IsOwnedByProfile', 'ProfileId', 'PermissionsViewAllData', 'PermissionsModifyAllData'],
    sets.map((s) => [s.id, s.name, s.label, bool(s.profile !== null), s.profile?.id ?? '', bool(s.profile?.viewAllData), bool(s.profile?.viewAllData)])));
  files.set('metadata/PermissionSetAssignment.csv', csvDocument(['Id', 'AssigneeId', 'PermissionSetId', 'IsActive'],
    assignments.map(([user, set, active], i) => [id18Of(`0Pa5j00000A${String(i + 1).padStart(4, '0')}`), user, set, bool(active)])));
  let n = 0;
  files.set('metadata/ObjectPermissions.csv', csvDocument(['Id', 'ParentId', 'SobjectType', 'PermissionsRead', 'PermissionsCreate', 'PermissionsEdit',
    'PermissionsDelete', 'PermissionsViewAllRecords', 'PermissionsModifyAllRecords'],
  sets.flatMap((s) => s.objects.map((o) => [id18Of(`1105j00000B${String(++n).padStart(4, '0')}`), s.id, o.object, bool(o.read), bool(o.edit), bool(o.edit), 'false', bool(o.viewAll), 'false']))));
  n = 0;
  files.set('metadata/FieldPermissions.csv', csvDocument(['Id', 'ParentId', 'SobjectType', 'Field', 'PermissionsRead', 'PermissionsEdit'],
    sets.flatMap((s) => s.fields.map(([field, read]) => [id18Of(`01k5j00000C${String(++n).padStart(4, '0')}`), s.id, field.split('.')[0] ?? '', field, bool(read), 'false']))));

  const accessOf = (user: OrgUser, appId: string, appName: string, didRead: string[]): AccessTruth => {
    const held = sets.filter((s) => (s.profile && s.profile.id === user.profileId)
      || assignments.some(([u, set, active]) => active && set === s.id && u.slice(0, 15) === user.id.id15));
    const couldRead = new Map<string, { object: string; via: string; viewAll: boolean }>();
    for (const s of held) {
      for (const o of s.objects.filter((x) => x.read)) {
        const via = s.profile ? `profile ${profiles.find((p) => p.id === s.profile?.id)?.name ?? ''}` : `permission set ${s.label}`;
        if (!couldRead.has(o.object)) couldRead.set(o.object, { object: o.object, via, viewAll: o.viewAll === true });
      }
    }
    const fields = new Map<string, string[]>();
    for (const s of held) for (const [f, read] of s.fields) if (read) fields.set(f.split('.')[0] ?? '', [...(fields.get(f.split('.')[0] ?? '') ?? []), f]);
    const could = [...couldRead.values()].sort((a, b) => (a.object < b.object ? -1 : 1));
    return {
      appId, appName, userId: user.id.id18, couldRead: could, didRead: sorted(didRead),
      couldReadNeverRead: could.map((c) => c.object).filter((o) => !didRead.includes(o)),
      fields: [...fields.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([object, fs]) => ({ object, fields: sorted(fs) })),
    };
  };
  // Convo Chat's own sync reads Contact and Lead; the attacker read every planted object through it. Marketing Sync pulls Lead.
  const convoRead = sorted(['Contact', 'Lead', ...PLANTED_QUERIES.map((q) => q.object)]);
  return [
    accessOf(org.convoChatUser, org.convoChatApp.id.id18, org.convoChatApp.name, convoRead),
    accessOf(org.marketingUser, org.marketingApp.id.id18, org.marketingApp.name, ['Lead']),
  ];
}
