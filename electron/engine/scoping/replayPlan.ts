/**
 * One DuckDB statement that re-runs a logged SOQL query on the snapshots "as of" the query's time and
 * says, per record, which object it is, and whether the query certainly or only possibly returned it:
 * - the queried object's records (created no later than the query), filtered by WHERE, cut by
 *   ORDER BY/LIMIT/OFFSET. Records tied on the ORDER BY keys across the LIMIT (or OFFSET) boundary,
 *   or every record when LIMIT has no ORDER BY and more records match, are only `possible`;
 * - the parent records that relationship fields in the SELECT list expose (`Contact.Email` on Case
 *   exposes the contact), TYPEOF branches included;
 * - the child records that child subqueries expose (`(SELECT Email FROM Contacts)`), with their own
 *   WHERE and per-parent ORDER BY/LIMIT.
 * Rows: (src, id, certain); `sources` says which object and fields each src stands for.
 */
import { pathsIn, returnsRecords, type OrderItem, type SoqlQuery } from '../../../shared/soql/ast.js';
import { id18SqlExpression } from '../../../shared/ids.js';
import { err, ok, type Result } from '../../../shared/result.js';
import { ident, raw, sql, type SqlFragment } from '../store/sql.js';
import { childRelationship } from './childRelationships.js';
import { dateFunctionSql, type DateSettings } from './dateSql.js';
import { DISTANCE_NOTE, distanceSql } from './distanceSql.js';
import { selectedFields } from './exposedFields.js';
import { columnSql, epochMsSql, id15Sql, idColumn, JoinScope, type TableRef } from './relationships.js';
import { cannot, CompileFailure, joinSql, resolveColumn, snapshotOf, type ReplayEnv, type SnapshotInfo } from './replayTypes.js';
import { ConditionCompiler, sfTimestampMs } from './soqlToSql.js';

/** What the records of one output `src` are: an object, the fields the query handed back, and how it reached them. */
export interface ExposureSource {
  object: string;
  fields: string[];
  /** '' for the queried object, else the relationship path (`Account`, `What`, `Contacts`). */
  via: string;
}

export interface ReplayPlan {
  statement: SqlFragment;
  sources: Map<string, ExposureSource>;
  rootKey: string;
  /** Reasons every replayed record is only `possible` (e.g. USING SCOPE Team cannot be re-run). */
  uncertain: string[];
  notes: string[];
}

/** The largest LIMIT/OFFSET a replay honours exactly; beyond it every snapshot fits anyway. */
const MAX_COUNT = Number.MAX_SAFE_INTEGER;

/** Translates a record-returning SOQL query into a replay over the org's snapshots, or says why it cannot be re-run. */
export function planReplay(query: SoqlQuery, env: ReplayEnv): Result<ReplayPlan, string> {
  try {
    return ok(new Planner(env).plan(query));
  } catch (e) {
    return err(e instanceof CompileFailure ? e.message : `internal: ${String(e)}`);
  }
}

interface Level {
  scope: JoinScope;
  where: SqlFragment;
  keys: { key: string; id: SqlFragment }[];
  order: { expr: SqlFragment; dir: string; nulls: string }[];
}

class Planner {
  private n = 0;
  private readonly sources = new Map<string, ExposureSource>();
  private readonly uncertain: string[] = [];
  private readonly notes: string[] = [];
  private readonly dates: DateSettings;

  constructor(private readonly env: ReplayEnv) {
    this.dates = {
      referenceMs: env.referenceMs, timeZone: env.timeZone ?? 'UTC', fiscalStartMonth: env.fiscalStartMonth ?? 1,
      fiscalYearNamedByStart: env.fiscalYearNamedByStart ?? false, weekStart: env.weekStart ?? 0,
    };
  }

