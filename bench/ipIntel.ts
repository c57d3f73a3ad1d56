/**
 * A quick measure of the offline IP lookup: N distinct random addresses (90 % IPv4, 10 % IPv6, some private and
 * documentation addresses) keyed and range-joined by `buildIpIntel`, once with a cold range cache and once warm.
 * Run: `npx tsx bench/ipIntel.ts [distinct IPs, default 1000000]`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildIpIntel } from '../electron/engine/analysis/ipIntel.js';
import { resourcesDir } from '../electron/engine/paths.js';
import { CaseDb } from '../electron/engine/store/duck.js';
import { sql } from '../electron/engine/store/sql.js';

const n = Number(process.argv[2] ?? 1_000_000);
const dir = mkdtempSync(path.join(tmpdir(), 'ipbench-'));
const db = await CaseDb.open(path.join(dir, 'case.duckdb'));
try {
  await db.run(sql`CREATE TABLE events AS SELECT DISTINCT CASE
      WHEN i % 10 = 0 THEN printf('2a0%x:%x:%x::%x', i % 10, (hash(i) % 65536)::BIGINT, (hash(i + 1) % 65536)::BIGINT, i % 65536)
      WHEN i % 97 = 0 THEN printf('10.%d.%d.%d', (hash(i) % 256)::BIGINT, (hash(i + 1) % 256)::BIGINT, i % 256)
      WHEN i % 101 = 0 THEN printf('203.0.113.%d', i % 256)
      ELSE printf('%d.%d.%d.%d', 1 + (hash(i) % 223)::BIGINT, (hash(i + 1) % 256)::BIGINT, (hash(i + 2) % 256)::BIGINT, (hash(i + 3) % 256)::BIGINT)
    END AS client_ip FROM range(${n}) t(i)`);
  for (const label of ['cold (dataset loaded into the case)', 'warm (ranges cached in the case)']) {
    const t0 = performance.now();
    const s = await buildIpIntel(db, resourcesDir());
    const ms = performance.now() - t0;
    console.log(`${label}: ${s.ips} distinct IPs in ${(ms / 1000).toFixed(2)} s — country ${s.withCountry}, network ${s.withNetwork}, special ${s.special}, unknown ${s.unknown}; peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
  }
} finally {
  db.close();
  rmSync(dir, { recursive: true, force: true });
}
