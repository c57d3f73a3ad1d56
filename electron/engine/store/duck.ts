/** The case's evidence database: one DuckDB file per case, reached only through `CaseDb`. */
import { DuckDBInstance, type DuckDBConnection, type DuckDBValue } from '@duckdb/node-api';
import { sql, type SqlFragment, type SqlValue } from './sql.js';

export type Row = Record<string, unknown>;

export class CaseDb {
  private constructor(
    private instance: DuckDBInstance,
    private conn: DuckDBConnection,
    readonly path: string,
    private readonly config: Readonly<Record<string, string>>,
  ) {}

  /** The open connection (replaced by `reopen`: read it where it is used, do not keep it). */
  get connection(): DuckDBConnection {
    return this.conn;
  }

  /** Opens (creating if needed) the DuckDB file of a case, or an in-memory database for ':memory:'. */
  static async open(path: string, options: { threads?: number; memoryLimit?: string; readOnly?: boolean } = {}): Promise<CaseDb> {
    const config: Record<string, string> = {};
    if (options.readOnly) config['access_mode'] = 'READ_ONLY';
    if (options.threads) config['threads'] = String(options.threads);
    // Bounded memory: intake of many GB must stay well under 2 GB resident; DuckDB spills to disk beyond this.
    config['memory_limit'] = options.memoryLimit ?? '768MB';
    if (path !== ':memory:') config['temp_directory'] = `${path}.tmp`;
    const { instance, connection } = await connect(path, config);
    return new CaseDb(instance, connection, path, config);
  }

  /**
   * Closes the case file and opens it again, same settings, same object (TEMP tables and macros are gone; an in-memory
   * database is left as it is). Done once intake has loaded and checkpointed a case: measured at 10 million events, the
   * analysis that followed in the instance that had loaded the rows took 114 s / 214 CPU-s, in a reopened one 94 s / 175
   * CPU-s (docs/BENCHMARKS.md, stop 18).
   */
  async reopen(): Promise<void> {
    if (this.path === ':memory:') return;
    this.close();
    const { instance, connection } = await connect(this.path, this.config);
    this.instance = instance;
    this.conn = connection;
  }

  /** Runs a statement for its effect. */
  async run(q: SqlFragment): Promise<void> {
    const { text, values } = q;
    await this.conn.run(text, values.length ? (values.map(toDuck) as DuckDBValue[]) : undefined);
  }

  /** Runs a query and returns plain JS rows (BIGINT → number when safe, timestamps → ISO strings). */
  async all<T extends Row = Row>(q: SqlFragment): Promise<T[]> {
    const { text, values } = q;
    const reader = await this.conn.runAndReadAll(text, values.length ? (values.map(toDuck) as DuckDBValue[]) : undefined);
    return reader.getRowObjectsJS().map((r) => normaliseRow(r) as T);
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
    const appender = await this.conn.createAppender(table);
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
    this.conn.closeSync();
    this.instance.closeSync();
  }
}

async function connect(path: string, config: Readonly<Record<string, string>>): Promise<{ instance: DuckDBInstance; connection: DuckDBConnection }> {
  const instance = await DuckDBInstance.create(path, { ...config });
  const connection = await instance.connect();
  await connection.run(sql`SET TimeZone = 'UTC'`.text);
  return { instance, connection };
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
