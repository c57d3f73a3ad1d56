/**
 * The planted incident of 2025-07-26: Convo Chat's OAuth refresh token, stolen, is redeemed
 * from 45.147.230.12 by a python-requests client; COUNT() reconnaissance, three Bulk API 2.0
 * query jobs, a REST query for hot leads, an Opportunity query that only the ELF records,
 * then the finished jobs are deleted. The next morning it logs in again and, after the admin has
 * revoked the token, its still-open session answers one more query (partner accounts).
 */
import { bulk2Delete, bulk2QueryJob, oauthLogin, restQuery, type Sim } from './api-calls.js';
import type { SfId } from './keys.js';
import type { Org } from './model.js';
import { ATTACKER_DELETES_AT, ATTACKER_IP, ATTACKER_LOGIN_AT, ATTACKER_MORNING_LOGIN_AT, ATTACKER_USER_AGENT, PLANTED_QUERIES, runPlantedQuery, type QueryResult } from './plant.js';

export interface PlantedIncident {
  start: number;
  end: number;
  results: QueryResult[];
  /** The Bulk jobs, each deleted after its results were downloaded. */
  deletedJobs: { jobId: string; object: string; deletedAt: number }[];
}

/** Writes the attacker's session into the evidence and returns what each query returned. */
export function plantIncident(sim: Sim, org: Org): PlantedIncident {
  const login = (at: number) => oauthLogin(sim, at, {
    user: org.convoChatUser,
    app: org.convoChatApp,
    ip: ATTACKER_IP,
    userAgent: ATTACKER_USER_AGENT,
    clientName: '',
    subType: 'oauthrefreshtoken',
    appOnRestEvents: true,
    appOnBulkEvents: false, // ConnectedAppId is null on ApiEvent when the token already existed
  });
  const firstRow = { elf: sim.ev.elf.length, api: sim.ev.apiEvents.length };
  const night = login(ATTACKER_LOGIN_AT);
  let morning: ReturnType<typeof login> | null = null;
  const results: QueryResult[] = [];
  const jobs: { id: SfId; object: string }[] = [];
  for (const q of PLANTED_QUERIES) {
    const result = runPlantedQuery(org, q);
    results.push(result);
    if (q.afterRevocation && !morning) morning = login(ATTACKER_MORNING_LOGIN_AT);
    const session = q.afterRevocation && morning ? morning : night;
    if (q.channel === 'rest_query') {
      restQuery(sim, session, q.at, {
        soql: q.soql,
        object: q.object,
        rows: result.rows,
        fields: q.fields,
        recordIds: !q.countOnly && result.rows <= 200 ? result.ids : null,
        countOnly: q.countOnly,
        inApiEvent: q.inApiEvent,
      });
    } else {
      const job = bulk2QueryJob(sim, session, q.at, { object: q.object, soql: q.soql, records: result.rows });
      jobs.push({ id: job.jobId, object: q.object });
    }
  }
  jobs.forEach((job, i) => {
    const at = ATTACKER_DELETES_AT[i];
    if (at === undefined) throw new Error('one deletion time per planted Bulk job');
    bulk2Delete(sim, night, at, job.id, job.object);
  });
  const deletedJobs = jobs.map((job, i) => ({ jobId: job.id.id15, object: job.object, deletedAt: ATTACKER_DELETES_AT[i]! }));
  // The last row the attacker left: the ApiEvent of the morning query (EventDate = call + run time).
  const rows = [...sim.ev.elf.slice(firstRow.elf), ...sim.ev.apiEvents.slice(firstRow.api)];
  const end = rows.reduce((m, r) => Math.max(m, r.at), ATTACKER_LOGIN_AT);
  return { start: ATTACKER_LOGIN_AT, end, results, deletedJobs };
}
