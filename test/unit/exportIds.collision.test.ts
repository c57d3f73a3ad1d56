/**
 * Export ids are 12 hex digits of an MD5: at millions of exports two different keys can share one (the 10 M-event
 * bench case had 4,623,132 exports and 4,623,131 distinct ids). The step that makes them unique, on a table where two
 * exports are given the same id by hand: both get their first event id appended, the others stay as they were, and
 * every id still has the form the contract accepts.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { exportIdSchema } from '../../shared/contract.js';
import { disambiguateIds } from '../../electron/engine/analysis/reconAssemble.js';
import { CaseDb } from '../../electron/engine/store/duck.js';
import { sql } from '../../electron/engine/store/sql.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'ls-export-ids-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('gives each export of a colliding id its first event id, and leaves the rest alone', async () => {
  const db = await CaseDb.open(path.join(dir, 'case.duckdb'));
  try {
    await db.run(sql`CREATE TABLE ids AS SELECT * FROM (VALUES ('X-3f2a9c0d1e4b', 4294967297::BIGINT), ('X-3f2a9c0d1e4b', 8589934593::BIGINT), ('X-00aa11bb22cc', 12::BIGINT)) v(export_id, anchor_id)`);
    expect(await disambiguateIds(db, 'ids')).toBe(1);
    const rows = await db.all<{ export_id: string }>(sql`SELECT export_id FROM ids ORDER BY export_id`);
    expect(rows.map((r) => r.export_id)).toEqual(['X-00aa11bb22cc', 'X-3f2a9c0d1e4b-4294967297', 'X-3f2a9c0d1e4b-8589934593']);
    for (const r of rows) expect(exportIdSchema.safeParse(r.export_id).success).toBe(true);
    // Nothing left to do a second time.
    expect(await disambiguateIds(db, 'ids')).toBe(0);
  } finally {
    db.close();
  }
});
