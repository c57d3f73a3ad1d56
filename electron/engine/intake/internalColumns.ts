/**
 * The engine's own column names, kept apart from evidence columns. Every name the engine adds to a
 * source's rows starts with `__ls_`; an evidence column whose name starts with `__ls_` (or is
 * `rowid`, which DuckDB reserves for a table's row number) is renamed as it is read, so any header
 * a file carries (`_rec`, `__source_id`, `__file`, `rowid`, blank, repeated, long, quoted, unicode)
 * loads with all its columns.
 */

/** Prefix of every engine-owned column. */
export const INTERNAL_PREFIX = '__ls_';
/** The 1-based data-record number of a row in its file (the header not counted). */
export const REC = '__ls_rec';
/** The source a row came from (in group views, events inputs and snapshots). */
export const SOURCE_ID = '__ls_source_id';
/** The file a raw row was read from (read_csv's `filename` column). */
export const FILE = '__ls_file';
/** A raw table's row id, carried through views. */
export const ROW = '__ls_row';
/** How a raw table stores an evidence column named `rowid` (DuckDB's own row number would hide it). */
export const STORED_ROWID = '__ls_rowid';

/** Whether an evidence column name would collide with an engine-owned one. */
export function isInternalName(name: string): boolean {
  return name.toLowerCase().startsWith(INTERNAL_PREFIX);
}

/**
 * Column names for DuckDB from a header as written: blanks named by position (`column_3`),
 * names in the engine's namespace prefixed with `x` (`x__ls_rec`), repeats (DuckDB names are
 * case-insensitive) numbered `NAME_2`, `NAME_3`, … so that no two names collide, generated ones included.
 */
export function columnNames(header: readonly string[]): string[] {
  const seen = new Set<string>();
  return header.map((raw, i) => {
    let base = raw.trim() || `column_${i + 1}`;
    if (isInternalName(base)) base = `x${base}`;
    let name = base;
    for (let n = 2; seen.has(name.toLowerCase()); n++) name = `${base}_${n}`;
    seen.add(name.toLowerCase());
    return name;
  });
}

/** The name a raw table stores an evidence column under (only `rowid` differs). */
export function storedName(column: string): string {
  return column.toLowerCase() === 'rowid' ? STORED_ROWID : column;
}
