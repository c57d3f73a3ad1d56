/**
 * Checks that what a note is put on exists in the case (an export id, an event, a record, a
 * jurisdiction, a source, an integration), so a mistyped id is refused instead of leaving a note on
 * nothing. Record ids are taken in 15 or 18 characters and kept as 18.
 */
import { assertNever } from '../../../shared/result.js';
import { toId18 } from '../../../shared/ids.js';
import type { NoteTarget } from '../../../shared/notes.js';
import type { CaseDb } from '../store/duck.js';
import { sql, type SqlFragment } from '../store/sql.js';

export type TargetCheck = { ok: true; target: NoteTarget } | { ok: false; message: string };

/** The target as stored (ids normalised), or why it cannot take a note. */
export async function checkNoteTarget(db: CaseDb, target: NoteTarget): Promise<TargetCheck> {
  const id = target.id.trim();
  switch (target.kind) {
    case 'case':
      return { ok: true, target: { kind: 'case', id: '' } };
    case 'export':
      return exists(db, 'exports', sql`SELECT 1 FROM exports WHERE export_id = ${id}`, { kind: 'export', id }, `No export ${id} in this case (export ids look like X-1a2b3c4d5e6f; \`leakscope exports <case>\` lists them)`);
    case 'event': {
      if (!/^\d{1,19}$/.test(id)) return { ok: false, message: `An event id is a number (as in exports.json evidence); got ${JSON.stringify(id)}` };
      return exists(db, 'events', sql`SELECT 1 FROM events WHERE event_id = ${BigInt(id)}`, { kind: 'event', id }, `No event ${id} in this case`);
    }
    case 'record': {
      const id18 = toId18(id);
      if (id18 === null) return { ok: false, message: `${JSON.stringify(id)} is not a Salesforce record id (15 or 18 characters)` };
      const inAffected = await exists(db, 'affected', sql`SELECT 1 FROM affected WHERE id = ${id18}`, { kind: 'record', id: id18 }, '');
      if (inAffected.ok) return inAffected;
      return exists(db, 'exposures', sql`SELECT 1 FROM exposures WHERE record_id = ${id18}`, { kind: 'record', id: id18 }, `Record ${id18} was not exposed by any export in this case`);
    }
    case 'jurisdiction': {
      const code = id.toUpperCase();
      const inAffected = await exists(db, 'affected', sql`SELECT 1 FROM affected WHERE jurisdiction = ${code}`, { kind: 'jurisdiction', id: code }, '');
      if (inAffected.ok) return inAffected;
      return exists(db, 'duties', sql`SELECT 1 FROM duties WHERE jurisdiction = ${code}`, { kind: 'jurisdiction', id: code }, `No affected person or duty in jurisdiction ${code} in this case`);
    }
    case 'source': {
      if (!/^\d{1,9}$/.test(id)) return { ok: false, message: `A source id is a number (as \`leakscope import\` lists them); got ${JSON.stringify(id)}` };
      return exists(db, 'sources', sql`SELECT 1 FROM sources WHERE id = ${Number(id)}`, { kind: 'source', id }, `No source ${id} in this case`);
    }
    case 'integration': {
      const row = await tableExists(db, 'exports')
        ? await db.one<{ app_id: string | null; app_name: string | null }>(
            sql`SELECT app_id, app_name FROM exports WHERE app_id = ${toId18(id) ?? id} OR lower(app_name) = lower(${id}) ORDER BY app_id NULLS LAST LIMIT 1`,
          )
        : null;
      if (!row) return { ok: false, message: `No integration ${JSON.stringify(id)} among this case's exports (give the connected app's id or its name)` };
      return { ok: true, target: { kind: 'integration', id: row.app_id ?? row.app_name ?? id } };
    }
    default:
      return assertNever(target.kind, 'note target kind');
  }
}

async function exists(db: CaseDb, table: string, query: SqlFragment, target: NoteTarget, missing: string): Promise<TargetCheck> {
  if (!(await tableExists(db, table))) return { ok: false, message: missing || `This case has no ${table} yet (run \`leakscope investigate\` first)` };
  return (await db.one(query)) ? { ok: true, target } : { ok: false, message: missing };
}

async function tableExists(db: CaseDb, table: string): Promise<boolean> {
  return (await db.one(sql`SELECT 1 FROM information_schema.tables WHERE table_name = ${table}`)) !== null;
}
