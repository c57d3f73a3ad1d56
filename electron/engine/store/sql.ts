/**
 * SQL written through a tagged template: interpolated values always become parameters, and
 * identifiers enter only through `ident` (quoted) or `raw` (text from closed lists in code).
 */

export type SqlValue = string | number | boolean | null | bigint;

export interface SqlFragment {
  readonly text: string;
  readonly values: readonly SqlValue[];
}

class Raw {
  constructor(readonly text: string) {}
}

/** Marks code-built SQL text (never user data) for splicing into a `sql` template. */
export function raw(text: string): Raw {
  return new Raw(text);
}

/** Quotes an identifier (table or column name) for DuckDB. */
export function ident(name: string): Raw {
  return new Raw(`"${name.replaceAll('"', '""')}"`);
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
  return { text, values };
}

function isFragment(part: unknown): part is SqlFragment {
  return typeof part === 'object' && part !== null && 'text' in part && 'values' in part;
}

/** Quotes a string as a SQL literal; only for DDL-like statements DuckDB cannot parameterise (file paths in read_csv/COPY). */
export function literal(text: string): Raw {
  return new Raw(`'${text.replaceAll("'", "''")}'`);
}
