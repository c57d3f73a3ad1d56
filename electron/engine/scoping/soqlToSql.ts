/**
 * Compiles a parsed SOQL condition to a DuckDB predicate over snapshot tables whose columns are all
 * VARCHAR (named as in the CSV header), so the logged query can be re-run to find which records left.
 *
 * SOQL semantics implemented (and why each translation looks the way it does):
 * - Field names are case-insensitive; they resolve to the snapshot's real column name; relationship
 *   paths resolve through the parent snapshots (relationships.ts).
 * - Salesforce stores no empty strings, so an empty CSV cell is null, and `= ''` means `= null`.
 * - SOQL logic is two-valued: a comparison against a null field is simply false. Every leaf is
 *   wrapped in `coalesce(…, false)`, so `!=`, `NOT IN`, `EXCLUDES` and `NOT (…)` select null rows.
 * - Text comparison (=, !=, <, >, IN, LIKE, INCLUDES) is case-insensitive: both sides go through lower().
 * - Id fields (Id, AccountId, …) compared with an id literal use the 15-character case-sensitive id,
 *   so a 15-character literal matches an 18-character snapshot id and vice versa.
 * - The type of a comparison is the type of the literal, since the snapshot column has none.
 * - Date/datetime values and date literals are intervals [start, end) in epoch ms (dateSql.ts):
 *   `= X` in X, `!= X` outside X, `< X` before start, `<= X` before end, `> X` at/after end, `>= X` at/after start.
 * - A long IN list is one JSON parameter joined as a set, so its cost grows linearly with its length.
 * - Values are always parameters (the `sql` tag); identifiers go through `ident`.
 */
import type { CompareOp, Condition, Literal, SoqlError, SoqlQuery } from '../../../shared/soql/ast.js';
import type { WeekStart } from '../../../shared/soql/dateLiterals.js';
import { isSalesforceId } from '../../../shared/ids.js';
import { assertNever, err, ok, type Result } from '../../../shared/result.js';
import { raw, sql, type SqlFragment } from '../store/sql.js';
import { dateCompareSql, dateFunctionSql, type DateSettings } from './dateSql.js';
import { DISTANCE_NOTE, distanceSql } from './distanceSql.js';
import { id15Sql, JoinScope, type FieldRef } from './relationships.js';
import { cannot, CompileFailure, joinSql, resolveColumn } from './replayTypes.js';

export { selectedFields } from './exposedFields.js';

export type SqlParam = string | number | boolean;

export interface ReplayContext {
  /** The snapshot table's column names, exactly as in the CSV header. */
  columns: readonly string[];
  /** When the logged query ran (epoch ms, UTC): date literals are evaluated relative to it. */
  referenceMs: number;
  /** First day of the week for THIS_WEEK etc.: 0 = Sunday (en_US, default), 1 = Monday. */
  weekStart?: WeekStart;
  /** Precomputed epoch-millisecond columns, by snapshot column name, used instead of parsing text per query. */
  epochMsColumns?: ReadonlyMap<string, string>;
  /** The querying user's IANA time zone (default UTC). */
  timeZone?: string;
  /** Organization.FiscalYearStartMonth, 1–12 (default 1). */
  fiscalStartMonth?: number;
}

export interface CompiledWhere {
  sql: string;
  params: SqlParam[];
}

/** IN lists longer than this are passed as one JSON list parameter and joined as a set. */
const LIST_AS_SET = 20;

