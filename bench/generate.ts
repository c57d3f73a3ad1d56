/** Writes synthetic EventLogFile CSVs (RestApi, 2024 header) of a given total size, deterministically. */
import { createWriteStream, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const HEADER = ['EVENT_TYPE', 'TIMESTAMP', 'REQUEST_ID', 'ORGANIZATION_ID', 'USER_ID', 'RUN_TIME', 'CPU_TIME', 'URI', 'SESSION_KEY', 'LOGIN_KEY', 'USER_TYPE', 'REQUEST_STATUS', 'DB_TOTAL_TIME', 'METHOD', 'MEDIA_TYPE', 'STATUS_CODE', 'USER_AGENT', 'ROWS_PROCESSED', 'NUMBER_FIELDS', 'DB_BLOCKS', 'DB_CPU_TIME', 'REQUEST_SIZE', 'RESPONSE_SIZE', 'ENTITY_NAME', 'CONNECTED_APP_ID', 'CLIENT_NAME', 'EXCEPTION_MESSAGE', 'TIMESTAMP_DERIVED', 'USER_ID_DERIVED', 'CLIENT_IP', 'URI_ID_DERIVED'];
const ENTITIES = ['Contact', 'Lead', 'Account', 'Opportunity', 'Case', 'User'];
const FILE_BYTES = 128 * 1024 * 1024;

export interface Dataset {
  dir: string;
  files: string[];
  bytes: number;
  rows: number;
}

/** Creates (or reuses) a dataset of about `megabytes` MB under `root`. */
export async function ensureDataset(root: string, megabytes: number): Promise<Dataset> {
  const dir = path.join(root, `elf-${megabytes}mb`);
  const marker = path.join(dir, 'dataset.json');
  if (existsSync(marker)) return JSON.parse(readFileSync(marker, 'utf8')) as Dataset;
  mkdirSync(dir, { recursive: true });
  const target = megabytes * 1024 * 1024;
  let seed = 42;
  const rnd = (): number => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
  const files: string[] = [];
  let bytes = 0;
  let rows = 0;
  let t = Date.UTC(2025, 6, 1);
  for (let f = 0; bytes < target; f++) {
    const day = new Date(t).toISOString().slice(0, 10);
    const file = path.join(dir, `RestApi-${day}-${String(f).padStart(4, '0')}.csv`);
    const out = createWriteStream(file);
    let fileBytes = 0;
    const write = (line: string): Promise<void> | void => {
      fileBytes += Buffer.byteLength(line);
      if (!out.write(line)) return new Promise((r) => out.once('drain', () => r()));
    };
    await write(HEADER.map((h) => `"${h}"`).join(',') + '\n');
    while (fileBytes < FILE_BYTES && bytes + fileBytes < target) {
      let chunk = '';
      for (let i = 0; i < 2000; i++) {
        t += Math.floor(rnd() * 50);
        const iso = new Date(t).toISOString();
        const ts = iso.replace(/[-:T]/g, '').replace('Z', '');
        const entity = ENTITIES[Math.floor(rnd() * ENTITIES.length)]!;
        const user = `0055j00000${Math.floor(rnd() * 90000 + 10000)}`;
        const vals = ['RestApi', ts, `4ehU${Math.floor(rnd() * 1e12).toString(36)}`, '00D5j000000NWDm', user, String(Math.floor(rnd() * 900)), String(Math.floor(rnd() * 300)),
          '/services/data/v62.0/query', `s${Math.floor(rnd() * 1e9).toString(36)}`, `l${Math.floor(rnd() * 1e9).toString(36)}`, 'Standard', 'S', String(Math.floor(rnd() * 1e8)),
          'GET', 'application/json', '200', '9999', String(Math.floor(rnd() * 2000)), String(Math.floor(rnd() * 20)), String(Math.floor(rnd() * 100)), String(Math.floor(rnd() * 50)),
          String(Math.floor(rnd() * 2000)), String(Math.floor(rnd() * 200000)), entity, '0H45j000000CnvC', '', '', iso, `${user}AAA`, `34.214.10.${Math.floor(rnd() * 250)}`, ''];
        chunk += vals.map((v) => `"${v}"`).join(',') + '\n';
        rows++;
      }
      await write(chunk);
    }
    await new Promise<void>((r) => out.end(() => r()));
    files.push(file);
    bytes += fileBytes;
    t += 3_600_000;
  }
  const ds = { dir, files, bytes, rows };
  writeFileSync(marker, JSON.stringify(ds));
  return ds;
}
