/**
 * One API interaction as it lands in the evidence: an OAuth login, a REST query (RestApi +
 * ApiTotalUsage + ApiEvent rows sharing one REQUEST_ID), a SOAP call, a Bulk API 2.0 query
 * job (one BulkApi2 row per state), a Bulk API v1 insert. Normal traffic and the attacker go
 * through the same functions, so the incident looks exactly like the real thing would.
 */
import { isoMillis } from './clock.js';
import type { Evidence } from './evidence.js';
import type { KeyMint, SfId } from './keys.js';
import type { ConnectedApp, OrgUser } from './model.js';
import type { Rng } from './random.js';

export const API_VERSION = '62.0';
export const LOGIN_URL = 'northwind-demo.my.salesforce.com';

export interface Sim {
  ev: Evidence;
  mint: KeyMint;
  rng: Rng;
}

/** An authenticated API session: every row it produces carries these keys. */
export interface ApiSession {
  user: OrgUser;
  app: ConnectedApp | null;
  sessionKey: string;
  loginKey: string;
  loginHistoryId: string;
  ip: string;
  userAgent: string;
  /** ELF CLIENT_NAME ('' when the client sends no Sforce-Call-Options header). */
  clientName: string;
  /** Whether RTEM ApiEvent rows of this session carry ConnectedAppId (null when the token pre-existed). */
  appOnRestEvents: boolean;
  appOnBulkEvents: boolean;
}

export interface OAuthLogin {
  user: OrgUser;
  app: ConnectedApp | null;
  ip: string;
  userAgent: string;
  clientName: string;
  subType: string;
  appOnRestEvents?: boolean;
  appOnBulkEvents?: boolean;
}

/** An OAuth token request (`/services/oauth2/token`, LOGIN_TYPE `i`) and the session it opens. */
export function oauthLogin(sim: Sim, at: number, login: OAuthLogin): ApiSession {
  const { ev, mint, rng } = sim;
  const session: ApiSession = {
    user: login.user,
    app: login.app,
    sessionKey: mint.sessionKey(),
    loginKey: mint.sessionKey(),
    loginHistoryId: mint.recordId('0Ya').id18,
    ip: login.ip,
    userAgent: login.userAgent,
    clientName: login.clientName,
    appOnRestEvents: login.appOnRestEvents ?? true,
    appOnBulkEvents: login.appOnBulkEvents ?? true,
  };
  const runTime = rng.int(40, 220);
  ev.addElf('Login', at, {
    REQUEST_ID: mint.requestId(), USER_ID: login.user.id.id15, RUN_TIME: String(runTime), CPU_TIME: String(rng.int(8, 40)),
    URI: '/services/oauth2/token', SESSION_KEY: '', LOGIN_KEY: session.loginKey, USER_TYPE: 'Standard', REQUEST_STATUS: '',
    DB_TOTAL_TIME: String(runTime * rng.int(300_000, 600_000)), LOGIN_TYPE: 'i', BROWSER_TYPE: login.userAgent, API_TYPE: '',
    API_VERSION: '9998.0', USER_NAME: login.user.username, TLS_PROTOCOL: 'TLSv1.3', CIPHER_SUITE: 'TLS_AES_256_GCM_SHA384',
    LOGIN_URL, AUTHENTICATION_METHOD_REFERENCE: '', LOGIN_SUB_TYPE: login.subType, AUTHENTICATION_SERVICE_ID: '',
    CLIENT_IP: login.ip, URI_ID_DERIVED: '', LOGIN_STATUS: 'LOGIN_NO_ERROR', SOURCE_IP: login.ip, FORWARDED_FOR_IP: '',
  });
  return session;
}

export interface RestQuery {
  soql: string;
  object: string;
  rows: number;
  fields: number;
  /** Returned record ids (18) for the ApiEvent Records field; null leaves Records empty. */
  recordIds: readonly string[] | null;
  countOnly: boolean;
  /** False for the call that is missing from the RTEM export (ELF-only evidence). */
  inApiEvent: boolean;
}

