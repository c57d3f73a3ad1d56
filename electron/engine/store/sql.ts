/**
 * SQL written through a tagged template: interpolated values always become parameters, and
 * identifiers enter only through `ident` (quoted) or `raw` (text from closed lists in code).
 */

export type SqlValue = string | number | boolean | null | bigint;

/** Type-only mark: a fragment can come only from `sql` (an object literal `{ text, values }` does not type-check). */
declare const madeBySqlTag: unique symbol;

export interface SqlFragment {
  readonly text: string;
  readonly values: readonly SqlValue[];
  readonly [madeBySqlTag]: true;
}

class Raw {
  constructor(readonly text: string) {}
}

/** Marks code-built SQL text (never user data) for splicing into a `sql` template. */
export function raw(text: string): Raw {
  return new Raw(text);
}

/**
 * The one identifier quoter: a table or column name as DuckDB text, for SQL text that code builds
 * from closed lists before it is spliced with `raw` (every other caller uses `ident`).
 */
export function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** Quotes an identifier (table or column name) for splicing into a `sql` template. */
export function ident(name: string): Raw {
  return new Raw(quoteIdentifier(name));
}

/** Builds a parameterised statement: `sql\`SELECT * FROM t WHERE id = ${id}\``. */
export function sql(strings: TemplateStringsArray, ...parts: (SqlValue | Raw | SqlFragment)[]): SqlFragment {
  let text = strings[0] ?? '';
  const values: SqlValue[] = [];
  parts.forEach((part, i) => {
    if (part instanceof Raw) text += part.text;
    else if (isFragment(part)) {
      text += part.text;
      values.push(...part.values);
    } else {
      text += '?';
      values.push(part);
    }
    text += strings[i + 1] ?? '';
  });
  return { text, values } as unknown as SqlFragment;
}

function isFragment(part: unknown): part is SqlFragment {
  return typeof part === 'object' && part !== null && 'text' in part && 'values' in part;
}

/** Quotes a string as a SQL literal; only for DDL-like statements DuckDB cannot parameterise (file paths in read_csv/COPY). */
export function literal(text: string): Raw {
  return new Raw(`'${text.replaceAll("'", "''")}'`);
}

/**
 * The most frequent value of `expr` in a group, a tie going to the value that sorts first (NULLs not counted). DuckDB's
 * `mode()` breaks a tie by the order rows reach it, which changes from run to run with its threads: the same evidence
 * could name another username or app on a second run. Here the group's counts (`histogram`, one entry per distinct value)
 * are sorted by (count descending, value). An ordered `mode(x ORDER BY x)` gives the same but buffers every row of a group
 * and ran out of memory over the 4.6 million exports of the 10 M bench case.
 */
export function modeOf(expr: SqlFragment): SqlFragment {
  return sql`list_sort(list_transform(map_entries(histogram(${expr})), lambda e: {'n': -e.value, 'v': e.key}))[1].v`;
}

/** Joins fragments with a code-chosen separator (`, `, ` AND `…), keeping their parameters in order. */
export function joinSql(parts: readonly SqlFragment[], separator = ', '): SqlFragment {
  return { text: parts.map((p) => p.text).join(separator), values: parts.flatMap((p) => p.values) } as unknown as SqlFragment;
}
