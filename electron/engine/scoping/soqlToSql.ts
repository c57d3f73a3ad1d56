/**
 * Compiles a parsed SOQL WHERE clause to DuckDB SQL over a snapshot table whose columns are all
 * VARCHAR (named as in the CSV header), so the logged query can be re-run to find which records left.
 *
 * SOQL semantics implemented (and why each translation looks the way it does):
 * - Field names are case-insensitive; they resolve to the snapshot's real column name.
 * - Salesforce stores no empty strings, so an empty CSV cell is null, and `= ''` means `= null`.
 * - SOQL logic is two-valued: a comparison against a null field is simply false. Every leaf is
 *   wrapped in `coalesce(…, false)`, so `!=`, `NOT IN`, `EXCLUDES` and `NOT (…)` select null rows.
 * - String comparison (=, !=, <, >, IN, LIKE, INCLUDES) is case-insensitive: both sides go through lower().
 * - The type of a comparison is the type of the literal, since the snapshot column has none.
 * - Date/datetime values and date literals are intervals [start, end) in epoch ms:
 *   `= X` in X, `!= X` outside X, `< X` before start, `<= X` before end, `> X` at/after end,
 *   `>= X` at/after start. A date literal (2025-07-01) is its whole UTC day; a datetime is one instant.
 * - Values are always `?` parameters, in order; only column names (quoted) and fixed SQL are spliced.
 */
import type { CompareOp, Condition, Literal, SoqlError, SoqlQuery } from '../../../shared/soql/ast.js';
import { dateLiteralRange, type DateRange, type WeekStart } from '../../../shared/soql/dateLiterals.js';
import { assertNever, err, ok, type Result } from '../../../shared/result.js';
import { parseIsoTimestamp } from '../../../shared/time.js';

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
}

export interface CompiledWhere {
  sql: string;
  params: SqlParam[];
}

const DAY_MS = 86_400_000;

/** Raised inside this module only; compileWhere turns it into a Result. Compile errors carry offset 0. */
class CompileFailure extends Error {}

/** Turns a SOQL WHERE into a parameterised DuckDB predicate, or says why the replay is not possible. */
export function compileWhere(cond: Condition | null, ctx: ReplayContext): Result<CompiledWhere, SoqlError> {
  if (cond === null) return ok({ sql: 'TRUE', params: [] });
  const params: SqlParam[] = [];
  try {
    return ok({ sql: new Compiler(ctx, params).condition(cond), params });
  } catch (e) {
    const message = e instanceof CompileFailure ? e.message : `internal: ${String(e)}`;
    return err({ message, offset: 0 });
  }
}

import { sfTimestampSql } from '../../../shared/sfTimestamp.js';
export { sfTimestampSql };

/** Quotes a column name as a DuckDB identifier. */
export function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/**
 * The snapshot columns a query hands back, so the report can list "fields exposed". FIELDS(ALL) is
 * every column; FIELDS(CUSTOM) the `__c` columns; FIELDS(STANDARD) the others. COUNT() and aggregates
 * return no record fields. Selected fields absent from the snapshot (or relationship paths) are listed
 * in `unknown`, not treated as an error.
 */
export function selectedFields(
  query: SoqlQuery,
  columns: readonly string[],
): Result<{ fields: string[]; unknown: string[] }, SoqlError> {
  const fields: string[] = [];
  const unknown: string[] = [];
  const add = (name: string): void => {
    if (!fields.includes(name)) fields.push(name);
  };
  for (const item of query.select) {
    switch (item.kind) {
      case 'field': {
        const found = item.path.length === 1 ? resolveColumn(item.path[0] as string, columns) : null;
        if (found) add(found);
        else if (!unknown.includes(item.path.join('.'))) unknown.push(item.path.join('.'));
        break;
      }
      case 'fields':
        for (const c of columns) {
          const custom = /__c$/i.test(c);
          if (item.which === 'ALL' || (item.which === 'CUSTOM') === custom) add(c);
        }
        break;
      case 'count':
      case 'aggregate':
        break;
      default:
        return assertNever(item, 'select item');
    }
  }
  return ok({ fields, unknown });
}

function resolveColumn(name: string, columns: readonly string[]): string | null {
  const lower = name.toLowerCase();
  return columns.find((c) => c.toLowerCase() === lower) ?? null;
}

class Compiler {
  constructor(
    private readonly ctx: ReplayContext,
    private readonly params: SqlParam[],
  ) {}

  condition(c: Condition): string {
    switch (c.kind) {
      case 'and':
      case 'or':
        return `(${c.items.map((i) => this.condition(i)).join(c.kind === 'and' ? ' AND ' : ' OR ')})`;
      case 'not':
        return `(NOT ${this.condition(c.item)})`;
      case 'compare':
        return this.compare(this.column(c.field), c.op, c.value);
      case 'like':
        return `coalesce(lower(${this.column(c.field)}) LIKE lower(${this.param(c.pattern)}) ESCAPE '\\', false)`;
      case 'in': {
        const col = this.column(c.field);
        const any = c.values.map((v) => this.equals(col, v)).join(' OR ');
        return `(${c.negated ? 'NOT ' : ''}coalesce(${any}, false))`;
      }
      case 'includes':
      case 'excludes':
        return this.includes(this.column(c.field), c.values, c.kind === 'excludes');
      default:
        return assertNever(c, 'condition');
    }
  }

