/**
 * The parsed form of a SOQL query, following the Salesforce SOQL and SOSL Reference.
 * Field paths are arrays of the dotted segments as written (`Account.Name` -> ['Account', 'Name']),
 * with the FROM object's alias or name already stripped (`c.Email` from `FROM Contact c` -> ['Email']).
 * Function names are upper case (`toLabel` -> 'TOLABEL'); every other name keeps its spelling.
 */

/** Where a problem was found in the query text (offset is a 0-based index into the text). */
export interface SoqlError {
  message: string;
  offset: number;
}

export interface SoqlQuery {
  select: SelectItem[];
  /** The object as written in FROM (e.g. `Contact`); in a child subquery, the relationship name (`Contacts`). */
  from: string;
  /** Segments before the object in FROM (`FROM Account.Contacts` in a child subquery -> ['Account']). */
  fromPrefix: string[];
  alias: string | null;
  /** `USING SCOPE <scope>` as written (Everything, Mine, Team, …), or null. */
  usingScope: string | null;
  where: Condition | null;
  /** `WITH DATA CATEGORY …` filters (Knowledge articles, questions); empty when absent. */
  dataCategories: DataCategoryFilter[];
  /** `WITH SECURITY_ENFORCED / USER_MODE / SYSTEM_MODE`: permissions, not which rows match. */
  accessMode: 'SECURITY_ENFORCED' | 'USER_MODE' | 'SYSTEM_MODE' | null;
  groupBy: GroupBy | null;
  having: Condition | null;
  orderBy: OrderItem[];
  /** As written; a LIMIT beyond 2^53 is kept as the nearest double (still "more than any snapshot"). */
  limit: number | null;
  offset: number | null;
  forClause: 'VIEW' | 'REFERENCE' | 'UPDATE' | null;
  updateClause: 'TRACKING' | 'VIEWSTAT' | null;
  allRows: boolean;
  /** True for `SELECT COUNT() FROM …`: the query returned a number, not records. */
  countOnly: boolean;
}

/** A field path, a function over expressions, or a literal argument (GEOLOCATION's numbers, DISTANCE's unit). */
export type Expr =
  | { kind: 'path'; path: string[] }
  | { kind: 'call'; fn: string; args: Expr[] }
  | { kind: 'literal'; value: Literal };

export type SelectItem =
  | { kind: 'field'; path: string[]; alias?: string }
  | { kind: 'count'; alias?: string }
  | { kind: 'fields'; which: 'ALL' | 'STANDARD' | 'CUSTOM' }
  /** An aggregate straight over one field: `MAX(CreatedDate) newest`. */
  | { kind: 'aggregate'; fn: AggregateFunction; path: string[] | null; alias: string | null }
  /** Any other function: toLabel(), FORMAT(), convertCurrency(), date functions, GROUPING(), DISTANCE(). */
  | { kind: 'expr'; expr: Expr & { kind: 'call' }; alias: string | null }
  /** A child relationship subquery: `(SELECT LastName FROM Contacts)`. */
  | { kind: 'subquery'; query: SoqlQuery }
  /** `TYPEOF What WHEN Account THEN Phone WHEN … ELSE Name END`. */
  | { kind: 'typeof'; path: string[]; whens: { object: string; fields: string[][] }[]; otherwise: string[][] | null };

/** Functions that summarise rows: a query selecting one returns aggregate rows, not records. */
export const AGGREGATE_FUNCTIONS = ['COUNT', 'COUNT_DISTINCT', 'MIN', 'MAX', 'SUM', 'AVG'] as const;
export type AggregateFunction = (typeof AGGREGATE_FUNCTIONS)[number];

export interface GroupBy {
  kind: 'plain' | 'rollup' | 'cube';
  items: Expr[];
}

export interface DataCategoryFilter {
  group: string;
  selector: 'AT' | 'ABOVE' | 'BELOW' | 'ABOVE_OR_BELOW';
  categories: string[];
}