  plan(q: SoqlQuery): ReplayPlan {
    if (!returnsRecords(q)) cannot('the query returns a count or aggregate rows, not records');
    if (q.dataCategories.length) cannot('WITH DATA CATEGORY filters on data categories, which the snapshots do not hold');
    const snap = snapshotOf(this.env, q.from) ?? cannot(`no ${q.from} snapshot in the evidence to re-run the query against`);
    const root = this.level(q, snap);
    this.scopeFilter(q, root);
    const rootKey = root.keys[0]?.key as string;
    const ranked = this.ranked(q, root, snap, null);
    const ctes = [sql`sel AS (${ranked})`];
    const outputs = root.keys.map((k) => sql`SELECT ${k.key} AS src, ${raw(k.key)} AS id, certain FROM sel`);
    this.children(q, snap, 'sel', rootKey, ctes, outputs, '');
    const id18 = raw(id18SqlExpression('id'));
    const statement = sql`WITH ${joinSql(ctes, ', ')}, out AS (${joinSql(outputs, ' UNION ALL ')}) SELECT src, ${id18} AS id, bool_or(certain) AS certain FROM out WHERE id IS NOT NULL GROUP BY src, ${id18}`;
    return { statement, sources: this.sources, rootKey, uncertain: this.uncertain, notes: this.notes };
  }

  /** Child subqueries of one level (nested up to five levels): each a CTE of the children of the rows of `parentCte`. */
  private children(q: SoqlQuery, snap: SnapshotInfo, parentCte: string, parentKey: string, ctes: SqlFragment[], outputs: SqlFragment[], path: string): void {
    for (const item of q.select) {
      if (item.kind !== 'subquery') continue;
      const via = path ? `${path}.${item.query.from}` : item.query.from;
      this.orNote(`child subquery ${via}`, () => {
        const child = childRelationship(this.env, snap, item.query.from);
        const name = `ch${this.n++}`;
        const level = this.level(item.query, child.snap, via);
        const on = sql`${id15Sql(columnSql(level.scope.root, child.fk))} = ${id15Sql(sql`par.${raw(parentKey)}`)}`;
        ctes.push(sql`${raw(name)} AS (${this.ranked(item.query, level, child.snap, { on, key: parentKey, cte: parentCte })})`);
        outputs.push(...level.keys.map((k) => sql`SELECT ${k.key} AS src, ${raw(k.key)} AS id, certain FROM ${raw(name)}`));
        this.children(item.query, child.snap, name, level.keys[0]?.key as string, ctes, outputs, via);
      });
    }
  }

  /** Resolves one query level: its table, WHERE, ORDER BY keys and the records its SELECT list exposes. */
  private level(q: SoqlQuery, snap: SnapshotInfo, via = ''): Level {
    const alias = `t${this.n++}`;
    const root: TableRef = { alias, snap };
    const scope = new JoinScope(root, this.env, () => `t${this.n++}`, sfTimestampMs);
    const compiler = new ConditionCompiler(scope, this.dates, (inner, idKeyed) => this.semijoin(inner, idKeyed));
    const strip = (p: string[]): string[] => (via && p.length > 1 && p[0]?.toLowerCase() === snap.object.toLowerCase() ? p.slice(1) : p);
    const where = q.where ? compiler.condition(q.where) : sql`TRUE`;
    const keys: Level['keys'] = [{ key: `k_${alias}`, id: columnSql(root, idColumn(snap)) }];
    const fields = selectedFields({ ...q, select: q.select.map((s) => (s.kind === 'field' ? { ...s, path: strip(s.path) } : s)) }, snap.columns);
    this.sources.set(`k_${alias}`, { object: snap.object, fields: fields.ok ? fields.value.fields : [], via });
    const missing = fields.ok ? fields.value.unknown.filter((u) => !u.includes('.')) : [];
    if (missing.length) this.notes.push(`selected field(s) not in the ${snap.object} snapshot: ${missing.join(', ')}`);
    const expose = (path: string[]): void => {
      const rels = path.slice(0, -1);
      for (const t of scope.parents(rels)) this.expose(keys, t, [path[path.length - 1] as string], rels.join('.'));
    };
    for (const item of q.select) {
      // A parent the snapshots cannot reach does not stop the replay of the records themselves: it is a note.
      this.orNote(`${via ? `${via}: ` : ''}${describeItem(item)}`, () => {
        if (item.kind === 'field' && strip(item.path).length > 1) expose(strip(item.path));
        if (item.kind === 'expr') for (const p of pathsIn(item.expr)) if (strip(p).length > 1) expose(strip(p));
        if (item.kind === 'typeof') {
          for (const t of scope.parents(item.path)) {
            const when = item.whens.find((w) => w.object.toLowerCase() === t.snap.object.toLowerCase());
            const list = when ? when.fields : item.otherwise;
            if (list) this.expose(keys, t, list.filter((p) => p.length === 1).map((p) => p[0] as string), item.path.join('.'));
          }
        }
      });
    }
    const order = q.orderBy.flatMap((o) => this.orderKeys(o, scope));
    this.uncertain.push(...compiler.uncertain.filter((u) => !this.uncertain.includes(u)));
    return { scope, where, keys, order };
  }

