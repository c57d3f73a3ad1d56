/**
 * Relationship fields through the snapshots: `Account.Owner.Email` on Contact joins Contact.AccountId to
 * the Account snapshot, then Account.OwnerId to the User snapshot. A polymorphic relationship (What,
 * Who, Owner, Parent, or a lookup whose target has no snapshot of its name) joins every snapshot whose
 * id key prefix (the first three id characters, which name the object) the lookup value carries.
 * Ids are joined on their 15-character case-sensitive form, so 15- and 18-character ids meet.
 */
import { raw, ident, sql, type SqlFragment } from '../store/sql.js';
import { cannot, joinSql, resolveColumn, snapshotOf, type ReplayEnv, type SnapshotInfo } from './replayTypes.js';

/** One table instance in the statement: the queried object, or a joined parent. */
export interface TableRef {
  /** SQL alias; null only for a bare single-table predicate (compileWhere over one table). */
  alias: string | null;
  snap: SnapshotInfo;
}

/** A resolved field: its text value and epoch-ms value as SQL, whichever parent record holds it. */
export interface FieldRef {
  value: SqlFragment;
  epochMs: SqlFragment;
  column: string;
  /** The field holds record ids (Id, AccountId, …): compared on the 15-character id. */
  isId: boolean;
  /** The field is the polymorphic `Type` (the parent's object name), computed from which join matched. */
  isType?: boolean;
}

/** Relationship names whose target is fixed, for objects whose name differs from the relationship's. */
const FIXED_TARGETS: Record<string, string> = {
  CREATEDBY: 'User', LASTMODIFIEDBY: 'User', MANAGER: 'User', DELEGATEDAPPROVER: 'User', REPORTSTO: 'Contact',
  MASTERRECORD: '', // same object as the child, resolved below
};
const POLYMORPHIC = new Set(['WHAT', 'WHO', 'OWNER', 'PARENT', 'LINKEDENTITY', 'RELATEDTO']);

/** A column of a table instance as SQL (`a1."Email"`). */
export function columnSql(t: TableRef, column: string): SqlFragment {
  return t.alias ? sql`${raw(t.alias)}.${ident(column)}` : sql`${ident(column)}`;
}

/** The epoch-ms value of a date-like column: its precomputed companion, else parsed from the text. */
export function epochMsSql(t: TableRef, column: string, parse: (col: SqlFragment) => SqlFragment): SqlFragment {
  const pre = t.snap.epochMsColumns.get(column);
  return pre ? columnSql(t, pre) : parse(columnSql(t, column));
}

/** The 15-character form of an id column, for case-sensitive id comparison. */
export function id15Sql(value: SqlFragment): SqlFragment {
  return sql`substr(trim(${value}), 1, 15)`;
}

/** True when a column holds record ids (Id, AccountId, WhatId, …). */
export function isIdColumn(column: string): boolean {
  return column === 'Id' || /^id$/i.test(column) || /[a-z0-9]Id$/.test(column);
}

/** Resolves field paths from one table, adding LEFT JOINs to parent snapshots as needed (each join once). */
export class JoinScope {
  private readonly joins: SqlFragment[] = [];
  private readonly cache = new Map<string, TableRef[]>();

  constructor(
    readonly root: TableRef,
    private readonly env: ReplayEnv | null,
    private readonly nextAlias: () => string,
    private readonly parse: (col: SqlFragment) => SqlFragment,
  ) {}

  /** The LEFT JOIN clauses the resolved paths need, to follow `FROM <root table> AS <alias>`. */
  joinClauses(): SqlFragment {
    return joinSql(this.joins, ' ');
  }

  /** The parent records at the end of a relationship chain (several when polymorphic). */
  parents(relationships: readonly string[]): TableRef[] {
    let current: TableRef[] = [this.root];
    let key = '';
    for (const rel of relationships) {
      key += `.${rel.toLowerCase()}`;
      const cached = this.cache.get(key);
      if (cached) {
        current = cached;
        continue;
      }
      current = current.flatMap((t) => this.hop(t, rel));
      if (current.length === 0) cannot(`relationship ${relationships.join('.')}: no snapshot holds its records`);
      this.cache.set(key, current);
    }
    return current;
  }