export interface OrderItem {
  /** The field ordered by; for a function (`ORDER BY COUNT(Id)`), its innermost field ([] for none). */
  path: string[];
  /** Present only when the item is a function call. */
  expr?: Expr & { kind: 'call' };
  direction: 'ASC' | 'DESC';
  nulls: 'FIRST' | 'LAST' | null;
}

export type CompareOp = '=' | '!=' | '<>' | '<' | '<=' | '>' | '>=';

/**
 * A WHERE or HAVING condition. `field` is the field compared; when the left side is a function
 * (`CALENDAR_YEAR(CreatedDate) = 2025`, `COUNT(Id) > 1`, `DISTANCE(…) < 20`), `expr` holds the
 * call and `field` its innermost field ([] for COUNT()).
 */
export type Condition =
  | { kind: 'and' | 'or'; items: Condition[] }
  | { kind: 'not'; item: Condition }
  | { kind: 'compare'; field: string[]; op: CompareOp; value: Literal; expr?: Expr & { kind: 'call' } }
  /**
   * `pattern` is a LIKE pattern in canonical form: `%` and `_` are wildcards, and a literal
   * `%`, `_` or `\` is written `\%`, `\_`, `\\` (i.e. backslash is the escape character).
   */
  | { kind: 'like'; field: string[]; pattern: string; expr?: Expr & { kind: 'call' } }
  | { kind: 'in'; field: string[]; negated: boolean; values: Literal[]; expr?: Expr & { kind: 'call' } }
  /** `Id IN (SELECT AccountId FROM Contact …)` (semi-join) or `NOT IN` (anti-join). */
  | { kind: 'semijoin'; field: string[]; negated: boolean; query: SoqlQuery }
  /** Multi-select picklist tests; each value may itself hold `;`-separated items (all required). */
  | { kind: 'includes' | 'excludes'; field: string[]; values: string[] };

export type Literal =
  | { kind: 'string'; value: string }
  | { kind: 'number'; value: number }
  | { kind: 'boolean'; value: boolean }
  | { kind: 'null' }
  | { kind: 'date'; value: string /* YYYY-MM-DD */ }
  | { kind: 'datetime'; value: string /* ISO 8601 as written */ }
  | { kind: 'time'; value: string /* HH:MM:SS[.sss]Z, for Time fields */ }
  | { kind: 'dateLiteral'; name: string /* e.g. LAST_N_DAYS */; n: number | null }
  /** `USD5000`, `EUR12.50`: an amount in the named ISO currency. */
  | { kind: 'currency'; code: string; value: number }
  /** `:name` — an Apex bind variable (SOQL inside Apex); its value is not in the query text. */
  | { kind: 'bind'; name: string };

/** Every function call inside an expression tree, outermost first, so callers can test for aggregates. */
export function callsIn(expr: Expr): (Expr & { kind: 'call' })[] {
  if (expr.kind !== 'call') return [];
  return [expr, ...expr.args.flatMap(callsIn)];
}

/** The field paths an expression reads (toLabel(Status) reads Status), so exposure lists the field. */
export function pathsIn(expr: Expr): string[][] {
  if (expr.kind === 'path') return [expr.path];
  if (expr.kind === 'call') return expr.args.flatMap(pathsIn);
  return [];
}

/** True when the expression contains an aggregate function (its value summarises rows). */
export function isAggregateExpr(expr: Expr): boolean {
  return callsIn(expr).some((c) => (AGGREGATE_FUNCTIONS as readonly string[]).includes(c.fn) || c.fn === 'GROUPING');
}

/** True when the query hands back records (not a count or aggregate rows), so records left the org. */
export function returnsRecords(query: SoqlQuery): boolean {
  if (query.countOnly || query.groupBy !== null) return false;
  return query.select.every((item) =>
    item.kind === 'field' || item.kind === 'fields' || item.kind === 'subquery' || item.kind === 'typeof' ||
    (item.kind === 'expr' && !isAggregateExpr(item.expr)),
  );
}