  /** Runs `step`; a reason it cannot be replayed becomes a note that its records are not listed. */
  private orNote(what: string, step: () => void): void {
    try {
      step();
    } catch (e) {
      if (!(e instanceof CompileFailure)) throw e;
      this.notes.push(`${what} cannot be replayed (${e.message}): the records it exposes are not listed`);
    }
  }

  /** Adds a parent table's id as an output column exposing `names` of its fields. */
  private expose(keys: Level['keys'], t: TableRef, names: string[], via: string): void {
    const key = `k_${t.alias}`;
    const fields = names.map((n) => resolveColumn(n, t.snap.columns)).filter((c): c is string => c !== null);
    const prev = this.sources.get(key);
    if (!prev) {
      keys.push({ key, id: columnSql(t, idColumn(t.snap)) });
      this.sources.set(key, { object: t.snap.object, fields, via });
    } else for (const f of fields) if (!prev.fields.includes(f)) prev.fields.push(f);
  }

  private orderKeys(o: OrderItem, scope: JoinScope): Level['order'] {
    const dir = o.direction;
    const nulls = o.nulls ?? (dir === 'ASC' ? 'FIRST' : 'LAST'); // SOQL default: nulls first ascending, last descending
    if (o.expr?.fn === 'DISTANCE') {
      if (!this.uncertain.includes(DISTANCE_NOTE)) this.uncertain.push(DISTANCE_NOTE);
      return [{ expr: distanceSql(o.expr, scope), dir, nulls }];
    }
    if (o.expr) {
      const inner = o.expr.args[0];
      if (!inner || ['TOLABEL', 'FORMAT', 'CONVERTCURRENCY'].includes(o.expr.fn)) cannot(`ORDER BY ${o.expr.fn}() cannot be replayed`);
      return [{ expr: dateFunctionSql(o.expr.fn, inner, scope.field(o.path), this.dates), dir, nulls }];
    }
    const f = scope.field(o.path);
    return [sql`TRY_CAST(${f.value} AS DOUBLE)`, f.epochMs, sql`lower(${f.value})`].map((expr) => ({ expr, dir, nulls }));
  }

  /** USING SCOPE: Everything filters nothing, Mine keeps the user's records; others cannot be re-run exactly. */
  private scopeFilter(q: SoqlQuery, level: Level): void {
    const scope = q.usingScope?.toLowerCase() ?? 'everything';
    if (scope === 'everything') return;
    const owner = resolveColumn('OwnerId', level.scope.root.snap.columns);
    if (scope === 'mine' && owner && this.env.userId) {
      level.where = sql`(${level.where}) AND ${id15Sql(columnSql(level.scope.root, owner))} = ${this.env.userId.slice(0, 15)}`;
      return;
    }
    this.uncertain.push(`USING SCOPE ${q.usingScope} depends on sharing and teams the evidence does not hold: the replay ignores it`);
  }