/** Turns a SOQL WHERE over one table into a parameterised DuckDB predicate, or says why the replay is not possible. */
export function compileWhere(cond: Condition | null, ctx: ReplayContext): Result<CompiledWhere, SoqlError> {
  if (cond === null) return ok({ sql: 'TRUE', params: [] });
  try {
    const snap = { object: 'the queried object', table: '', columns: ctx.columns, epochMsColumns: ctx.epochMsColumns ?? new Map<string, string>() };
    const scope = new JoinScope({ alias: null, snap }, null, () => cannot('relationship fields need the other snapshots'), sfTimestampMs);
    const settings: DateSettings = {
      referenceMs: ctx.referenceMs, timeZone: ctx.timeZone ?? 'UTC', fiscalStartMonth: ctx.fiscalStartMonth ?? 1,
      fiscalYearNamedByStart: false, weekStart: ctx.weekStart ?? 0,
    };
    const f = new ConditionCompiler(scope, settings, () => cannot('a semi-join needs the other snapshots')).condition(cond);
    return ok({ sql: f.text, params: f.values as SqlParam[] });
  } catch (e) {
    return err({ message: e instanceof CompileFailure ? e.message : `internal: ${String(e)}`, offset: 0 });
  }
}

import { sfTimestampSql } from '../../../shared/sfTimestamp.js';
export { sfTimestampSql };

/** The epoch-ms value of a column's timestamp text (used when no precomputed `__ms_` column exists). */
export function sfTimestampMs(col: SqlFragment): SqlFragment {
  if (col.values.length) cannot('internal: a timestamp column expression with parameters');
  return sql`epoch_ms(${raw(sfTimestampSql(col.text))})`;
}

/** A Time field value (`01:00:00.000Z`, always UTC) as a DuckDB TIME. */
function timeOf(text: SqlFragment): SqlFragment {
  return sql`TRY_CAST(replace(trim(${text}), 'Z', '') AS TIME)`;
}

/** Compiles conditions of one query level; `semijoin` compiles `IN (SELECT …)` to a set of 15-character ids or values. */
export class ConditionCompiler {
  /** Reasons the replayed set may differ from what the org selected (the records become `possible`). */
  readonly uncertain: string[] = [];

  constructor(
    private readonly scope: JoinScope,
    private readonly dates: DateSettings,
    private readonly semijoin: (query: SoqlQuery, idKeyed: boolean) => SqlFragment,
  ) {}

  condition(c: Condition): SqlFragment {
    switch (c.kind) {
      case 'and':
      case 'or':
        return sql`(${joinSql(c.items.map((i) => this.condition(i)), c.kind === 'and' ? ' AND ' : ' OR ')})`;
      case 'not':
        return sql`(NOT ${this.condition(c.item)})`;
      case 'compare':
        if (c.expr) return this.functionCompare(c);
        return this.compare(this.scope.field(c.field), c.op, c.value);
      case 'like': {
        if (c.expr) cannot(`LIKE on ${c.expr.fn}() cannot be replayed`);
        const f = this.scope.field(c.field);
        return sql`coalesce(lower(${f.value}) LIKE lower(${c.pattern}) ESCAPE '\\', false)`;
      }
      case 'in': {
        if (c.expr) {
          const any = joinSql(c.values.map((v) => this.functionCompare({ kind: 'compare', field: c.field, op: '=', value: v, expr: c.expr! })), ' OR ');
          return c.negated ? sql`(NOT (${any}))` : sql`(${any})`;
        }
        const f = this.scope.field(c.field);
        return sql`(${raw(c.negated ? 'NOT ' : '')}coalesce(${this.inList(f, c.values)}, false))`;
      }
      case 'semijoin': {
        const f = this.scope.field(c.field);
        const set = this.semijoin(c.query, f.isId);
        const key = f.isId ? id15Sql(f.value) : sql`lower(${f.value})`;
        return sql`(${raw(c.negated ? 'NOT ' : '')}coalesce(${key} IN (${set}), false))`;
      }
      case 'includes':
      case 'excludes':
        return this.includes(this.scope.field(c.field), c.values, c.kind === 'excludes');
      default:
        return assertNever(c, 'condition');
    }
  }

