/**
 * A fake Salesforce org on loopback HTTP for the collector tests, serving a folder of evidence
 * (the bundled demo evidence) through the real API shapes: REST `query` / `queryMore`
 * (`nextRecordsUrl`), sObject `describe`, the EventLogFile listing and `LogFile` bodies, Bulk API
 * 2.0 query jobs (create, status, results paged by `Sforce-Locator`), the OAuth token endpoint
 * (JWT bearer, RS256 checked), `Sforce-Limit-Info` on every answer. It records every request, and
 * can inject the failures a live org produces: an expired token, REQUEST_LIMIT_EXCEEDED, 503, a
 * connection cut mid-download, an object not licensed, an object the user may not read.
 */
import { createHash, createPublicKey, verify, type KeyObject } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';

export interface FakeRequest {
  method: string;
  path: string;
  search: string;
}

export interface Faults {
  /** After this many data requests, the first token (pasted, or the first the JWT flow issued) expires (401 INVALID_SESSION_ID); a renewed one lasts. */
  expireTokenAfter?: number;
  /** The first N data requests get 403 REQUEST_LIMIT_EXCEEDED. */
  rateLimited?: number;
  /** The first N data requests get 503. */
  unavailable?: number;
  /** The first N LogFile downloads of this log file (default: the first listed) are cut half way. */
  cutDownloads?: number;
  cutLogFile?: string;
  /** Objects the user may not read: their query / Bulk job gets 403 INSUFFICIENT_ACCESS. */
  notPermitted?: string[];
  /** The first N describe answers are cut half way (the connection dropped mid-answer). */
  cutDescribes?: number;
  /** Objects Bulk API 2.0 refuses (400 INVALIDENTITY), as it does some setup objects. */
  bulkUnsupported?: string[];
  /** Every LogFile download answers after this many milliseconds (a slow link: a run stays in its download phase long enough to be watched and cancelled). */
  slowDownloadsMs?: number;
}

export interface FakeOptions {
  /** Evidence folder laid out like resources/demo/evidence. */
  root: string;
  /** Sub-folders of root that are another org's (not served). */
  exclude?: string[];
  token?: string;
  /** RTEM objects that exist but hold no event (licensed, empty); RTEM objects without a file and not here are not licensed. */
  emptyRtem?: string[];
  /** Also list an older Sequence of the first hourly log file (its first half), superseded by the current one. */
  supersede?: boolean;
  queryPageSize?: number;
  faults?: Faults;
  /** JWT bearer: the connected app's certificate public key, consumer key and pre-authorised user. */
  jwt?: { publicKeyPem: string; clientId: string; username: string };
  /** Web login: the connected app's consumer key (authorization code with PKCE, S256). */
  webClientId?: string;
  apiLimit?: number;
}

export interface FakeSalesforce {
  url: string;
  requests: FakeRequest[];
  /** Tokens the fake issued or accepts (tests grep for them). */
  tokens: string[];
  faults: Faults;
  close(): Promise<void>;
}

interface Table {
  object: string;
  header: string[];
  rows: string[][];
}

interface LogFile {
  id: string;
  type: string;
  logDate: string;
  interval: 'Daily' | 'Hourly';
  sequence: number;
  body: Buffer;
  created: string;
}

const RTEM = /(Event|EventStore)$/;
const STANDARD_OBJECTS = ['Organization', 'User', 'Profile', 'PermissionSet', 'PermissionSetAssignment', 'ObjectPermissions', 'FieldPermissions', 'ConnectedApplication', 'OauthToken', 'SetupAuditTrail', 'LoginHistory', 'ContentVersion', 'Account', 'Contact', 'Lead', 'Opportunity', 'Case'];
const NUMERIC = /^(RowsProcessed|RowsReturned|ElapsedTime|NumberOfColumns|FiscalYearStartMonth|UseCount|ContentSize|Amount|DurationMilliseconds)$/;

