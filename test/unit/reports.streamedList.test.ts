/**
 * affected.json's in-scope export ids streamed from the case (streamedList.ts): the file is byte for byte what
 * JSON.stringify(document, null, 2) writes with the ids in time order (then id), for none, one and many ids.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeInScopeIdLines, writeJsonWithStreamedList } from '../../electron/engine/reports/streamedList.js';
import { CaseDb } from '../../electron/engine/store/duck.js';
import { sql } from '../../electron/engine/store/sql.js';

let db: CaseDb;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'ls-streamed-'));
  db = await CaseDb.open(':memory:');
  // 5,000 exports, one a minute backwards, with a pair sharing a start time (ordered then by id).
  await db.run(sql`CREATE TABLE exports AS SELECT 'X-' || lpad(printf('%x', i), 12, '0') AS export_id,
    TIMESTAMP '2025-07-01' + INTERVAL (CASE WHEN i = 7 THEN 8 ELSE 5000 - i END) MINUTE AS start_ts FROM range(5000) t(i)`);
  await db.run(sql`CREATE TABLE in_scope_exports (export_id VARCHAR)`);
});

afterAll(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

/** The document as JSON.stringify writes it with `ids` in place: the expectation, computed without DuckDB. */
const expected = (ids: string[]): string => JSON.stringify({ schemaVersion: 1, scope: { from: null }, inScopeExportIds: ids, notes: ['a "quoted" note'] }, null, 2) + '\n';

async function written(inScope: number[]): Promise<string> {
  await db.run(sql`DELETE FROM in_scope_exports`);
  await db.run(sql`INSERT INTO in_scope_exports SELECT export_id FROM exports WHERE list_contains(${JSON.stringify(inScope)}::INTEGER[], CAST(('0x' || substr(export_id, 3)) AS INTEGER))`);
  const file = path.join(dir, `affected-${inScope.length}.json`);
  const lines = `${file}.ids`;
  await writeInScopeIdLines(db, lines);
  await writeJsonWithStreamedList(file, { schemaVersion: 1, scope: { from: null }, inScopeExportIds: [], notes: ['a "quoted" note'] }, 'inScopeExportIds', lines);
  return readFileSync(file, 'utf8');
}

const idOf = (i: number): string => `X-${i.toString(16).padStart(12, '0')}`;

describe('affected.json with the in-scope ids streamed from the case', () => {
  it('writes an empty list as JSON.stringify does', async () => {
    expect(await written([])).toBe(expected([]));
  });
  it('writes one id', async () => {
    expect(await written([42])).toBe(expected([idOf(42)]));
  });
  it('writes many ids in time order, then by id', async () => {
    // Start times fall as i rises, except i = 7, which starts with i = 4992 (at minute 8): 7's id (X-…007) sorts first.
    const all = Array.from({ length: 5000 }, (_, i) => i);
    const order = all.filter((i) => i !== 7).sort((a, b) => b - a);
    order.splice(order.indexOf(4992), 0, 7);
    expect(await written(all)).toBe(expected(order.map(idOf)));
  });
});