  private compare(f: FieldRef, op: CompareOp, value: Literal): SqlFragment {
    switch (op) {
      case '=': return sql`coalesce(${this.equals(f, value)}, false)`;
      case '!=': case '<>': return sql`(NOT coalesce(${this.equals(f, value)}, false))`;
      case '<': case '<=': case '>': case '>=': return sql`coalesce(${this.ordered(f, op, value)}, false)`;
      default: return assertNever(op, 'operator');
    }
  }

  /** `field = value` by the literal's type; may evaluate to NULL (callers coalesce). */
  private equals(f: FieldRef, value: Literal): SqlFragment {
    switch (value.kind) {
      case 'string':
        if (value.value === '') return this.isBlank(f);
        if (f.isId && isSalesforceId(value.value)) return sql`${id15Sql(f.value)} = ${value.value.slice(0, 15)}`;
        return sql`lower(${f.value}) = lower(${value.value})`;
      case 'number':
        return sql`TRY_CAST(${f.value} AS DOUBLE) = CAST(${value.value} AS DOUBLE)`;
      case 'currency':
        this.noteCurrency(value.code);
        return sql`TRY_CAST(${f.value} AS DOUBLE) = CAST(${value.value} AS DOUBLE)`;
      case 'boolean':
        // Checkbox exports say true/false (any case) or 1/0. A blank cell matches neither `= true` nor `= false`.
        return sql`lower(trim(${f.value})) IN (${value.value ? 'true' : 'false'}, ${value.value ? '1' : '0'})`;
      case 'null':
        return this.isBlank(f);
      case 'date': case 'datetime': case 'dateLiteral':
        return dateCompareSql(f, '=', value, this.dates);
      case 'time':
        return sql`${timeOf(f.value)} = ${timeOf(sql`${value.value}`)}`;
      case 'bind':
        return cannot(`bind variable :${value.name} has no value in the log`);
      default:
        return assertNever(value, 'literal');
    }
  }

  /** `field < value` etc.; text compares case-insensitively, dates by the range rule above. */
  private ordered(f: FieldRef, op: '<' | '<=' | '>' | '>=', value: Literal): SqlFragment {
    switch (value.kind) {
      case 'string': return sql`lower(${f.value}) ${raw(op)} lower(${value.value})`;
      case 'number': return sql`TRY_CAST(${f.value} AS DOUBLE) ${raw(op)} CAST(${value.value} AS DOUBLE)`;
      case 'currency':
        this.noteCurrency(value.code);
        return sql`TRY_CAST(${f.value} AS DOUBLE) ${raw(op)} CAST(${value.value} AS DOUBLE)`;
      case 'date': case 'datetime': case 'dateLiteral': return dateCompareSql(f, op, value, this.dates);
      case 'time': return sql`${timeOf(f.value)} ${raw(op)} ${timeOf(sql`${value.value}`)}`;
      case 'boolean': case 'null': return cannot(`${op} with ${value.kind === 'null' ? 'null' : 'a boolean'} is not valid SOQL`);
      case 'bind': return cannot(`bind variable :${value.name} has no value in the log`);
      default: return assertNever(value, 'literal');
    }
  }