/** A REST `/query` call: RestApi + ApiTotalUsage rows, and an ApiEvent row unless left out. */
export function restQuery(sim: Sim, s: ApiSession, at: number, q: RestQuery): string {
  const { ev, mint, rng } = sim;
  const requestId = mint.requestId();
  const runTime = q.countOnly ? rng.int(90, 700) : rng.int(35, 120) + Math.floor(q.rows * 0.9);
  ev.addElf('RestApi', at, {
    REQUEST_ID: requestId, USER_ID: s.user.id.id15, RUN_TIME: String(runTime), CPU_TIME: String(Math.floor(runTime * 0.3)),
    URI: `/services/data/v${API_VERSION}/query`, SESSION_KEY: s.sessionKey, LOGIN_KEY: s.loginKey, USER_TYPE: 'Standard',
    REQUEST_STATUS: 'S', DB_TOTAL_TIME: String(runTime * rng.int(250_000, 550_000)), METHOD: 'GET',
    MEDIA_TYPE: 'application/json;charset=UTF-8', STATUS_CODE: '200', USER_AGENT: '9999', ROWS_PROCESSED: String(q.rows),
    NUMBER_FIELDS: q.countOnly ? '' : String(q.fields), DB_BLOCKS: String(rng.int(20, 400) + q.rows),
    DB_CPU_TIME: String(Math.floor(runTime * 0.2)), REQUEST_SIZE: '0',
    RESPONSE_SIZE: String(q.countOnly ? rng.int(40, 60) : 90 + q.rows * (60 + 28 * q.fields)), ENTITY_NAME: q.object,
    CONNECTED_APP_ID: s.app ? s.app.id.id15 : '', CLIENT_NAME: s.clientName, EXCEPTION_MESSAGE: '', CLIENT_IP: s.ip,
    URI_ID_DERIVED: '',
  });
  totalUsage(sim, s, at + rng.int(1, 4), requestId, 'REST', `/v${API_VERSION}/query`, 'GET', q.object);
  if (q.inApiEvent) {
    apiEvent(sim, s, at + runTime, requestId, runTime, {
      ApiType: 'REST', Operation: 'query', Query: q.soql, QueriedEntities: q.object, RowsProcessed: String(q.rows),
      RowsReturned: String(q.countOnly ? 0 : q.rows), Records: q.recordIds ? JSON.stringify(q.recordIds) : '',
      ConnectedAppId: s.app && s.appOnRestEvents ? s.app.id.id18 : '',
    });
  }
  return requestId;
}

/** A REST record create (e.g. a chat transcript logged as a Task): not a read, no ApiEvent. */
export function restCreate(sim: Sim, s: ApiSession, at: number, object: string): void {
  const { ev, mint, rng } = sim;
  const requestId = mint.requestId();
  const runTime = rng.int(60, 240);
  ev.addElf('RestApi', at, {
    REQUEST_ID: requestId, USER_ID: s.user.id.id15, RUN_TIME: String(runTime), CPU_TIME: String(Math.floor(runTime * 0.4)),
    URI: `/services/data/v${API_VERSION}/sobjects/${object}`, SESSION_KEY: s.sessionKey, LOGIN_KEY: s.loginKey,
    USER_TYPE: 'Standard', REQUEST_STATUS: 'S', DB_TOTAL_TIME: String(runTime * rng.int(250_000, 550_000)), METHOD: 'POST',
    MEDIA_TYPE: 'application/json;charset=UTF-8', STATUS_CODE: '201', USER_AGENT: '9999', ROWS_PROCESSED: '1',
    NUMBER_FIELDS: '', DB_BLOCKS: String(rng.int(30, 120)), DB_CPU_TIME: String(Math.floor(runTime * 0.2)),
    REQUEST_SIZE: String(rng.int(300, 2400)), RESPONSE_SIZE: '58', ENTITY_NAME: object,
    CONNECTED_APP_ID: s.app ? s.app.id.id15 : '', CLIENT_NAME: s.clientName, EXCEPTION_MESSAGE: '', CLIENT_IP: s.ip,
    URI_ID_DERIVED: '',
  });
  totalUsage(sim, s, at + rng.int(1, 4), requestId, 'REST', `/v${API_VERSION}/sobjects/${object}`, 'POST', object);
}

export interface SoapCall {
  method: 'query' | 'queryMore' | 'describeSObjects' | 'describeGlobal';
  object: string;
  rows: number;
  soql: string | null;
}

