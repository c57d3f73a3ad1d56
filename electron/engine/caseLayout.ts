/** The files of a case folder. */
export const CASE_DB = 'case.duckdb';
export const CUSTODY_DB = 'custody.sqlite';