  /** `CALENDAR_YEAR(CreatedDate) = 2025`, `DAY_ONLY(CreatedDate) = 2025-01-15`. */
  private functionCompare(c: Extract<Condition, { kind: 'compare' }>): SqlFragment {
    const call = c.expr!;
    if (call.fn === 'TOLABEL') cannot('toLabel() compares translated picklist labels, which the snapshot does not hold');
    if (call.fn === 'DISTANCE') {
      if (c.value.kind !== 'number') cannot('DISTANCE() is compared with a number');
      if (!this.uncertain.includes(DISTANCE_NOTE)) this.uncertain.push(DISTANCE_NOTE);
      const op = c.op === '<>' ? '!=' : c.op;
      return sql`coalesce(${distanceSql(call, this.scope)} ${raw(op)} CAST(${c.value.value} AS DOUBLE), false)`;
    }
    const inner = call.args[0];
    if (!inner) cannot(`${call.fn}() without a field`);
    const f = this.scope.field(c.field);
    const value = dateFunctionSql(call.fn, inner, f, this.dates);
    if (call.fn === 'DAY_ONLY') {
      if (c.value.kind !== 'date' && c.value.kind !== 'dateLiteral') cannot('DAY_ONLY() is compared with a date');
      const asDate: FieldRef = { ...f, value: sql`'YYYY-MM-DD'`, epochMs: value };
      const cmp = c.op === '!=' || c.op === '<>' ? sql`(NOT coalesce(${dateCompareSql(asDate, '=', c.value, this.dates)}, false))` : sql`coalesce(${dateCompareSql(asDate, c.op, c.value, this.dates)}, false)`;
      return cmp;
    }
    if (c.value.kind !== 'number') cannot(`${call.fn}() is compared with a number`);
    const op = c.op === '<>' ? '!=' : c.op;
    const test = sql`${value} ${raw(op)} CAST(${c.value.value} AS DOUBLE)`;
    return op === '!=' ? sql`coalesce(${test}, true)` : sql`coalesce(${test}, false)`;
  }

  private inList(f: FieldRef, values: Literal[]): SqlFragment {
    if (values.length <= LIST_AS_SET) return joinSql(values.map((v) => this.equals(f, v)), ' OR ');
    // A long list: strings and numbers each become one JSON parameter joined as a set; anything else is OR-ed.
    const strings = values.filter((v): v is Literal & { kind: 'string' } => v.kind === 'string' && v.value !== '').map((v) => v.value);
    const numbers = values.filter((v): v is Literal & { kind: 'number' } => v.kind === 'number').map((v) => v.value);
    const rest = values.filter((v) => !(v.kind === 'string' && v.value !== '') && v.kind !== 'number');
    const parts: SqlFragment[] = [];
    if (strings.length) {
      const list = sql`unnest(from_json(${JSON.stringify(strings)}, '["VARCHAR"]'))`;
      const ids = f.isId ? strings.filter((v) => isSalesforceId(v)) : [];
      if (ids.length === strings.length) parts.push(sql`${id15Sql(f.value)} IN (SELECT substr(${list}, 1, 15))`);
      else parts.push(sql`lower(${f.value}) IN (SELECT lower(${list}))`);
    }
    if (numbers.length) parts.push(sql`TRY_CAST(${f.value} AS DOUBLE) IN (SELECT unnest(from_json(${JSON.stringify(numbers)}, '["DOUBLE"]')))`);
    parts.push(...rest.map((v) => this.equals(f, v)));
    return sql`(${joinSql(parts, ' OR ')})`;
  }

  /** Multi-select picklist: INCLUDES('a;b', 'c') = has both a and b, or has c. Case-insensitive. */
  private includes(f: FieldRef, values: string[], negated: boolean): SqlFragment {
    const items = sql`string_split(regexp_replace(lower(trim(${f.value})), '\\s*;\\s*', ';', 'g'), ';')`;
    const alternatives = values.map((value) => {
      const required = value.split(';').map((s) => s.trim()).filter((s) => s !== '');
      if (required.length === 0) return sql`FALSE`;
      return sql`(${joinSql(required.map((r) => sql`list_has(${items}, lower(${r}))`), ' AND ')})`;
    });
    return sql`(${raw(negated ? 'NOT ' : '')}coalesce(${joinSql(alternatives, ' OR ')}, false))`;
  }

  private isBlank(f: FieldRef): SqlFragment {
    return sql`(${f.value} IS NULL OR trim(${f.value}) = '')`;
  }

  private noteCurrency(code: string): void {
    if (resolveColumn('CurrencyIsoCode', this.scope.root.snap.columns)) {
      const note = `the ${code} amount is compared without currency conversion in a multi-currency org`;
      if (!this.uncertain.includes(note)) this.uncertain.push(note);
    }
  }
}
