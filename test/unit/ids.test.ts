import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { id18SqlExpression, isSalesforceId, toId15, toId18 } from '../../shared/ids.js';

// Real 15 → 18 pairs published in Elastic's and Microsoft Sentinel's Salesforce samples (SCHEMA.md §4).
const PAIRS: [string, string][] = [
  ['0055j000000utlP', '0055j000000utlPAAQ'],
  ['0053X00000BoLQR', '0053X00000BoLQRQA3'],
];

describe('Salesforce ids', () => {
  it('converts published 15-character ids to their 18-character form', () => {
    for (const [id15, id18] of PAIRS) expect(toId18(id15)).toBe(id18);
  });

  it('is idempotent on 18-character ids and repairs a lower-cased suffix', () => {
    for (const [, id18] of PAIRS) {
      expect(toId18(id18)).toBe(id18);
      expect(toId18(id18.slice(0, 15) + id18.slice(15).toLowerCase())).toBe(id18);
    }
  });

  it('keeps case-sensitive 15-character ids apart', () => {
    expect(toId18('001000000000aaa')).not.toBe(toId18('001000000000AAA'));
  });

  it('rejects text that is not an id', () => {
    for (const bad of ['', '   ', '005', 'Salesforce.com IP', '0055j000000utl!', '0055j000000utlPAAQX']) expect(toId18(bad)).toBeNull();
    expect(toId18(null)).toBeNull();
    expect(isSalesforceId('0055j000000utlP')).toBe(true);
    expect(toId15('0055j000000utlPAAQ')).toBe('0055j000000utlP');
  });

  it('computes the same suffix inside DuckDB as in TypeScript', async () => {
    const c = await (await DuckDBInstance.create(':memory:')).connect();
    const ids = [...PAIRS.flatMap(([a, b]) => [a, b]), '001000000000aaa', 'ABCDEabcdeAbCdE', 'zzzzzZZZZZzZzZz', 'not-an-id', ''];
    const values = ids.map((i) => `('${i.replaceAll("'", "''")}')`).join(', ');
    const reader = await c.runAndReadAll(`SELECT x, ${id18SqlExpression('x')} AS y FROM (VALUES ${values}) t(x)`);
    const rows = reader.getRowObjectsJS() as { x: string; y: string | null }[];
    expect(rows).toHaveLength(ids.length);
    for (const r of rows) expect(r.y).toBe(toId18(r.x));
  });
});