/** Starts the fake org. */
export async function startFakeSalesforce(options: FakeOptions): Promise<FakeSalesforce> {
  const version = '62.0';
  const tables = new Map<string, Table>();
  const logFiles: LogFile[] = [];
  loadFolder(options.root, options.root, new Set(options.exclude ?? []), tables, logFiles);
  logFiles.sort((a, b) => a.type.localeCompare(b.type) || a.logDate.localeCompare(b.logDate) || a.sequence - b.sequence);
  if (options.supersede) {
    const first = logFiles.find((f) => f.interval === 'Hourly');
    if (first) {
      const lines = first.body.toString('utf8').split('\n');
      const half = lines.slice(0, Math.max(2, Math.ceil(lines.length / 2))).join('\n') + '\n';
      first.sequence = 1;
      logFiles.push({ ...first, id: fakeId('0AT', logFiles.length + 1), sequence: 0, body: Buffer.from(half) });
      logFiles.sort((a, b) => a.type.localeCompare(b.type) || a.logDate.localeCompare(b.logDate) || a.sequence - b.sequence);
    }
  }
  const faults: Faults = { ...options.faults };
  const tokens = [options.token ?? 'fake-token'];
  let current = tokens[0]!;
  let dataRequests = 0;
  let issued = 0;
  let apiUsed = 0;
  const cursors = new Map<string, { object: string; records: object[] }>();
  const jobs = new Map<string, { object: string; header: string[]; rows: string[][]; polls: number; operation: string }>();
  const requests: FakeRequest[] = [];
  const orgId = tables.get('Organization')?.rows[0]?.[0] ?? '00D000000000001AAA';
  const cutTarget = (): string | undefined => faults.cutLogFile ?? logFiles[0]?.id;

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://fake');
    requests.push({ method: req.method ?? '', path: url.pathname, search: url.search });
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      try {
        handle(req, res, url, Buffer.concat(chunks).toString('utf8'));
      } catch (e) {
        send(res, 500, [{ errorCode: 'UNKNOWN_EXCEPTION', message: (e as Error).message }]);
      }
    });
  });

  const send = (res: http.ServerResponse, status: number, body: unknown, type = 'application/json', extra: Record<string, string> = {}): void => {
    const buf = Buffer.isBuffer(body) ? body : Buffer.from(typeof body === 'string' ? body : JSON.stringify(body));
    res.writeHead(status, { 'Content-Type': type, 'Content-Length': String(buf.length), 'Sforce-Limit-Info': `api-usage=${apiUsed}/${options.apiLimit ?? 15000}`, ...extra });
    res.end(buf);
  };

  const handle = (req: http.IncomingMessage, res: http.ServerResponse, url: URL, body: string): void => {
    const p = url.pathname;
    if (p === '/services/oauth2/token' && req.method === 'POST') return tokenEndpoint(res, body);
    if (p === '/services/oauth2/authorize' && req.method === 'GET') return authorize(res, url.searchParams);
    if ((req.headers.authorization ?? '') !== `Bearer ${current}` || (faults.expireTokenAfter !== undefined && issued <= 1 && dataRequests >= faults.expireTokenAfter)) {
      return send(res, 401, [{ message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' }]);
    }
    dataRequests++;
    apiUsed++;
    if (faults.rateLimited) {
      faults.rateLimited--;
      return send(res, 403, [{ message: 'TotalRequests Limit exceeded.', errorCode: 'REQUEST_LIMIT_EXCEEDED' }]);
    }
    if (faults.unavailable) {
      faults.unavailable--;
      return send(res, 503, 'Service Unavailable', 'text/plain');
    }
    const base = `/services/data/v${version}`;
    if (!p.startsWith(base)) return send(res, 404, [{ errorCode: 'NOT_FOUND', message: 'The requested resource does not exist' }]);
    const rest = p.slice(base.length);
    let m: RegExpExecArray | null;
    if ((rest === '/query' || rest === '/queryAll') && req.method === 'GET') return query(res, url.searchParams.get('q') ?? '');
    if ((m = /^\/query\/(.+)$/.exec(rest)) && req.method === 'GET') return queryMore(res, m[1]!);
    if ((m = /^\/sobjects\/([A-Za-z0-9_]+)\/describe$/.exec(rest)) && req.method === 'GET') return describe(res, m[1]!);
    if ((m = /^\/sobjects\/EventLogFile\/([A-Za-z0-9]+)\/LogFile$/.exec(rest)) && req.method === 'GET') return logFile(res, m[1]!);
    if (rest === '/jobs/query' && req.method === 'POST') return createJob(res, body);
    if ((m = /^\/jobs\/query\/([A-Za-z0-9]+)$/.exec(rest)) && req.method === 'GET') return jobStatus(res, m[1]!);
    if ((m = /^\/jobs\/query\/([A-Za-z0-9]+)\/results$/.exec(rest)) && req.method === 'GET') return results(res, m[1]!, url.searchParams);
    return send(res, 404, [{ errorCode: 'NOT_FOUND', message: `The requested resource does not exist (${req.method} ${rest})` }]);
  };

  const codes = new Map<string, { challenge: string; redirect: string }>();
  const refreshTokens = new Set<string>();
  const authorize = (res: http.ServerResponse, q: URLSearchParams): void => {
    const redirect = q.get('redirect_uri') ?? '';
    if (q.get('client_id') !== options.webClientId || q.get('response_type') !== 'code' || q.get('code_challenge_method') !== 'S256' || !q.get('code_challenge')) {
      res.writeHead(302, { Location: `${redirect}?error=invalid_request&error_description=bad+authorize+request&state=${q.get('state') ?? ''}` }).end();
      return;
    }
    const code = `aPrx${Math.random().toString(36).slice(2)}`;
    codes.set(code, { challenge: q.get('code_challenge')!, redirect });
    res.writeHead(302, { Location: `${redirect}?code=${code}&state=${encodeURIComponent(q.get('state') ?? '')}` }).end();
  };
  const issue = (res: http.ServerResponse, refresh?: string): void => {
    current = `issued-${tokens.length}-${Math.random().toString(36).slice(2)}`;
    tokens.push(current);
    issued++;
    if (refresh) refreshTokens.add(refresh);
    send(res, 200, { access_token: current, ...(refresh ? { refresh_token: refresh } : {}), instance_url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, id: `https://login.example/id/${orgId}/005000000000001AAA`, token_type: 'Bearer', scope: 'api refresh_token', issued_at: String(Date.now()), signature: 'x' });
  };

  const tokenEndpoint = (res: http.ServerResponse, body: string): void => {
    const form = new URLSearchParams(body);
    if (form.get('grant_type') === 'authorization_code') {
      const c = codes.get(form.get('code') ?? '');
      codes.delete(form.get('code') ?? '');
      const verifier = form.get('code_verifier') ?? '';
      if (!c || c.redirect !== form.get('redirect_uri') || createHash('sha256').update(verifier).digest('base64url') !== c.challenge) {
        return send(res, 400, { error: 'invalid_grant', error_description: 'invalid authorization code or code verifier' });
      }
      const refresh = `5Aep${Math.random().toString(36).slice(2)}`;
      tokens.push(refresh);
      return issue(res, refresh);
    }
    if (form.get('grant_type') === 'refresh_token') {
      if (!refreshTokens.has(form.get('refresh_token') ?? '')) return send(res, 400, { error: 'invalid_grant', error_description: 'expired access/refresh token' });
      return issue(res);
    }
    const jwt = options.jwt;
    if (!jwt || form.get('grant_type') !== 'urn:ietf:params:oauth:grant-type:jwt-bearer') return send(res, 400, { error: 'unsupported_grant_type', error_description: 'grant type not supported' });
    const claims = checkJwt(form.get('assertion') ?? '', createPublicKey(jwt.publicKeyPem));
    if (!claims || claims['iss'] !== jwt.clientId || claims['sub'] !== jwt.username || typeof claims['exp'] !== 'number' || claims['exp'] * 1000 < Date.now()) {
      return send(res, 400, { error: 'invalid_grant', error_description: 'invalid assertion' });
    }
    issue(res);
  };

  const query = (res: http.ServerResponse, soql: string): void => {
    const q = parseSoql(soql);
    if (!q) return send(res, 400, [{ errorCode: 'MALFORMED_QUERY', message: `unexpected token in: ${soql.slice(0, 60)}` }]);
    if (faults.notPermitted?.includes(q.object)) return send(res, 403, [{ errorCode: 'INSUFFICIENT_ACCESS', message: `insufficient access rights on object ${q.object}` }]);
    let records: object[];
    if (q.object === 'EventLogFile') {
      records = logFiles.filter((f) => inRange(f.logDate, q.where, 'LogDate') && (!q.types || q.types.includes(f.type))).map((f) => ({
        attributes: { type: 'EventLogFile', url: `/services/data/v${version}/sobjects/EventLogFile/${f.id}` },
        Id: f.id, EventType: f.type, LogDate: f.logDate, Interval: f.interval, Sequence: f.sequence, LogFileLength: f.body.length,
        LogFile: `/services/data/v${version}/sobjects/EventLogFile/${f.id}/LogFile`, CreatedDate: f.created, ApiVersion: Number(version),
      }));
    } else {
      const t = tables.get(q.object);
      if (!t && !(options.emptyRtem ?? []).includes(q.object) && !STANDARD_OBJECTS.includes(q.object)) {
        return send(res, 400, [{ errorCode: 'INVALID_TYPE', message: `sObject type '${q.object}' is not supported.` }]);
      }
      const rows = (t?.rows ?? []).filter((r) => !t || !RTEM.test(q.object) || inRange(r[col(t, 'EventDate')] ?? '', q.where, 'EventDate'));
      records = rows.map((r, i) => toRecord(q.object, t!, r, q.fields, i));
    }
    page(res, q.object, records);
  };

  const page = (res: http.ServerResponse, object: string, records: object[], offset = 0, cursor?: string): void => {
    const size = options.queryPageSize ?? 2000;
    const slice = records.slice(offset, offset + size);
    const done = offset + size >= records.length;
    let next: string | undefined;
    if (!done) {
      const c = cursor ?? `0r8${String(cursors.size + 1).padStart(12, '0')}`;
      cursors.set(c, { object, records });
      next = `/services/data/v${version}/query/${c}-${offset + size}`;
    }
    send(res, 200, { totalSize: records.length, done, ...(next ? { nextRecordsUrl: next } : {}), records: slice });
  };

  const queryMore = (res: http.ServerResponse, locator: string): void => {
    const m = /^(.+)-(\d+)$/.exec(locator);
    const c = m ? cursors.get(m[1]!) : undefined;
    if (!m || !c) return send(res, 400, [{ errorCode: 'INVALID_QUERY_LOCATOR', message: 'invalid query locator' }]);
    page(res, c.object, c.records, Number(m[2]), m[1]);
  };

  const describe = (res: http.ServerResponse, object: string): void => {
    const t = tables.get(object);
    if (!t && !(options.emptyRtem ?? []).includes(object) && !STANDARD_OBJECTS.includes(object)) {
      return send(res, 404, [{ errorCode: 'NOT_FOUND', message: 'The requested resource does not exist' }]);
    }
    const names = t?.header ?? (RTEM.test(object) ? ['EventIdentifier', 'EventDate', 'UserId', 'SessionKey'] : ['Id', 'CreatedDate']);
    const fields = names.map((n) => ({ name: n, type: n === 'Id' ? 'id' : /Date$/.test(n) ? 'datetime' : NUMERIC.test(n) ? 'double' : 'string', nillable: n !== 'Id' }));
    if (!RTEM.test(object) && names.includes('BillingStreet')) fields.push({ name: 'BillingAddress', type: 'address', nillable: true });
    const answer = Buffer.from(JSON.stringify({ name: object, label: object, queryable: true, fields, childRelationships: [], urls: {} }));
    if (faults.cutDescribes) {
      faults.cutDescribes--;
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': String(answer.length) });
      res.write(answer.subarray(0, answer.length >> 1));
      setTimeout(() => res.socket?.destroy(), 20);
      return;
    }
    send(res, 200, answer);
  };

  const logFile = (res: http.ServerResponse, id: string): void => {
    const f = logFiles.find((x) => x.id === id);
    if (!f) return send(res, 404, [{ errorCode: 'NOT_FOUND', message: 'The requested resource does not exist' }]);
    if (faults.cutDownloads && id === cutTarget()) {
      faults.cutDownloads--;
      res.writeHead(200, { 'Content-Type': 'text/csv', 'Content-Length': String(f.body.length), 'Sforce-Limit-Info': `api-usage=${apiUsed}/${options.apiLimit ?? 15000}` });
      res.write(f.body.subarray(0, Math.floor(f.body.length / 2)));
      setTimeout(() => res.socket?.destroy(), 20);
      return;
    }
    if (faults.slowDownloadsMs) {
      setTimeout(() => send(res, 200, f.body, 'text/csv'), faults.slowDownloadsMs);
      return;
    }
    send(res, 200, f.body, 'text/csv');
  };

  const createJob = (res: http.ServerResponse, body: string): void => {
    const b = JSON.parse(body) as { operation: string; query: string };
    const q = parseSoql(b.query);
    if (!q || (b.operation !== 'query' && b.operation !== 'queryAll')) return send(res, 400, [{ errorCode: 'INVALIDJOB', message: 'bad job' }]);
    if (faults.notPermitted?.includes(q.object)) return send(res, 403, [{ errorCode: 'INSUFFICIENT_ACCESS', message: `insufficient access rights on object ${q.object}` }]);
    const t = tables.get(q.object);
    if ((!t && !STANDARD_OBJECTS.includes(q.object)) || faults.bulkUnsupported?.includes(q.object)) return send(res, 400, [{ errorCode: 'INVALIDENTITY', message: `Entity '${q.object}' is not supported by the Bulk API.` }]);
    const id = fakeId('750', jobs.size + 1);
    const rows = (t?.rows ?? []).map((r) => q.fields.map((f) => (t ? (r[col(t, f)] ?? '') : '')));
    jobs.set(id, { object: q.object, header: q.fields, rows, polls: 0, operation: b.operation });
    send(res, 200, { id, operation: b.operation, object: q.object, createdById: '005000000000001AAA', createdDate: new Date().toISOString(), state: 'UploadComplete', concurrencyMode: 'Parallel', contentType: 'CSV', apiVersion: Number(version), lineEnding: 'LF', columnDelimiter: 'COMMA' });
  };

  const jobStatus = (res: http.ServerResponse, id: string): void => {
    const j = jobs.get(id);
    if (!j) return send(res, 404, [{ errorCode: 'NOT_FOUND', message: 'job not found' }]);
    j.polls++;
    send(res, 200, { id, operation: j.operation, object: j.object, state: j.polls > 1 ? 'JobComplete' : 'InProgress', numberRecordsProcessed: j.rows.length, retries: 0, totalProcessingTime: 40 });
  };

  const results = (res: http.ServerResponse, id: string, params: URLSearchParams): void => {
    const j = jobs.get(id);
    if (!j || j.polls < 2) return send(res, 400, [{ errorCode: 'INVALIDJOBSTATE', message: 'job not complete' }]);
    const max = Number(params.get('maxRecords') ?? 50_000);
    const start = Number(params.get('locator') ?? '0');
    const slice = j.rows.slice(start, start + max);
    const next = start + max < j.rows.length ? String(start + max) : 'null';
    const text = slice.length ? [j.header, ...slice].map((r) => r.map(quote).join(',')).join('\n') + '\n' : '';
    send(res, 200, text, 'text/csv', { 'Sforce-Locator': next, 'Sforce-NumberOfRecords': String(slice.length) });
  };

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url, requests, tokens, faults,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

function loadFolder(root: string, dir: string, exclude: Set<string>, tables: Map<string, Table>, logFiles: LogFile[]): void {
  for (const name of readdirSync(dir).sort()) {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) {
      if (dir === root && exclude.has(name)) continue;
      loadFolder(root, p, exclude, tables, logFiles);
      continue;
    }
    if (!name.endsWith('.csv')) continue;
    const rel = path.relative(root, p).split(path.sep);
    const daily = /^([A-Za-z0-9]+)-(\d{4}-\d{2}-\d{2})\.csv$/.exec(name);
    const hourly = /^([A-Za-z0-9]+)-(\d{4}-\d{2}-\d{2})T(\d{2})\.csv$/.exec(name);
    if (rel.includes('elf-hourly') && hourly) {
      const logDate = `${hourly[2]}T${hourly[3]}:00:00.000+0000`;
      logFiles.push({ id: fakeId('0AT', logFiles.length + 1), type: hourly[1]!, logDate, interval: 'Hourly', sequence: 0, body: readFileSync(p), created: logDate });
    } else if (rel.includes('elf') && daily) {
      const logDate = `${daily[2]}T00:00:00.000+0000`;
      logFiles.push({ id: fakeId('0AT', logFiles.length + 1), type: daily[1]!, logDate, interval: 'Daily', sequence: 0, body: readFileSync(p), created: logDate });
    } else {
      const rows = parseCsv(readFileSync(p, 'utf8'));
      const object = name.replace(/\.csv$/, '');
      tables.set(object, { object, header: rows[0]!, rows: rows.slice(1) });
    }
  }
}

/** A minimal RFC 4180 reader (quoted values may hold commas, quotes and newlines). */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cur += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(cur);
      cur = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(cur);
      rows.push(row);
      row = [];
      cur = '';
    } else cur += c;
  }
  if (cur !== '' || row.length) {
    row.push(cur);
    rows.push(row);
  }
  return rows;
}

