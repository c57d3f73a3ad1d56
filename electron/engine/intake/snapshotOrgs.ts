/**
 * Which org each snapshot and metadata export belongs to. A record export carries no org id, so it belongs to the
 * org whose Organization export stands beside it: in the same folder or the nearest parent folder (an archive
 * counts as a folder inside the folder holding it). Else to the org given with `--org` when it was taken in (that
 * wins over the folder, with a warning when they differ); else, in a case of one org, to that org. In a case of
 * several orgs where none of these tells, nothing is guessed: the export stays unassigned, a warning names the
 * file and the fix, and it is used for no org. The outcome is kept in `source_orgs` and, for each sObject source
 * whose assignment is new or changed, in a `source.org` custody entry.
 */
import path from 'node:path';
import { toId18 } from '../../../shared/ids.js';
import type { CustodyLog } from '../casestore/custody.js';
import type { CaseDb } from '../store/duck.js';
import { ident, sql, type SqlFragment } from '../store/sql.js';

/** How a source's org was told: `organization_export` (beside it), `option` (`--org`), `single_org`, or `unassigned`. */
export type OrgBasis = 'organization_export' | 'option' | 'single_org' | 'unassigned';

/** An sObject source as buildSnapshots takes it, with its org (18 chars; null when unassigned or the one org is unknown). */
export interface SnapshotSource {
  id: number;
  object: string;
  table: string;
  orgId?: string | null;
  orgBasis?: OrgBasis;
}

export interface OrgAssignmentOptions {
  /** Sources taken in by this run: the `--org` applies to these. */
  added: readonly number[];
  /** The evidence paths of this run: `--org` applies to the sources already in the case under them too (importing a file again with `--org` is the fix the warning names). */
  paths?: readonly string[];
  /** `--org`: the org (15 or 18 chars) of the snapshots, metadata and RTEM exports of this run. */
  org?: string | null;
  actor?: string;
}

interface SourceRow extends Record<string, unknown> { id: number; path: string; parent_id: number | null; member_path: string | null; kind: string; detail: string | null; table_name: string | null }
interface Assignment { orgId: string | null; basis: OrgBasis; organizationSource: number | null; reason: string }

/** Assigns every sObject and RTEM source its org, records it (table, custody, warnings) and returns the sObject sources with theirs. */
export async function assignSourceOrgs(
  db: CaseDb, custody: CustodyLog, options: OrgAssignmentOptions, warnings: string[],
): Promise<SnapshotSource[]> {
  const option = options.org ? toId18(options.org) : null;
  if (options.org && !option) throw new Error(`--org ${options.org} is not an org id (15 or 18 characters)`);
  // One row per file (not per record): the case's file list is small enough to walk here.
  const sources = await db.all<SourceRow>(sql`SELECT id, path, parent_id, member_path, kind, detail, table_name FROM sources ORDER BY id`);
  const added = new Set(options.added);
  const byId = new Map(sources.map((s) => [s.id, s]));
  if (option) {
    const roots = (options.paths ?? []).map((p) => path.resolve(p).replaceAll('\\', '/').replace(/\/+$/, ''));
    const top = (s: SourceRow, depth = 0): SourceRow => {
      const parent = s.parent_id === null ? undefined : byId.get(s.parent_id);
      return parent && depth < 16 ? top(parent, depth + 1) : s;
    };
    const given = (s: SourceRow): boolean => {
      const p = top(s).path.replaceAll('\\', '/');
      return added.has(s.id) || roots.some((r) => p === r || p.startsWith(`${r}/`));
    };
    const taken = sources.filter((s) => (s.kind === 'sobject' || s.kind === 'rtem') && given(s));
    for (const s of taken) await db.run(sql`INSERT OR REPLACE INTO source_org_options VALUES (${s.id}, ${option})`);
  }
  const options_ = new Map((await db.all<{ source_id: number; org_id: string }>(sql`SELECT source_id, org_id FROM source_org_options`)).map((r) => [r.source_id, r.org_id]));
  const logical = (s: SourceRow, depth = 0): string => {
    const parent = s.parent_id === null ? undefined : byId.get(s.parent_id);
    if (!parent || s.member_path === null || depth > 16) return s.path.replaceAll('\\', '/');
    return `${logical(parent, depth + 1)}!/${s.member_path.replaceAll('\\', '/')}`;
  };
  const folders = await organizationFolders(db, sources.filter((s) => s.kind === 'sobject' && s.detail?.toLowerCase() === 'organization' && s.table_name), logical);
  const eventOrgs = (await db.all<{ o: string }>(sql`SELECT DISTINCT left(trim(org_id), 15) AS o FROM events WHERE nullif(trim(org_id), '') IS NOT NULL`))
    .map((r) => toId18(r.o)).filter((o): o is string => o !== null);
  const exportOrgs = new Set([...folders.values()].flatMap((f) => f.orgs));
  const caseOrgs = [...new Set([...eventOrgs, ...exportOrgs])].sort();
  const organizationFiles = [...folders.values()].reduce((n, f) => n + f.sources.length, 0);
  const single = eventOrgs.length <= 1 && organizationFiles <= 1 && caseOrgs.length <= 1;
  const assigned = new Map<number, Assignment>();
  for (const s of sources) {
    if (s.kind !== 'sobject' && s.kind !== 'rtem') continue;
    const folder = nearestOrganization(logical(s), folders);
    const given = options_.get(s.id) ?? null;
    let a: Assignment;
    if (given) {
      a = { orgId: given, basis: 'option', organizationSource: null, reason: `--org ${given} given when it was taken in` };
      if (folder?.orgs.length === 1 && folder.orgs[0] !== given) {
        warnings.push(`${s.path}: --org ${given} was given, but the Organization export beside it (${folder.path}) names ${folder.orgs[0]}; it is taken as ${given}, as --org said.`);
      }
    } else if (folder?.own.has(s.id)) {
      // An Organization export names its own org: each row is the org of its Id.
      const own = folder.own.get(s.id)!;
      a = own.length === 1
        ? { orgId: own[0]!, basis: 'organization_export', organizationSource: s.id, reason: 'it is the Organization export of its org' }
        : { orgId: null, basis: 'organization_export', organizationSource: s.id, reason: `it names ${own.length} orgs, each row its own` };
    } else if (folder && folder.orgs.length === 1) {
      a = { orgId: folder.orgs[0]!, basis: 'organization_export', organizationSource: folder.sources[0]!, reason: `the Organization export ${folder.path} stands in its folder or a parent folder` };
    } else if (single) {
      a = { orgId: caseOrgs[0] ?? null, basis: 'single_org', organizationSource: null, reason: caseOrgs.length ? `the case holds one org, ${caseOrgs[0]}` : 'the case holds one org (its id is not in the evidence)' };
    } else {
      const why = folder
        ? `the Organization export(s) beside it (${folder.path}) name ${folder.orgs.length} orgs`
        : `the case holds ${caseOrgs.length} orgs (${caseOrgs.join(', ')}) and no Organization export stands in its folder or a parent folder`;
      a = { orgId: null, basis: 'unassigned', organizationSource: null, reason: why };
      if (s.kind === 'sobject') {
        warnings.push(`${s.path}: the ${s.detail ?? 'sObject'} export cannot be assigned to an org: ${why}. It is used for no org (no replay, name or permission reads it). Import it again with --org <org id>, or put that org's Organization export in its folder.`);
      }
    }
    assigned.set(s.id, a);
  }
  await recordAssignments(db, custody, sources.filter((s) => assigned.has(s.id)), assigned, options.actor);
  return sources
    .filter((s) => s.kind === 'sobject' && s.table_name !== null && s.detail !== null)
    .map((s) => ({ id: s.id, object: s.detail!, table: s.table_name!, orgId: assigned.get(s.id)!.orgId, orgBasis: assigned.get(s.id)!.basis }));
}

