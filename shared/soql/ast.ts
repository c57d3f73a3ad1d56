/**
 * The parsed form of a SOQL query, as far as Leakscope needs it to replay the query on a snapshot.
 * Field paths are arrays of the dotted segments as written (`Account.Name` -> ['Account', 'Name']),
 * with the FROM object's alias or name already stripped (`c.Email` from `FROM Contact c` -> ['Email']).
 */

/** Where a problem was found in the query text (offset is a 0-based index into the text). */
export interface SoqlError {
  message: string;
  offset: number;
}

export interface SoqlQuery {
  select: SelectItem[];
  /** The object as written in FROM (e.g. `Contact`). */
  from: string;
  where: Condition | null;
  orderBy: OrderItem[];
  limit: number | null;
  offset: number | null;
  /** True for `SELECT COUNT() FROM …`: the query returned a number, not records. */
  countOnly: boolean;
}

export type SelectItem =
  | { kind: 'field'; path: string[] }
  | { kind: 'count' }
  | { kind: 'fields'; which: 'ALL' | 'STANDARD' | 'CUSTOM' }
  | { kind: 'aggregate'; fn: AggregateFunction; path: string[] | null; alias: string | null };

export const AGGREGATE_FUNCTIONS = ['COUNT', 'COUNT_DISTINCT', 'MIN', 'MAX', 'SUM', 'AVG'] as const;
export type AggregateFunction = (typeof AGGREGATE_FUNCTIONS)[number];

export interface OrderItem {
  path: string[];
  direction: 'ASC' | 'DESC';
  nulls: 'FIRST' | 'LAST' | null;
}

export type CompareOp = '=' | '!=' | '<>' | '<' | '<=' | '>' | '>=';

export type Condition =
  | { kind: 'and' | 'or'; items: Condition[] }
  | { kind: 'not'; item: Condition }
  | { kind: 'compare'; field: string[]; op: CompareOp; value: Literal }
  /**
   * `pattern` is a LIKE pattern in canonical form: `%` and `_` are wildcards, and a literal
   * `%`, `_` or `\` is written `\%`, `\_`, `\\` (i.e. backslash is the escape character).
   */
  | { kind: 'like'; field: string[]; pattern: string }
  | { kind: 'in'; field: string[]; negated: boolean; values: Literal[] }
  /** Multi-select picklist tests; each value may itself hold `;`-separated items (all required). */
  | { kind: 'includes' | 'excludes'; field: string[]; values: string[] };

export type Literal =
  | { kind: 'string'; value: string }
  | { kind: 'number'; value: number }
  | { kind: 'boolean'; value: boolean }
  | { kind: 'null' }
  | { kind: 'date'; value: string /* YYYY-MM-DD */ }
  | { kind: 'datetime'; value: string /* ISO 8601 as written */ }
  | { kind: 'dateLiteral'; name: string /* e.g. LAST_N_DAYS */; n: number | null };

/** True when the query hands back records (not a count or an aggregate row), so records left the org. */
export function returnsRecords(query: SoqlQuery): boolean {
  return !query.countOnly && query.select.every((item) => item.kind === 'field' || item.kind === 'fields');
}
