/** The SQL that reads Salesforce timestamp text, shared by intake (snapshots) and scoping (replays). */

/**
 * A DuckDB expression turning a Salesforce timestamp text (`2025-07-01T10:00:00.000Z`, `…+0000`,
 * `…+01:00`, `…Z`, or date-only `2025-07-01`) into a TIMESTAMP in UTC, or NULL when it is not one.
 * Text with an offset is cast to TIMESTAMPTZ and converted to UTC explicitly; text without one is
 * read as UTC wall time. Either way the session's TimeZone setting never matters. (One regex and
 * one cast per value: replays run this over whole snapshots, so it is kept cheap.)
 */
export function sfTimestampSql(colSql: string): string {
  const v = `trim(${colSql})`;
  return (
    `(CASE WHEN regexp_matches(${v}, '^\\d{4}-\\d{2}-\\d{2}([T ]\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,9})?)?)?\\s*([Zz]|[+-]\\d{2}:?\\d{2})$') ` +
    `THEN timezone('UTC', TRY_CAST(${v} AS TIMESTAMPTZ)) ` +
    `WHEN regexp_matches(${v}, '^\\d{4}-\\d{2}-\\d{2}([T ]\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,9})?)?)?$') THEN TRY_CAST(${v} AS TIMESTAMP) END)`
  );
}
