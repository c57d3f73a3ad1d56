/**
 * Detection at scale: `node dist/bench/rules.js [exports]` builds a synthetic case in memory — 500
 * integrations over 30 days, `exports` logical exports of two events each plus one other event
 * each (3 × exports events) — and times containment and every rule, printing each rule's time and
 * the peak RSS. The reconstruction tables are filled by SQL here (not by the reconstruction), so the
 * figure is the rules' own cost.
 */
import { createExportTables } from '../electron/engine/analysis/exportTables.js';
import { buildContainment } from '../electron/engine/analysis/containment.js';
import { flagExportTables } from '../electron/engine/analysis/rules/flagExports.js';
import { loadRulePack } from '../electron/engine/analysis/rules/pack.js';
import { CaseDb } from '../electron/engine/store/duck.js';
import { sql } from '../electron/engine/store/sql.js';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

async function main(): Promise<void> {
  const n = Number(process.argv[2] ?? 1_000_000);
  const resources = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../resources');
  const db = await CaseDb.open(':memory:');
  await db.run(sql`CREATE TABLE snapshot_tables (object VARCHAR NOT NULL, org_id VARCHAR, org_basis VARCHAR, table_name VARCHAR PRIMARY KEY, source_ids VARCHAR NOT NULL)`);
  await createExportTables(db);
  await db.run(sql`CREATE TABLE events AS SELECT i AS event_id, TIMESTAMP '2025-07-01' + to_milliseconds((i * 2592000000 // ${3 * n})::BIGINT) AS ts,
    '0H4' || lpad(CAST(i % 500 AS VARCHAR), 15, '0') AS connected_app_id, '005' || lpad(CAST(i % 500 AS VARCHAR), 15, '0') AS user_id,
    '34.' || (i % 500) // 250 || '.' || (i % 250) || '.' || (i % 7) AS client_ip, 'Vendor/' || (i % 500) AS user_agent,
    NULL::VARCHAR AS job_status, NULL::VARCHAR AS job_id FROM range(${3 * n}) t(i)`);
  await db.run(sql`CREATE VIEW events_attr AS SELECT *, connected_app_id AS app_id, 'connected_app_id' AS app_basis FROM events`);
  await db.run(sql`INSERT INTO exports SELECT 'X-' || i, NULL, NULL, 'rest_query', CASE i % 3 WHEN 0 THEN 'Contact' WHEN 1 THEN 'Lead' ELSE 'Account' END, NULL,
    i % 10 = 0, e.ts, e.ts, 10 + (i * 7919) % 50, e.user_id, NULL, e.app_id, 'App ' || (i % 500), 'connected_app_id', 'S' || (i % 500) || '-' || (i // 5000),
    NULL, e.client_ip, e.user_agent, NULL, NULL, NULL, NULL
    FROM (SELECT row_number() OVER () - 1 AS i, * FROM events_attr WHERE event_id % 3 = 0) e`);
  await db.run(sql`INSERT INTO export_events SELECT 'X-' || (event_id // 3), event_id, 'event' FROM events WHERE event_id % 3 <> 2`);
  const pack = loadRulePack(resources);
  if (!pack.ok) throw new Error(pack.error.message);
  const started = performance.now();
  await buildContainment(db, pack.value.containment);
  let last = performance.now();
  let current = 'containment';
  const times: string[] = [];
  const summary = await flagExportTables(db, pack.value, {
    onProgress: (p) => {
      if (p.done === p.total) return;
      const now = performance.now();
      times.push(`${current} ${Math.round(now - last)} ms`);
      [last, current] = [now, p.rule];
    },
  });
  times.push(`${current} ${Math.round(performance.now() - last)} ms`);
  process.stdout.write(`${times.join('\n')}\n${n.toLocaleString('en-US')} exports, ${(3 * n).toLocaleString('en-US')} events: ${Math.round(performance.now() - started)} ms, `
    + `${summary.flaggedExports} flagged, peak RSS ${Math.round(process.resourceUsage().maxRSS / 1024)} MB\n`);
  db.close();
}

await main();