const quote = (v: string): string => `"${v.replace(/"/g, '""')}"`;

function col(t: Table, name: string): number {
  return t.header.findIndex((h) => h.toLowerCase() === name.toLowerCase());
}

function toRecord(object: string, t: Table, r: string[], fields: string[], i: number): object {
  const out: Record<string, unknown> = { attributes: { type: object, url: `/services/data/v62.0/sobjects/${object}/${r[col(t, 'Id')] ?? String(i)}` } };
  for (const f of fields) {
    const v = r[col(t, f)];
    out[f] = v === undefined || v === '' ? null : NUMERIC.test(f) && /^-?(0|[1-9]\d*)(\.\d+)?$/.test(v) ? Number(v) : v === 'true' || v === 'false' ? v === 'true' : v;
  }
  return out;
}

interface Soql {
  fields: string[];
  object: string;
  where: string;
  types: string[] | null;
}

function parseSoql(soql: string): Soql | null {
  const m = /^SELECT\s+(.+?)\s+FROM\s+([A-Za-z0-9_]+)(?:\s+WHERE\s+(.+?))?(?:\s+ORDER BY\s+.+)?$/is.exec(soql.trim());
  if (!m) return null;
  const where = m[3] ?? '';
  const inList = /EventType IN \(([^)]*)\)/i.exec(where);
  return {
    fields: m[1]!.split(',').map((f) => f.trim()),
    object: m[2]!,
    where,
    types: inList ? inList[1]!.split(',').map((s) => s.trim().replace(/^'|'$/g, '')) : null,
  };
}

/** `field >= X AND field < Y` bounds of a WHERE clause, applied to an ISO-ish time. */
function inRange(value: string, where: string, field: string): boolean {
  const t = Date.parse(value.replace(/\+0000$/, 'Z'));
  const ge = new RegExp(`${field}\\s*>=\\s*(\\S+)`, 'i').exec(where);
  const lt = new RegExp(`${field}\\s*<\\s*(\\S+)`, 'i').exec(where);
  if (ge && t < Date.parse(ge[1]!)) return false;
  if (lt && t >= Date.parse(lt[1]!)) return false;
  return true;
}

function checkJwt(assertion: string, key: KeyObject): Record<string, unknown> | null {
  const [h, c, s] = assertion.split('.');
  if (!h || !c || !s) return null;
  if (!verify('RSA-SHA256', Buffer.from(`${h}.${c}`), key, Buffer.from(s, 'base64url'))) return null;
  return JSON.parse(Buffer.from(c, 'base64url').toString('utf8')) as Record<string, unknown>;
}

/** An 18-character Salesforce-looking id with a key prefix. */
function fakeId(prefix: string, n: number): string {
  return `${prefix}5j${String(n).padStart(10, '0')}AAA`;
}