  /** The SELECT of one level with `certain`, cut by ORDER BY/LIMIT/OFFSET (per parent when `parent` joins a child to `sel`). */
  private ranked(q: SoqlQuery, level: Level, snap: SnapshotInfo, parent: { on: SqlFragment; key: string; cte: string } | null): SqlFragment {
    const root = level.scope.root;
    const created = resolveColumn('CreatedDate', snap.columns);
    const ms = created ? epochMsSql(root, created, sfTimestampMs) : null;
    const existed = ms ? sql`(${ms} IS NULL OR ${ms} <= CAST(${Math.trunc(this.env.referenceMs)} AS BIGINT))` : sql`TRUE`;
    const cols = joinSql(level.keys.map((k) => sql`${k.id} AS ${raw(k.key)}`), ', ');
    const from = parent
      ? sql`${ident(snap.table)} AS ${raw(root.alias as string)} JOIN ${raw(parent.cte)} AS par ON ${parent.on} ${level.scope.joinClauses()}`
      : sql`${ident(snap.table)} AS ${raw(root.alias as string)} ${level.scope.joinClauses()}`;
    const parentCertain = parent ? sql`par.certain` : sql`TRUE`;
    const base = sql`SELECT ${cols}, ${parentCertain} AS pc${parent ? sql`, par.${raw(parent.key)} AS pk` : sql``}${joinSql(level.order.map((o, i) => sql`, ${o.expr} AS ${raw(`o${i}`)}`), '')} FROM ${from} WHERE (${level.where}) AND ${existed}`;
    if (q.limit === null && q.offset === null) return sql`SELECT *, pc AS certain FROM (${base})`;
    const offset = Math.min(q.offset ?? 0, MAX_COUNT);
    const end = Math.min(offset + Math.min(q.limit ?? MAX_COUNT, MAX_COUNT), MAX_COUNT);
    const partition = parent ? [sql`pk`] : [];
    const orderBy = joinSql(level.order.map((o, i) => sql`${raw(`o${i}`)} ${raw(o.dir)} NULLS ${raw(o.nulls)}`), ', ');
    const over = (withOrder: boolean): SqlFragment => {
      const parts = [...partition, ...(withOrder ? [] : level.order.map((_, i) => sql`${raw(`o${i}`)}`))];
      const by = parts.length ? sql`PARTITION BY ${joinSql(parts, ', ')}` : sql``;
      return withOrder && level.order.length ? sql`(${by} ORDER BY ${orderBy})` : sql`(${by})`;
    };
    const rankedRows = sql`SELECT *, rank() OVER ${over(true)} AS lo_, count(*) OVER ${over(false)} AS n_ FROM (${base})`;
    const lo = sql`CAST(lo_ AS DOUBLE)`;
    const hi = sql`CAST(lo_ + n_ - 1 AS DOUBLE)`;
    return sql`SELECT *, pc AND ${lo} > ${offset} AND ${hi} <= ${end} AS certain FROM (${rankedRows}) WHERE ${hi} > ${offset} AND ${lo} <= ${end}`;
  }

  /** `IN (SELECT field FROM Object WHERE …)`: the set of values (15-character ids when id-keyed) that existed at query time. */
  private semijoin(q: SoqlQuery, idKeyed: boolean): SqlFragment {
    if (q.select.length !== 1 || q.select[0]?.kind !== 'field') cannot('a semi-join subquery must select exactly one field');
    if (q.limit !== null || q.offset !== null || q.orderBy.length) cannot('a semi-join subquery with ORDER BY/LIMIT cannot be replayed exactly');
    const snap = snapshotOf(this.env, q.from) ?? cannot(`semi-join on ${q.from}: no ${q.from} snapshot in the evidence`);
    const alias = `t${this.n++}`;
    const scope = new JoinScope({ alias, snap }, this.env, () => `t${this.n++}`, sfTimestampMs);
    const compiler = new ConditionCompiler(scope, this.dates, (inner, k) => this.semijoin(inner, k));
    const f = scope.field(q.select[0].path);
    const where = q.where ? compiler.condition(q.where) : sql`TRUE`;
    this.uncertain.push(...compiler.uncertain.filter((u) => !this.uncertain.includes(u)));
    const created = resolveColumn('CreatedDate', snap.columns);
    const ms = created ? epochMsSql({ alias, snap }, created, sfTimestampMs) : null;
    const existed = ms ? sql`(${ms} IS NULL OR ${ms} <= CAST(${Math.trunc(this.env.referenceMs)} AS BIGINT))` : sql`TRUE`;
    const key = idKeyed ? id15Sql(f.value) : sql`lower(${f.value})`;
    return sql`SELECT ${key} FROM ${ident(snap.table)} AS ${raw(alias)} ${scope.joinClauses()} WHERE (${where}) AND ${existed} AND ${f.value} IS NOT NULL`;
  }
}

function describeItem(item: SoqlQuery['select'][number]): string {
  if (item.kind === 'field') return item.path.join('.');
  if (item.kind === 'typeof') return `TYPEOF ${item.path.join('.')}`;
  if (item.kind === 'expr') return `${item.expr.fn}(…)`;
  return item.kind;
}