  /** A field path (`Email`, `Account.Name`, `What.Type`) as SQL over this scope. */
  field(path: readonly string[]): FieldRef {
    const name = path[path.length - 1] as string;
    const rels = path.slice(0, -1);
    const tables = this.parents(rels);
    if (rels.length && /^type$/i.test(name) && this.isPolymorphic(rels[rels.length - 1] as string) ) {
      const cases = tables.map((t) => sql`WHEN ${columnSql(t, idColumn(t.snap))} IS NOT NULL THEN ${t.snap.object}`);
      return { value: sql`(CASE ${joinSql(cases, ' ')} END)`, epochMs: sql`NULL`, column: 'Type', isId: false, isType: true };
    }
    const found = tables.map((t) => ({ t, col: resolveColumn(name, t.snap.columns) })).filter((x) => x.col !== null);
    if (found.length === 0) {
      const where = rels.length ? `${rels.join('.')} (${[...new Set(tables.map((t) => t.snap.object))].join(', ')})` : this.root.snap.object;
      cannot(`unknown field ${path.join('.')}: ${where} snapshot has no ${name} column`);
    }
    const column = found[0]?.col as string;
    const coalesce = (parts: SqlFragment[]): SqlFragment => (parts.length === 1 ? (parts[0] as SqlFragment) : sql`coalesce(${joinSql(parts, ', ')})`);
    return {
      value: coalesce(found.map((x) => columnSql(x.t, x.col as string))),
      epochMs: coalesce(found.map((x) => epochMsSql(x.t, x.col as string, this.parse))),
      column,
      isId: isIdColumn(column),
    };
  }

  private isPolymorphic(rel: string): boolean {
    return this.targets(this.root.snap, rel).polymorphic;
  }

  private hop(from: TableRef, rel: string): TableRef[] {
    if (!this.env || from.alias === null) cannot(`relationship field through ${rel}: the replay has no other snapshots here`);
    const fkName = /__r$/i.test(rel) ? rel.replace(/__r$/i, '__c') : `${rel}Id`;
    const fk = resolveColumn(fkName, from.snap.columns);
    if (!fk) cannot(`relationship ${rel}: the ${from.snap.object} snapshot has no ${fkName} column`);
    const { snaps } = this.targets(from.snap, rel);
    if (snaps.length === 0) cannot(`relationship ${rel}: no snapshot of its target object in the evidence`);
    const fkSql = columnSql(from, fk);
    return snaps.map((snap) => {
      const alias = this.nextAlias();
      const t: TableRef = { alias, snap };
      const prefix = snaps.length > 1 && snap.keyPrefix ? sql` AND substr(trim(${fkSql}), 1, 3) = ${snap.keyPrefix}` : sql``;
      this.joins.push(sql`LEFT JOIN ${ident(snap.table)} AS ${raw(alias)} ON ${id15Sql(columnSql(t, idColumn(snap)))} = ${id15Sql(fkSql)}${prefix}`);
      return t;
    });
  }

  /** The snapshots a relationship can point to, and whether it is polymorphic. */
  private targets(from: SnapshotInfo, rel: string): { snaps: SnapshotInfo[]; polymorphic: boolean } {
    const env = this.env;
    if (!env) return { snaps: [], polymorphic: false };
    const upper = rel.toUpperCase();
    const all = [...env.snapshots.values()].filter((s) => resolveColumn('Id', s.columns));
    if (!POLYMORPHIC.has(upper)) {
      const fixed = FIXED_TARGETS[upper];
      const name = fixed === '' ? from.object : fixed ?? (/__r$/i.test(rel) ? rel.replace(/__r$/i, '__c') : rel);
      const snap = snapshotOf(env, name);
      if (snap && resolveColumn('Id', snap.columns)) return { snaps: [snap], polymorphic: false };
      if (fixed !== undefined) return { snaps: [], polymorphic: false };
    }
    return { snaps: all, polymorphic: true };
  }
}

/** The Id column of a snapshot (every snapshot used in a join has one). */
export function idColumn(snap: SnapshotInfo): string {
  return resolveColumn('Id', snap.columns) ?? cannot(`the ${snap.object} snapshot has no Id column`);
}
