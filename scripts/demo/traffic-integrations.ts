/**
 * Normal integration traffic: Convo Chat syncs every hour 06–22 UTC (OAuth refresh, small REST
 * queries, chat transcripts saved as Tasks) until its token is revoked on the morning after the incident, and Northwind Marketing Sync pulls unconverted
 * leads with a Bulk API 2.0 query job every night around 02:00 UTC.
 */
import { bulk2QueryJob, oauthLogin, restCreate, restQuery, type Sim } from './api-calls.js';
import { DAY, HOUR, SECOND, SNAPSHOT_AT, periodDays } from './clock.js';
import type { Org } from './model.js';
import { CONVO_CHAT_CLIENT, MARKETING_CLIENT } from './org-staff.js';
import { TOKEN_REVOKED_AT } from './plant.js';

export const CONVO_CHAT_IPS = ['34.214.10.11', '34.214.10.12', '34.214.10.13'];
export const MARKETING_IP = '52.10.20.30';
const CONTACT_SYNC = 'SELECT Id, Email, FirstName, LastName FROM Contact WHERE LastModifiedDate = LAST_N_DAYS:1 LIMIT 50';
const LEAD_SYNC = 'SELECT Id, Status FROM Lead WHERE LastModifiedDate = TODAY';
const MARKETING_PULL = 'SELECT Id, Email, Status FROM Lead WHERE IsConverted = false';

/** Convo Chat's hourly sync sessions, from the start of the period until its token is revoked (it makes no call after that). */
export function convoChatTraffic(sim: Sim, org: Org): void {
  const { rng } = sim;
  for (const day of periodDays()) {
    for (let hour = 6; hour <= 22; hour++) {
      const loginAt = day + hour * HOUR + rng.int(0, 110) * SECOND + rng.int(0, 999);
      if (loginAt >= TOKEN_REVOKED_AT) return;
      const session = oauthLogin(sim, loginAt, {
        user: org.convoChatUser, app: org.convoChatApp, ip: rng.pick(CONVO_CHAT_IPS), userAgent: CONVO_CHAT_CLIENT,
        clientName: CONVO_CHAT_CLIENT, subType: 'oauthrefreshtoken',
      });
      const calls = rng.int(2, 4);
      const slots = Array.from({ length: calls }, () => loginAt + rng.int(15, 3300) * SECOND + rng.int(0, 999)).sort((a, b) => a - b);
      for (const at of slots.filter((t) => t < TOKEN_REVOKED_AT)) {
        if (rng.chance(0.6)) {
          const recent = org.contacts.filter((c) => c.createdDate < at && c.lastModifiedDate >= at - DAY);
          const ids = rng.sample(recent, rng.int(0, 50)).map((c) => c.id.id18);
          restQuery(sim, session, at, { soql: CONTACT_SYNC, object: 'Contact', rows: ids.length, fields: 4, recordIds: ids, countOnly: false, inApiEvent: true });
        } else {
          const existing = org.leads.filter((l) => l.createdDate < at && l.createdDate >= at - 30 * DAY);
          const ids = rng.sample(existing, rng.int(0, 30)).map((l) => l.id.id18);
          restQuery(sim, session, at, { soql: LEAD_SYNC, object: 'Lead', rows: ids.length, fields: 2, recordIds: ids, countOnly: false, inApiEvent: true });
        }
      }
      const transcripts = rng.int(0, 2);
      for (let i = 0; i < transcripts; i++) {
        const at = loginAt + rng.int(30, 3400) * SECOND + rng.int(0, 999);
        if (at < TOKEN_REVOKED_AT) restCreate(sim, session, at, 'Task');
      }
    }
  }
}

/** Marketing Sync's nightly Bulk API 2.0 pull of unconverted leads. */
export function marketingTraffic(sim: Sim, org: Org): void {
  const { rng } = sim;
  for (const day of periodDays()) {
    const loginAt = day + 2 * HOUR - 40 * SECOND + rng.int(0, 150) * SECOND + rng.int(0, 999);
    if (loginAt >= SNAPSHOT_AT) return;
    const session = oauthLogin(sim, loginAt, {
      user: org.marketingUser, app: org.marketingApp, ip: MARKETING_IP, userAgent: MARKETING_CLIENT, clientName: '',
      subType: 'oauthclientcredentials',
    });
    const start = loginAt + rng.int(2, 6) * SECOND + rng.int(0, 999);
    const records = org.leads.filter((l) => l.createdDate < start && !l.isConverted).length;
    bulk2QueryJob(sim, session, start, { object: 'Lead', soql: MARKETING_PULL, records });
  }
}
