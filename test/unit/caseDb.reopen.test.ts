/**
 * `CaseDb.reopen` (done by `investigate` once intake has loaded a case): the same object reads the same file in a fresh
 * DuckDB instance, with the settings it was opened with; what lived only in the old instance (TEMP tables) is gone.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CaseDb } from '../../electron/engine/store/duck.js';
import { sql } from '../../electron/engine/store/sql.js';

const root = mkdtempSync(path.join(os.tmpdir(), 'ls-reopen-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('CaseDb.reopen', () => {
  it('keeps the rows written before it, drops the TEMP tables and keeps the settings', async () => {
    const db = await CaseDb.open(path.join(root, 'case.duckdb'), { memoryLimit: '300MB' });
    try {
      await db.run(sql`CREATE TABLE t AS SELECT i AS id, 'row ' || i AS label FROM range(2500) r(i)`);
      await db.run(sql`CREATE TEMP TABLE scratch AS SELECT 1 AS x`);
      // Written but not checkpointed: the close at reopen must keep it.
      await db.run(sql`INSERT INTO t VALUES (${-1}, ${'late'})`);
      await db.reopen();
      const rows = await db.one<{ n: number; s: number; late: string }>(
        sql`SELECT count(*)::BIGINT AS n, sum(id)::BIGINT AS s, max(label) FILTER (WHERE id = -1) AS late FROM t`);
      // 0 + 1 + … + 2499, and the late row's −1.
      expect(rows).toEqual({ n: 2501, s: (2499 * 2500) / 2 - 1, late: 'late' });
      const temp = await db.one<{ n: number }>(sql`SELECT count(*)::BIGINT AS n FROM duckdb_tables() WHERE table_name = 'scratch'`);
      expect(temp?.n).toBe(0);
      const settings = await db.all<{ name: string; value: string }>(
        sql`SELECT name, value FROM duckdb_settings() WHERE name IN ('TimeZone', 'memory_limit', 'temp_directory') ORDER BY name`);
      expect(Object.fromEntries(settings.map((s) => [s.name, s.value]))).toEqual({
        TimeZone: 'UTC',
        memory_limit: '286.1 MiB',
        temp_directory: path.join(root, 'case.duckdb.tmp'),
      });
    } finally {
      db.close();
    }
  });

  it('leaves an in-memory database as it is', async () => {
    const db = await CaseDb.open(':memory:');
    try {
      await db.run(sql`CREATE TABLE t AS SELECT 42 AS v`);
      await db.reopen();
      expect((await db.one<{ v: number }>(sql`SELECT v FROM t`))?.v).toBe(42);
    } finally {
      db.close();
    }
  });
});
