/**
 * Synthetic evidence for the reconstruction benchmark, deterministically, of about `events` rows:
 * integration sessions of REST queries (a fifth of them paged with nextRecordsUrl), an RTEM
 * ApiEvent twin for a third of the queries (same REQUEST_ID), and Bulk API 2.0 query jobs (four
 * state rows each, a tenth deleted afterwards). Files of at most 500k rows. The sessions belong to
 * 40 connected apps (the integrations) and are spread evenly over 40 days, so every integration has
 * the daily history the rules' baselines need.
 */
import { createWriteStream, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const REST = ['EVENT_TYPE', 'TIMESTAMP', 'REQUEST_ID', 'ORGANIZATION_ID', 'USER_ID', 'URI', 'SESSION_KEY', 'LOGIN_KEY', 'METHOD', 'STATUS_CODE', 'ROWS_PROCESSED', 'ENTITY_NAME', 'CONNECTED_APP_ID', 'TIMESTAMP_DERIVED', 'USER_ID_DERIVED', 'CLIENT_IP'];
const BULK = ['EVENT_TYPE', 'TIMESTAMP', 'REQUEST_ID', 'ORGANIZATION_ID', 'USER_ID', 'URI', 'SESSION_KEY', 'LOGIN_KEY', 'JOB_ID', 'OPERATION_TYPE', 'JOB_STATUS', 'ENTITY_TYPE', 'RECORDS_PROCESSED', 'TIMESTAMP_DERIVED', 'USER_ID_DERIVED', 'CLIENT_IP'];
const API_EVENT = ['EventIdentifier', 'EventDate', 'UserId', 'Username', 'SessionKey', 'LoginKey', 'SourceIp', 'UserAgent', 'ApiType', 'Operation', 'Query', 'QueriedEntities', 'RowsProcessed', 'Records', 'RequestIdentifier'];
const ENTITIES = ['Contact', 'Lead', 'Account', 'Opportunity', 'Case'];
const FILE_ROWS = 500_000;
const DAYS = 40;
const APPS = 40;

export interface ReconDataset {
  dir: string;
  events: number;
  bytes: number;
}

class Sink {
  private out: ReturnType<typeof createWriteStream> | null = null;
  private rows = 0;
  private part = 0;
  bytes = 0;
  constructor(private readonly dir: string, private readonly name: string, private readonly header: string[]) {}
  async row(values: string[]): Promise<void> {
    if (!this.out || this.rows >= FILE_ROWS) await this.next();
    const line = values.map((v) => `"${v}"`).join(',') + '\n';
    this.bytes += line.length;
    this.rows++;
    if (!this.out!.write(line)) await new Promise<void>((r) => this.out!.once('drain', () => r()));
  }
  private async next(): Promise<void> {
    await this.close();
    const sub = path.join(this.dir, this.name);
    mkdirSync(sub, { recursive: true });
    this.out = createWriteStream(path.join(sub, `${this.name}-part${String(this.part++).padStart(3, '0')}.csv`));
    this.rows = 0;
    this.out.write(this.header.map((h) => `"${h}"`).join(',') + '\n');
  }
  async close(): Promise<void> {
    if (this.out) await new Promise<void>((r) => this.out!.end(() => r()));
    this.out = null;
  }
}

/** Creates (or reuses) a dataset of about `events` event rows under `root`. */
export async function ensureReconDataset(root: string, events: number): Promise<ReconDataset> {
  const dir = path.join(root, `recon-${DAYS}d-v2-${events}`);
  const marker = path.join(dir, 'dataset.json');
  if (existsSync(marker)) return JSON.parse(readFileSync(marker, 'utf8')) as ReconDataset;
  mkdirSync(dir, { recursive: true });
  let seed = 7;
  const rnd = (): number => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
  const rest = new Sink(dir, 'RestApi', REST);
  const bulk = new Sink(dir, 'BulkApi2', BULK);
  const rtem = new Sink(dir, 'ApiEvent', API_EVENT);
  let n = 0;
  let req = 0;
  let t = Date.UTC(2025, 6, 1);
  const iso = (ms: number): string => new Date(ms).toISOString();
  const compact = (ms: number): string => iso(ms).replace(/[-:T]/g, '').replace('Z', '');
  // A call is about 1.2 events and its pages take about 1.3 s; the gap between calls spreads them over at least DAYS.
  const step = 2 * Math.max(1, Math.round((DAYS * 86_400_000) / (events / 1.2) - 1300));
  for (let s = 0; n < events; s++) {
    const user = `0055j00000${String(10000 + (s % 80000)).padStart(5, '0')}`;
    const session = `s${s.toString(36).padStart(14, '0')}`;
    const login = `l${s.toString(36).padStart(14, '0')}`;
    const ip = `34.214.${(s >> 8) % 250}.${s % 250}`;
    const app = `0H45j00000${String(1000 + (s % APPS)).padStart(5, '0')}`;
    const calls = 10 + Math.floor(rnd() * 80);
    for (let c = 0; c < calls && n < events; c++) {
      t += 1 + Math.floor(rnd() * step);
      // An integration session reads one or two objects (its sync), not every object (that would be enumeration).
      const entity = ENTITIES[(s + (rnd() < 0.7 ? 0 : 1)) % ENTITIES.length]!;
      if (rnd() < 0.05) {
        const job = `7505j${String(s % 100000).padStart(5, '0')}${String(c).padStart(5, '0')}`;
        const recs = String(Math.floor(rnd() * 50000));
        for (const [k, status] of ['Open', 'UploadComplete', 'InProgress', 'JobComplete', ...(rnd() < 0.1 ? ['Deleted'] : [])].entries()) {
          const at = t + k * 700;
          await bulk.row(['BulkApi2', compact(at), `B${(req++).toString(36)}`, '00D5j000000NWDm', user, k ? `/services/data/v62.0/jobs/query/${job}AAA` : '/services/data/v62.0/jobs/query', session, login, job, 'query', status, entity, k >= 2 && status !== 'Deleted' ? recs : '', iso(at), `${user}AAA`, ip]);
          n++;
        }
        continue;
      }
      const pages = rnd() < 0.2 ? 2 + Math.floor(rnd() * 4) : 1;
      for (let p = 0; p < pages && n < events; p++) {
        const at = t + p * 900;
        const id = `R${(req++).toString(36)}`;
        const rows = p < pages - 1 ? '2000' : String(Math.floor(rnd() * 2000));
        const uri = p === 0 ? '/services/data/v62.0/query' : `/services/data/v62.0/query/01g5j${String(s % 100000).padStart(10, '0')}-${p * 2000}`;
        await rest.row(['RestApi', compact(at), id, '00D5j000000NWDm', user, uri, session, login, 'GET', '200', rows, entity, app, iso(at), `${user}AAA`, ip]);
        n++;
        if (rnd() < 0.33 && n < events) {
          await rtem.row([`e${id}`, iso(at + 150), `${user}AAA`, `u${s}@example.com`, session, login, ip, 'sync-client/1.0', 'REST', p ? 'queryMore' : 'query', `SELECT Id, Name FROM ${entity}`, entity, rows, '', id]);
          n++;
        }
      }
      t += pages * 900;
    }
  }
  await Promise.all([rest.close(), bulk.close(), rtem.close()]);
  const ds = { dir, events: n, bytes: rest.bytes + bulk.bytes + rtem.bytes };
  writeFileSync(marker, JSON.stringify(ds));
  return ds;
}
