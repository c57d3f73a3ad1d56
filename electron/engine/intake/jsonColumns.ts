/**
 * Finds the columns of a table of parsed JSON records: every key any record has, in order of
 * first appearance, with nested objects followed to dotted names (`CreatedBy.Username`) and
 * `attributes` objects left out. A key that is an object in some records and a plain value in
 * others stays one column (objects then read as JSON text), so no value is lost. Works level by
 * level with `json_keys`/`json_type` (DuckDB's `json_group_structure` runs out of memory on a few
 * hundred thousand records).
 */
import type { CaseDb } from '../store/duck.js';
import { ident, literal, raw, sql } from '../store/sql.js';

const MAX_DEPTH = 8;

interface KeyNode {
  key: string;
  children: KeyNode[] | null; // null: a column
}

/** JSON pointer text (RFC 6901) for a key path; `$` for the record itself. */
export function jsonPointer(path: readonly string[]): string {
  return path.length === 0 ? '$' : '/' + path.map((k) => k.replaceAll('~', '~0').replaceAll('/', '~1')).join('/');
}

/** The column paths of the object records in `table` (column `j`, rows where `ok`). */
export async function jsonColumnPaths(db: CaseDb, table: string): Promise<string[][]> {
  const root: KeyNode = { key: '', children: [] };
  let level: { path: string[]; node: KeyNode }[] = [{ path: [], node: root }];
  for (let depth = 0; depth < MAX_DEPTH && level.length > 0; depth++) {
    const keys = await childKeys(db, table, level.map((l) => l.path));
    const candidates = level.flatMap((l, i) => (keys.get(i + 1) ?? []).map((key) => ({ parent: l.node, path: [...l.path, key] })));
    const types = await valueKinds(db, table, candidates.map((c) => c.path));
    const next: typeof level = [];
    candidates.forEach((c, i) => {
      const { object, other } = types[i]!;
      const key = c.path[c.path.length - 1]!;
      if (key === 'attributes' && object) return;
      const node: KeyNode = { key, children: object && !other ? [] : null };
      c.parent.children!.push(node);
      if (node.children) next.push({ path: c.path, node });
    });
    level = next;
  }
  const out: string[][] = [];
  const walk = (node: KeyNode, path: string[]): void => {
    for (const child of node.children ?? []) {
      const p = [...path, child.key];
      if (child.children && child.children.length > 0) walk(child, p);
      else out.push(p);
    }
  };
  walk(root, []);
  return out;
}

/** For each parent path (1-based index), its child keys in order of first appearance. */
async function childKeys(db: CaseDb, table: string, parents: string[][]): Promise<Map<number, string[]>> {
  const pointers = parents.map((p) => literal(jsonPointer(p)).text).join(', ');
  const rows = await db.all<{ parent: number; key: string }>(sql`
    WITH k AS (SELECT rec, json_keys(j, [${raw(pointers)}]) AS ks FROM ${ident(table)} WHERE ok),
    u AS (SELECT rec, unnest(generate_series(1, len(ks))) AS parent, unnest(ks) AS keys FROM k),
    v AS (SELECT rec, parent, unnest(generate_series(1, len(keys))) AS pos, unnest(keys) AS key FROM u)
    SELECT parent, key FROM v GROUP BY parent, key ORDER BY parent, min(rec::HUGEINT * 4294967296 + pos)`);
  const out = new Map<number, string[]>();
  for (const r of rows) out.set(r.parent, [...(out.get(r.parent) ?? []), r.key]);
  return out;
}

/** Whether each path holds an object in some record, and a non-null non-object in some record. */
async function valueKinds(db: CaseDb, table: string, paths: string[][]): Promise<{ object: boolean; other: boolean }[]> {
  if (paths.length === 0) return [];
  const pointers = paths.map((p) => literal(jsonPointer(p)).text).join(', ');
  const aggs = paths.map((_, i) => `bool_or(t[${i + 1}] = 'OBJECT') AS o${i}, bool_or(t[${i + 1}] NOT IN ('OBJECT', 'NULL')) AS x${i}`);
  const row = await db.one<Record<string, boolean | null>>(
    sql`SELECT ${raw(aggs.join(', '))} FROM (SELECT json_type(j, [${raw(pointers)}]) AS t FROM ${ident(table)} WHERE ok)`,
  );
  return paths.map((_, i) => ({ object: row?.[`o${i}`] === true, other: row?.[`x${i}`] === true }));
}
