/**
 * The admin's response the morning after the incident, and the exports that record it: the
 * OauthToken export the responder took first (07:30 UTC, before touching anything), then the
 * Setup Audit Trail export (at collection) with Convo Chat's token revoked, the app blocked and
 * its run-as user frozen, among a few ordinary setup changes of the period.
 */
import { SNAPSHOT_AT, isoMillis, utc } from './clock.js';
import { csvDocument } from './csv.js';
import type { Evidence } from './evidence.js';
import { id18Of } from './keys.js';
import type { Org } from './model.js';
import { APP_BLOCKED_AT, TOKEN_REVOKED_AT, USER_FROZEN_AT } from './plant.js';

/** When the responder exported OauthToken (before the revocation, so Convo Chat's token is still listed). */
export const TOKENS_EXPORTED_AT = utc(2025, 7, 27, 7, 30, 0);
/** Refresh-token redemptions of Convo Chat's token before the evidence period (UseCount counts them too). */
const CONVO_PRIOR_USES = 8906;

export const OAUTH_TOKEN_HEADER = ['Id', 'UserId', 'AppName', 'AppMenuItemId', 'CreatedDate', 'LastUsedDate', 'UseCount'];
export const SETUP_AUDIT_TRAIL_HEADER = ['Id', 'CreatedDate', 'CreatedById', 'Action', 'Section', 'Display', 'DelegateUser',
  'CreatedByContext', 'CreatedByIssuer', 'ResponsibleNamespacePrefix'];

export interface ResponseTruth {
  /** OauthToken rows as exported: Convo Chat's token (used by the attacker) and Marketing Sync's dormant one. */
  tokens: { id: string; appName: string; userId: string; created: string; lastUsed: string; useCount: number }[];
  /** The actions that cut Convo Chat's access, in order, each from one Setup Audit Trail row. */
  containment: { kind: 'token_revoked' | 'app_blocked' | 'user_frozen'; at: string; action: string; display: string }[];
  /** From the first suspicious event (the first planted call) to the token revocation, in hours (2 decimals). */
  timeToContainmentHours: number;
  /** Setup Audit Trail rows that name no integration (ordinary administration). */
  ordinaryAuditRows: number;
}

/** Adds metadata/OauthToken.csv and metadata/SetupAuditTrail.csv to `files` and returns what they hold. */
export function renderResponse(org: Org, ev: Evidence, files: Map<string, string>, firstSuspiciousAt: number,
  setupRows: readonly { at: number; action: string; section: string; display: string }[] = []): ResponseTruth {
  const convoUses = ev.elf.filter((r) => r.type === 'Login' && r.at < TOKENS_EXPORTED_AT && r.values.get('USER_ID') === org.convoChatUser.id.id15
    && r.values.get('LOGIN_SUB_TYPE') === 'oauthrefreshtoken');
  const lastUse = convoUses.reduce((m, r) => Math.max(m, r.at), 0);
  const tokens: ResponseTruth['tokens'] = [
    { id: id18Of('0CJ5j000000CvTk'), appName: org.convoChatApp.name, userId: org.convoChatUser.id.id18, created: isoMillis(utc(2024, 2, 12, 16, 24, 51)),
      lastUsed: isoMillis(Math.floor(lastUse / 1000) * 1000), useCount: CONVO_PRIOR_USES + convoUses.length },
    { id: id18Of('0CJ5j000000MkTk'), appName: org.marketingApp.name, userId: org.marketingUser.id.id18, created: isoMillis(utc(2023, 9, 5, 14, 45, 12)),
      lastUsed: isoMillis(utc(2025, 5, 30, 2, 0, 41)), useCount: 41 },
  ];
  files.set('metadata/OauthToken.csv', csvDocument(OAUTH_TOKEN_HEADER, tokens.map((t, i) =>
    [t.id, t.userId, t.appName, id18Of(`0DS5j000000Ap${i}x`), t.created, t.lastUsed, String(t.useCount)])));

  const admin = org.users.find((u) => u.role === 'admin' && u.id.id18 !== org.dataLoaderAdmin.id.id18) ?? org.dataLoaderAdmin;
  const rep = org.users.find((u) => u.role === 'sales' && u.isActive);
  const departed = org.users.find((u) => !u.isActive);
  if (!rep || !departed) throw new Error('the audit trail needs an active sales rep and the departed one');
  const convo = org.convoChatApp.name;
  const user = org.convoChatUser.username;
  const containment: ResponseTruth['containment'] = [
    { kind: 'token_revoked', at: isoMillis(TOKEN_REVOKED_AT), action: 'revokedOAuthToken', display: `Revoked OAuth token for connected app ${convo} of user ${user}` },
    { kind: 'app_blocked', at: isoMillis(APP_BLOCKED_AT), action: 'connectedAppBlocked', display: `Blocked connected app ${convo}` },
    { kind: 'user_frozen', at: isoMillis(USER_FROZEN_AT), action: 'frozeuser', display: `Froze user ${user}` },
  ];
  const sections: Record<string, string> = { token_revoked: 'Connected Apps', app_blocked: 'Connected Apps', user_frozen: 'Manage Users' };
  const ordinary: [number, string, string, string][] = [
    [utc(2025, 7, 3, 14, 12, 9), 'PermSetAssign', 'Manage Users', `Permission set Sales Analytics: assigned to user ${rep.username}`],
    [utc(2025, 7, 8, 15, 40, 51), 'changedSessionTimeout', 'Session Settings', 'Changed session timeout from 2 hours to 8 hours'],
    [utc(2025, 7, 14, 13, 5, 33), 'deactivateduser', 'Manage Users', `Deactivated user ${departed.username}`],
    [utc(2025, 7, 22, 16, 27, 2), 'createdcustomfield', 'Customize Leads', 'Created custom field Preferred Language (Picklist)'],
  ];
  const own = [
    ...ordinary.map(([at, action, section, display]) => ({ at, action, section, display })),
    ...containment.map((c) => ({ at: Date.parse(c.at), action: c.action, section: sections[c.kind] ?? '', display: c.display })),
  ].filter((r) => r.at < SNAPSHOT_AT).sort((a, b) => b.at - a.at);
  // Rows other modules add (the Data Export service) are numbered apart, so these rows keep their ids.
  const added = setupRows.filter((r) => r.at < SNAPSHOT_AT).sort((a, b) => b.at - a.at);
  const rows = [
    ...own.map((r, i) => ({ ...r, id: id18Of(`0Ym5j00000Au${String(own.length - i).padStart(3, '0')}`) })),
    ...added.map((r, i) => ({ ...r, id: id18Of(`0Ym5j00000Av${String(added.length - i).padStart(3, '0')}`) })),
  ].sort((a, b) => b.at - a.at); // newest first, as Setup shows it
  files.set('metadata/SetupAuditTrail.csv', csvDocument(SETUP_AUDIT_TRAIL_HEADER, rows.map((r) =>
    [r.id, isoMillis(r.at), admin.id.id18, r.action, r.section, r.display, '', '', '', ''])));
  return {
    tokens,
    containment,
    timeToContainmentHours: Math.round(((TOKEN_REVOKED_AT - firstSuspiciousAt) / 3_600_000) * 100) / 100,
    ordinaryAuditRows: ordinary.length + setupRows.filter((r) => r.at < SNAPSHOT_AT).length,
  };
}