/** A SOAP Partner API call (Data Loader): API + ApiTotalUsage rows, ApiEvent for queries. */
export function soapCall(sim: Sim, s: ApiSession, at: number, c: SoapCall): void {
  const { ev, mint, rng } = sim;
  const requestId = mint.requestId();
  const runTime = rng.int(30, 150) + Math.floor(c.rows * 0.6);
  ev.addElf('API', at, {
    REQUEST_ID: requestId, USER_ID: s.user.id.id15, RUN_TIME: String(runTime), CPU_TIME: String(Math.floor(runTime * 0.35)),
    URI: 'Api', SESSION_KEY: s.sessionKey, LOGIN_KEY: s.loginKey, REQUEST_STATUS: '',
    DB_TOTAL_TIME: String(runTime * rng.int(250_000, 550_000)), API_TYPE: 'P', API_VERSION, CLIENT_NAME: s.clientName,
    METHOD_NAME: c.method, ENTITY_NAME: c.object, ROWS_PROCESSED: c.soql !== null ? String(c.rows) : '',
    REQUEST_SIZE: String(rng.int(500, 900)), RESPONSE_SIZE: String(1200 + c.rows * 420), DB_BLOCKS: String(rng.int(10, 300)),
    DB_CPU_TIME: String(Math.floor(runTime * 0.2)), CLIENT_IP: s.ip, URI_ID_DERIVED: '',
  });
  totalUsage(sim, s, at + rng.int(1, 4), requestId, 'SOAP', c.method, 'POST', c.object);
  if (c.soql !== null) {
    apiEvent(sim, s, at + runTime, requestId, runTime, {
      ApiType: 'SOAP Partner', Operation: c.method, Query: c.soql, QueriedEntities: c.object, RowsProcessed: String(c.rows),
      RowsReturned: String(c.rows), Records: '', ConnectedAppId: s.app && s.appOnRestEvents ? s.app.id.id18 : '',
    });
  }
}

export interface BulkQueryJob {
  object: string;
  soql: string;
  records: number;
}

/** A Bulk API 2.0 query job: Open, UploadComplete, InProgress, JobComplete rows and one ApiEvent (Bulk). */
export function bulk2QueryJob(sim: Sim, s: ApiSession, start: number, job: BulkQueryJob): { jobId: SfId; end: number } {
  const { ev, mint, rng } = sim;
  const jobId = mint.recordId('750');
  const processing = 900 + Math.floor(job.records * 1.6) + rng.int(0, 600);
  const states: [string, number, boolean][] = [
    ['Open', start, false],
    ['UploadComplete', start + rng.int(150, 400), false],
    ['InProgress', start + rng.int(700, 1100), true],
    ['JobComplete', start + 1200 + processing, true],
  ];
  let completeRequestId = '';
  for (const [status, at, counted] of states) {
    const requestId = mint.requestId();
    if (status === 'JobComplete') completeRequestId = requestId;
    const runTime = status === 'JobComplete' ? processing : rng.int(25, 140);
    ev.addElf('BulkApi2', at, {
      REQUEST_ID: requestId, USER_ID: s.user.id.id15, RUN_TIME: String(runTime), CPU_TIME: String(Math.floor(runTime * 0.3)),
      URI: status === 'Open' ? `/services/data/v${API_VERSION}/jobs/query` : `/services/data/v${API_VERSION}/jobs/query/${jobId.id18}`,
      SESSION_KEY: s.sessionKey, LOGIN_KEY: s.loginKey, JOB_ID: jobId.id15, OPERATION_TYPE: 'query', JOB_STATUS: status,
      ENTITY_TYPE: job.object, RECORDS_PROCESSED: counted ? String(job.records) : '', RECORDS_FAILED: counted ? '0' : '',
      RESULT_SIZE_MB: '', CLIENT_IP: s.ip, URI_ID_DERIVED: status === 'Open' ? '' : jobId.id18,
    });
  }
  const end = start + 1200 + processing;
  apiEvent(sim, s, end + rng.int(5, 60), completeRequestId, processing, {
    ApiType: 'Bulk', Operation: 'query', Query: job.soql, QueriedEntities: job.object, RowsProcessed: String(job.records),
    RowsReturned: String(job.records), Records: '', ConnectedAppId: s.app && s.appOnBulkEvents ? s.app.id.id18 : '',
  });
  return { jobId, end };
}