  private compare(col: string, op: CompareOp, value: Literal): string {
    switch (op) {
      case '=':
        return `coalesce(${this.equals(col, value)}, false)`;
      case '!=':
      case '<>':
        return `(NOT coalesce(${this.equals(col, value)}, false))`;
      case '<':
      case '<=':
      case '>':
      case '>=':
        return `coalesce(${this.ordered(col, op, value)}, false)`;
      default:
        return assertNever(op, 'operator');
    }
  }

  /** `col = value` by the literal's type; may evaluate to NULL (callers coalesce). */
  private equals(col: string, value: Literal): string {
    switch (value.kind) {
      case 'string':
        if (value.value === '') return this.isBlank(col);
        return `lower(${col}) = lower(${this.param(value.value)})`;
      case 'number':
        return `TRY_CAST(${col} AS DOUBLE) = CAST(${this.param(value.value)} AS DOUBLE)`;
      case 'boolean':
        // Checkbox exports say true/false (any case) or 1/0. A checkbox is never null in Salesforce,
        // so a blank cell is unknown: it matches neither `= true` nor `= false`, only `!=`.
        return `lower(trim(${col})) IN (${this.param(value.value ? 'true' : 'false')}, ${this.param(value.value ? '1' : '0')})`;
      case 'null':
        return this.isBlank(col);
      case 'date':
      case 'datetime':
      case 'dateLiteral': {
        const r = this.range(value);
        const ts = this.epochMs(col);
        return `(${ts} >= ${this.epoch(r.startMs)} AND ${ts} < ${this.epoch(r.endMs)})`;
      }
      default:
        return assertNever(value, 'literal');
    }
  }

  /** `col < value` etc.; strings compare case-insensitively, dates by the range rule above. */
  private ordered(col: string, op: '<' | '<=' | '>' | '>=', value: Literal): string {
    switch (value.kind) {
      case 'string':
        return `lower(${col}) ${op} lower(${this.param(value.value)})`;
      case 'number':
        return `TRY_CAST(${col} AS DOUBLE) ${op} CAST(${this.param(value.value)} AS DOUBLE)`;
      case 'date':
      case 'datetime':
      case 'dateLiteral': {
        const r = this.range(value);
        const ts = this.epochMs(col);
        if (op === '<') return `${ts} < ${this.epoch(r.startMs)}`;
        if (op === '<=') return `${ts} < ${this.epoch(r.endMs)}`;
        if (op === '>') return `${ts} >= ${this.epoch(r.endMs)}`;
        return `${ts} >= ${this.epoch(r.startMs)}`;
      }
      case 'boolean':
      case 'null':
        throw new CompileFailure(`unsupported: ${op} with ${value.kind === 'null' ? 'null' : 'a boolean'}`);
      default:
        return assertNever(value, 'literal');
    }
  }

  /** Multi-select picklist: INCLUDES('a;b', 'c') = has both a and b, or has c. Case-insensitive. */
  private includes(col: string, values: string[], negated: boolean): string {
    const items = `string_split(regexp_replace(lower(trim(${col})), '\\s*;\\s*', ';', 'g'), ';')`;
    const alternatives = values.map((value) => {
      const required = value.split(';').map((s) => s.trim()).filter((s) => s !== '');
      if (required.length === 0) return 'FALSE';
      return `(${required.map((r) => `list_has(${items}, lower(${this.param(r)}))`).join(' AND ')})`;
    });
    return `(${negated ? 'NOT ' : ''}coalesce(${alternatives.join(' OR ')}, false))`;
  }

  private isBlank(col: string): string {
    return `(${col} IS NULL OR trim(${col}) = '')`;
  }

  private range(value: Literal & { kind: 'date' | 'datetime' | 'dateLiteral' }): DateRange {
    switch (value.kind) {
      case 'date': {
        const start = parseIsoTimestamp(value.value);
        if (start === null) throw new CompileFailure(`invalid date ${value.value}`);
        return { startMs: start, endMs: start + DAY_MS };
      }
      case 'datetime': {
        const at = parseIsoTimestamp(value.value);
        if (at === null) throw new CompileFailure(`invalid datetime ${value.value}`);
        return { startMs: at, endMs: at + 1 };
      }
      case 'dateLiteral': {
        const r = dateLiteralRange(value.name, value.n, this.ctx.referenceMs, this.ctx.weekStart ?? 0);
        if (!r) throw new CompileFailure(`unsupported: date literal ${value.name}${value.n === null ? '' : `:${value.n}`}`);
        return r;
      }
      default:
        return assertNever(value, 'date value');
    }
  }

  private column(path: string[]): string {
    if (path.length !== 1) throw new CompileFailure(`unsupported: relationship field ${path.join('.')}`);
    const found = resolveColumn(path[0] as string, this.ctx.columns);
    if (!found) throw new CompileFailure(`unknown field ${path[0]}`);
    return quoteIdent(found);
  }

  /** The column's value as epoch milliseconds: a precomputed column if the snapshot has one. */
  private epochMs(col: string): string {
    const pre = this.ctx.epochMsColumns?.get(col.slice(1, -1).replaceAll('""', '"'));
    return pre !== undefined ? quoteIdent(pre) : `epoch_ms(${sfTimestampSql(col)})`;
  }

  private epoch(ms: number): string {
    return `CAST(${this.param(ms)} AS BIGINT)`;
  }

  private param(value: SqlParam): string {
    this.params.push(value);
    return '?';
  }
}