interface OrganizationFolder { path: string; orgs: string[]; sources: number[]; own: Map<number, string[]> }

/** The folders holding an Organization export, with the org ids (18 chars) their exports name. */
async function organizationFolders(db: CaseDb, exports: readonly SourceRow[], logical: (s: SourceRow) => string): Promise<Map<string, OrganizationFolder>> {
  const out = new Map<string, OrganizationFolder>();
  for (const s of exports) {
    const id = (await db.columns(s.table_name!)).find((c) => c.toLowerCase() === 'id');
    if (!id) continue;
    const ids = await db.all<{ id: string }>(sql`SELECT DISTINCT trim(${ident(id)}) AS id FROM ${ident(s.table_name!)} WHERE nullif(trim(${ident(id)}), '') IS NOT NULL LIMIT 10`);
    const orgs = ids.map((r) => toId18(r.id)).filter((o): o is string => o !== null);
    if (orgs.length === 0) continue;
    const folder = parentFolder(logical(s));
    const f = out.get(folder) ?? { path: s.path, orgs: [], sources: [], own: new Map<number, string[]>() };
    f.own.set(s.id, orgs);
    for (const o of orgs) if (!f.orgs.includes(o)) f.orgs.push(o);
    f.sources.push(s.id);
    out.set(folder, f);
  }
  return out;
}

/** The Organization folder nearest above a file (its own folder first), if any. */
function nearestOrganization(file: string, folders: ReadonlyMap<string, OrganizationFolder>): OrganizationFolder | null {
  for (let f = parentFolder(file); ; f = parentFolder(f)) {
    const hit = folders.get(f);
    if (hit) return hit;
    if (f === '' || f === '/' || parentFolder(f) === f) return null;
  }
}

function parentFolder(p: string): string {
  const i = p.replace(/\/+$/, '').lastIndexOf('/');
  return i <= 0 ? (p.startsWith('/') ? '/' : '') : p.slice(0, i);
}

/** Rewrites `source_orgs`; a new or changed assignment of an sObject source is appended to custody (`source.org`). */
async function recordAssignments(db: CaseDb, custody: CustodyLog, sources: readonly SourceRow[], assigned: ReadonlyMap<number, Assignment>, actor?: string): Promise<void> {
  const before = new Map((await db.all<{ source_id: number; org_id: string | null; org_basis: string }>(sql`SELECT source_id, org_id, org_basis FROM source_orgs`))
    .map((r) => [r.source_id, `${r.org_id ?? ''}|${r.org_basis}`]));
  await db.run(sql`DELETE FROM source_orgs`);
  for (let i = 0; i < sources.length; i += 500) {
    const values = sources.slice(i, i + 500).map((s): SqlFragment => {
      const a = assigned.get(s.id)!;
      return sql`(${s.id}, ${s.kind}, ${s.detail}, ${a.orgId}, ${a.basis}, ${a.organizationSource}, ${a.reason})`;
    });
    await db.run(sql`INSERT INTO source_orgs VALUES ${values.slice(1).reduce((acc, v) => sql`${acc}, ${v}`, values[0]!)}`);
  }
  for (const s of sources) {
    const a = assigned.get(s.id)!;
    if (s.kind !== 'sobject' || before.get(s.id) === `${a.orgId ?? ''}|${a.basis}`) continue;
    custody.append('source.org', { sourceId: s.id, path: s.path, object: s.detail, orgId: a.orgId, basis: a.basis, organizationSourceId: a.organizationSource, reason: a.reason }, actor);
  }
}
