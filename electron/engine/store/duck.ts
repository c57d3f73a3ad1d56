/** The case's evidence database: one DuckDB file per case, reached only through `CaseDb`. */
import { DuckDBInstance, type DuckDBConnection, type DuckDBValue } from '@duckdb/node-api';
import { sql, type SqlFragment, type SqlValue } from './sql.js';

export type Row = Record<string, unknown>;

/** The DuckDB storage format new case files are written in (DuckDB 1.5 reads every earlier one). */
export const CASE_STORAGE_VERSION = 'v1.5.0';

export class CaseDb {
  private constructor(
    private readonly instance: DuckDBInstance,
    readonly connection: DuckDBConnection,
    readonly path: string,
  ) {}

  /** Opens (creating if needed) the DuckDB file of a case, or an in-memory database for ':memory:'. */
  static async open(path: string, options: { threads?: number; memoryLimit?: string; readOnly?: boolean } = {}): Promise<CaseDb> {
    const config: Record<string, string> = {};
    if (options.readOnly) config['access_mode'] = 'READ_ONLY';
    if (options.threads) config['threads'] = String(options.threads);
    // Bounded memory: intake of many GB must stay well under 2 GB resident; DuckDB spills to disk beyond this.
    config['memory_limit'] = options.memoryLimit ?? '768MB';
    if (path !== ':memory:') config['temp_directory'] = `${path}.tmp`;
    // New case files in DuckDB 1.5's storage format, not the 0.10.2-compatible default: its compression writes the
    // case's tables about a third faster and 10 % smaller (docs/BENCHMARKS.md, stop 20). A case written before keeps its format and opens as before.
    if (!options.readOnly) config['storage_compatibility_version'] = CASE_STORAGE_VERSION;
    const instance = await DuckDBInstance.create(path, config);
    const connection = await instance.connect();
    await connection.run(sql`SET TimeZone = 'UTC'`.text);
    return new CaseDb(instance, connection, path);
  }

  /** Runs a statement for its effect. */
  async run(q: SqlFragment): Promise<void> {
    const { text, values } = q;
    await this.connection.run(text, values.length ? (values.map(toDuck) as DuckDBValue[]) : undefined);
  }

  /** Runs a query and returns plain JS rows (BIGINT → number when safe, timestamps → ISO strings). */
  async all<T extends Row = Row>(q: SqlFragment): Promise<T[]> {
    const { text, values } = q;
    const reader = await this.connection.runAndReadAll(text, values.length ? (values.map(toDuck) as DuckDBValue[]) : undefined);
    return reader.getRowObjectsJS().map((r) => normaliseRow(r) as T);
  }

  /**
   * Runs `work` in one transaction: committed when it resolves; rolled back when it throws, and its error rethrown (a
   * failing ROLLBACK does not hide it).
   */
  async transaction<T>(work: () => Promise<T>): Promise<T> {
    await this.run(sql`BEGIN TRANSACTION`);
    try {
      const result = await work();
      await this.run(sql`COMMIT`);
      return result;
    } catch (e) {
      await this.run(sql`ROLLBACK`).catch(() => undefined);
      throw e;
    }
  }

  /** A table's or view's column names, in declared order. */
  async columns(table: string): Promise<string[]> {
    const rows = await this.all<{ column_name: string }>(
      sql`SELECT column_name FROM information_schema.columns WHERE table_name = ${table} ORDER BY ordinal_position`,
    );
    return rows.map((r) => r.column_name);
  }

  /** First row or null. */
  async one<T extends Row = Row>(q: SqlFragment): Promise<T | null> {
    const rows = await this.all<T>(q);
    return rows[0] ?? null;
  }

  /** Appends text rows to an existing table through DuckDB's appender (no SQL text involved). */
  async appendRows(table: string, rows: readonly (readonly (string | boolean | null)[])[]): Promise<void> {
    const appender = await this.connection.createAppender(table);
    try {
      for (const row of rows) {
        for (const v of row) {
          if (v === null) appender.appendNull();
          else if (typeof v === 'boolean') appender.appendBoolean(v);
          else appender.appendVarchar(v);
        }
        appender.endRow();
      }
      appender.flushSync();
    } finally {
      appender.closeSync();
    }
  }

  /** Closes the connection and the database file. */
  close(): void {
    this.connection.closeSync();
    this.instance.closeSync();
  }
}

function toDuck(v: SqlValue): DuckDBValue {
  return v as DuckDBValue;
}

function normaliseRow(row: Record<string, unknown>): Row {
  const out: Row = {};
  for (const [k, v] of Object.entries(row)) out[k] = normaliseValue(v);
  return out;
}

function normaliseValue(v: unknown): unknown {
  if (typeof v === 'bigint') return Number.isSafeInteger(Number(v)) ? Number(v) : v.toString();
  if (v instanceof Date) return v.toISOString();
  if (Array.isArray(v)) return v.map(normaliseValue);
  return v;
}