/** The deletion of a finished Bulk API 2.0 job (a `Deleted` state row). */
export function bulk2Delete(sim: Sim, s: ApiSession, at: number, jobId: SfId, object: string): void {
  const { ev, mint, rng } = sim;
  const runTime = rng.int(30, 90);
  ev.addElf('BulkApi2', at, {
    REQUEST_ID: mint.requestId(), USER_ID: s.user.id.id15, RUN_TIME: String(runTime), CPU_TIME: String(Math.floor(runTime * 0.3)),
    URI: `/services/data/v${API_VERSION}/jobs/query/${jobId.id18}`, SESSION_KEY: s.sessionKey, LOGIN_KEY: s.loginKey,
    JOB_ID: jobId.id15, OPERATION_TYPE: 'query', JOB_STATUS: 'Deleted', ENTITY_TYPE: object, RECORDS_PROCESSED: '',
    RECORDS_FAILED: '', RESULT_SIZE_MB: '', CLIENT_IP: s.ip, URI_ID_DERIVED: jobId.id18,
  });
  // The DELETE request itself, as the REST API log records it.
  ev.addElf('RestApi', at, {
    REQUEST_ID: mint.requestId(), USER_ID: s.user.id.id15, RUN_TIME: String(runTime), CPU_TIME: String(Math.floor(runTime * 0.3)),
    URI: `/services/data/v${API_VERSION}/jobs/query/${jobId.id18}`, SESSION_KEY: s.sessionKey, LOGIN_KEY: s.loginKey, USER_TYPE: 'Standard',
    REQUEST_STATUS: 'S', DB_TOTAL_TIME: String(runTime * 300_000), METHOD: 'DELETE', MEDIA_TYPE: '', STATUS_CODE: '204', USER_AGENT: '9999',
    ROWS_PROCESSED: '', NUMBER_FIELDS: '', DB_BLOCKS: '', DB_CPU_TIME: '', REQUEST_SIZE: '0', RESPONSE_SIZE: '0', ENTITY_NAME: '',
    CONNECTED_APP_ID: s.app ? s.app.id.id15 : '', CLIENT_NAME: s.clientName, EXCEPTION_MESSAGE: '', CLIENT_IP: s.ip, URI_ID_DERIVED: jobId.id18,
  });
}

/** A Bulk API v1 insert job, one BulkApi row per batch of up to 100 records. */
export function bulk1Insert(sim: Sim, s: ApiSession, start: number, object: string, rows: number): void {
  const { ev, mint, rng } = sim;
  const jobId = mint.recordId('750');
  let at = start;
  for (let done = 0; done < rows; done += 100) {
    const batch = Math.min(100, rows - done);
    const runTime = rng.int(400, 1600);
    at += runTime + rng.int(50, 400);
    ev.addElf('BulkApi', at, {
      REQUEST_ID: mint.requestId(), USER_ID: s.user.id.id15, RUN_TIME: String(runTime), CPU_TIME: String(Math.floor(runTime * 0.4)),
      URI: 'BULKAPI-LOG', SESSION_KEY: s.sessionKey, LOGIN_KEY: s.loginKey, JOB_ID: jobId.id15,
      BATCH_ID: mint.recordId('751').id15, ROWS_PROCESSED: String(batch), NUMBER_FAILURES: '0', SUCCESS: '1',
      MESSAGE: '"success"', ENTITY_TYPE: object, OPERATION_TYPE: 'insert', CLIENT_IP: s.ip, URI_ID_DERIVED: '',
    });
  }
}

function totalUsage(sim: Sim, s: ApiSession, at: number, requestId: string, family: string, resource: string, method: string, object: string): void {
  sim.ev.addElf('ApiTotalUsage', at, {
    REQUEST_ID: requestId, USER_ID: s.user.id.id15, API_FAMILY: family, API_VERSION, API_RESOURCE: resource,
    CLIENT_NAME: s.clientName, HTTP_METHOD: method, CLIENT_IP: s.ip, COUNTS_AGAINST_API_LIMIT: '1',
    CONNECTED_APP_ID: s.app ? s.app.id.id15 : '', ENTITY_NAME: object, STATUS_CODE: method === 'POST' && family === 'REST' ? '201' : '200',
    CONNECTED_APP_NAME: s.app ? s.app.name : '', USER_NAME: s.user.username,
  });
}

function apiEvent(sim: Sim, s: ApiSession, at: number, requestId: string, elapsed: number, fields: {
  ApiType: string; Operation: string; Query: string; QueriedEntities: string; RowsProcessed: string; RowsReturned: string;
  Records: string; ConnectedAppId: string;
}): void {
  sim.ev.addApiEvent(at, {
    EventIdentifier: sim.mint.uuid(), CreatedDate: isoMillis(at + sim.rng.int(900, 2200)), UserId: s.user.id.id18,
    Username: s.user.username, SessionKey: s.sessionKey, LoginKey: s.loginKey, LoginHistoryId: s.loginHistoryId,
    SourceIp: s.ip, UserAgent: s.userAgent, ApiVersion: API_VERSION, RequestIdentifier: requestId, ElapsedTime: String(elapsed),
    Client: s.clientName === '' ? 'Unknown' : s.clientName, Platform: 'Unknown', ...fields,
  });
}
