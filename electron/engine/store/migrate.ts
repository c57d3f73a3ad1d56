/**
 * One runner for the case database's numbered migrations. Each migration runs in one
 * transaction; a case written by a newer Leakscope is refused with a clear message.
 */
import type { CaseDb } from './duck.js';
import { raw, sql, type SqlFragment } from './sql.js';
import * as m001 from './migrations/001_evidence.js';
import * as m002 from './migrations/002_coverage.js';
import * as m003 from './migrations/003_archive_members.js';
import * as m004 from './migrations/004_event_views.js';
import * as m005 from './migrations/005_record_counts.js';
import * as m006 from './migrations/006_export_fields.js';
import * as m007 from './migrations/007_snapshot_orgs.js';

/** A case (or custody log) written by a newer Leakscope: refused, never read or upgraded wrongly. */
export class CaseTooNewError extends Error {}

interface Migration {
  version: number;
  /** DDL text written in the migration files (code, never data; DuckDB cannot parameterise DDL). */
  statements: readonly string[];
}

/** The one audited place where a migration file's DDL text becomes a statement: code text, marked `raw`. */
function migrationStatement(ddl: string): SqlFragment {
  return sql`${raw(ddl)}`;
}

export const MIGRATIONS: readonly Migration[] = [m001, m002, m003, m004, m005, m006, m007];
export const SCHEMA_VERSION = MIGRATIONS.length;

/** Brings the case database to the current schema version, or explains why it cannot. */
export async function migrate(db: CaseDb, migrations: readonly Migration[] = MIGRATIONS): Promise<void> {
  migrations.forEach((m, i) => {
    if (m.version !== i + 1) throw new Error(`Migration list is not monotonic at position ${i + 1} (version ${m.version})`);
  });
  await db.run(sql`CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)`);
  const row = await db.one<{ version: number }>(sql`SELECT max(version) AS version FROM schema_version`);
  const current = row?.version ?? 0;
  if (current > migrations.length) {
    throw new CaseTooNewError(
      `This case was written by a newer Leakscope (schema ${current}; this version knows ${migrations.length}). Open it with that version.`,
    );
  }
  for (const m of migrations.slice(current)) {
    await db.transaction(async () => {
      for (const s of m.statements) await db.run(migrationStatement(s));
      await db.run(sql`INSERT INTO schema_version VALUES (${m.version})`);
    });
  }
}
