/**
 * The investigator's decisions on jurisdictions and duties, taking effect at once: a jurisdiction assigned by hand
 * to an affected record (or taken back), and the organisation profile of the case (set, unset, previewed). Each
 * change is recorded in the case store with its custody entry, applied to `affected` in SQL, the duties stage is run
 * again over the case (`duties`, `duty_context`), `duties.evaluated` is logged and the tables are sealed again, so
 * the next run does not take the change for tampering. The next `investigate` and `leakscope report` use the same
 * decisions (investigate re-applies them after scoping; report reads the tables).
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { EMPTY_PROFILE, organisationProfileSchema, regimesFor, type OrganisationProfile } from '../../shared/duties/profile.js';
import type { DutyKey, JurisdictionAssignment, ProfilePreview, ProfileView } from '../../shared/decisions.js';
import { fail, ok, type Result } from '../../shared/result.js';
import { CASE_DB, CUSTODY_DB } from './caseLayout.js';
import { sealCase } from './caseSeals.js';
import { CustodyLog, defaultActor } from './casestore/custody.js';
import { jurisdictionAssignments, recordAssignment } from './casestore/jurisdictionAssignments.js';
import { caseProfileSource, recordProfile, storedProfile, type StoredProfile } from './casestore/profileDecisions.js';
import { loadRegimes } from './duties/loadRegimes.js';
import { computeDuties, evaluateCaseDuties } from './duties/stage.js';
import { affectedRowsOf, applyJurisdictionAssignments } from './jurisdiction/applyAssignments.js';
import type { JurisdictionData } from './jurisdiction/loadTables.js';
import { withCaseDb } from './queries/openCase.js';
import { CaseDb } from './store/duck.js';
import { sql } from './store/sql.js';

export interface AssignRequest {
  caseDir: string;
  orgId: string | null;
  object: string;
  recordId: string;
  /** The code to assign, or null to take the assignment back. */
  jurisdiction: string | null;
  reason: string;
  investigator?: string;
  /** Who custody names (actorLabel of the investigator). */
  actor: string;
}

/** The jurisdiction codes a record may be given: every code with a rule, every ISO country, every US state and Canadian province. */
export function assignableCodes(geo: JurisdictionData): { code: string; name: string; hasRule: boolean }[] {
  const out = new Map<string, { code: string; name: string; hasRule: boolean }>();
  for (const r of geo.rules) out.set(r.code, { code: r.code, name: r.name, hasRule: r.notices.length > 0 });
  for (const [usps, name] of geo.tables.usStateNames) if (!out.has(`US-${usps}`)) out.set(`US-${usps}`, { code: `US-${usps}`, name, hasRule: false });
  for (const [p, name] of geo.tables.caProvinceNames) if (!out.has(`CA-${p}`)) out.set(`CA-${p}`, { code: `CA-${p}`, name, hasRule: false });
  for (const code of geo.tables.alpha2) if (code !== 'ZZ' && !out.has(code)) out.set(code, { code, name: geo.tables.countryNames.get(code) ?? code, hasRule: false });
  return [...out.values()].sort((a, b) => a.code.localeCompare(b.code));
}

/** Assigns (or takes back) a record's jurisdiction, applies it and recomputes the duties; returns the assignments in force. */
export async function assignCaseJurisdiction(req: AssignRequest, geo: JurisdictionData, resourcesDir: string): Promise<Result<JurisdictionAssignment[]>> {
  if (req.jurisdiction !== null && !assignableCodes(geo).some((c) => c.code === req.jurisdiction)) {
    return fail('BAD_INPUT', `${JSON.stringify(req.jurisdiction)} is not a jurisdiction code of the rule tables (e.g. US-CA, CA-QC, DE, GB)`);
  }
  return withWritableCase(req.caseDir, async (db, log) => {
    const found = await affectedRowsOf(db, req.orgId, req.object, req.recordId);
    const current = jurisdictionAssignments(log.store());
    const mine = current.find((a) => a.orgId === req.orgId && a.object === req.object && a.recordId === req.recordId);
    if (req.jurisdiction === null && !mine) return fail('BAD_INPUT', `No jurisdiction was assigned by hand to ${req.object} ${req.recordId}: nothing to take back`);
    if (req.jurisdiction !== null && found.rows === 0) return fail('NOT_FOUND', `${req.object} ${req.recordId} (org ${req.orgId ?? 'unknown'}) is not among the affected records of the last run`);
    if (req.jurisdiction !== null && mine?.jurisdiction === req.jurisdiction) return fail('BAD_INPUT', `${req.object} ${req.recordId} is already assigned to ${req.jurisdiction}`);
    recordAssignment(log, {
      orgId: req.orgId, object: req.object, recordId: req.recordId, jurisdiction: req.jurisdiction, previous: found.resolved,
      reason: req.reason, by: req.investigator ?? defaultActor(),
    }, req.actor);
    const now = jurisdictionAssignments(log.store());
    await applyJurisdictionAssignments(db, now, { rebuilt: false });
    await recomputeDuties(db, log, geo, resourcesDir, req.actor, req.jurisdiction === null ? 'jurisdiction.unassigned' : 'jurisdiction.assigned');
    return ok(now);
  });
}

/** The case's organisation profile: the one stored, the one of the last duties evaluation, and the regimes a profile can bring. */
export async function readCaseProfile(caseDir: string, resourcesDir: string): Promise<Result<ProfileView>> {
  const custodyPath = path.join(caseDir, CUSTODY_DB);
  if (!existsSync(custodyPath)) return fail('NOT_FOUND', `No case in ${caseDir}`);
  const regimes = loadRegimes(resourcesDir);
  if (!regimes.ok) return regimes;
  const log = CustodyLog.open(custodyPath, { key: null });
  let stored: StoredProfile | null;
  try {
    stored = storedProfile(log.store());
  } finally {
    log.close();
  }
  const inForce = await withCaseDb(path.join(caseDir, CASE_DB), async (db) => {
    if (!(await db.one(sql`SELECT 1 FROM information_schema.tables WHERE table_name = 'duty_context'`))) return null;
    return db.one<{ profile_json: string; profile_source: string | null }>(sql`SELECT profile_json, profile_source FROM duty_context LIMIT 1`);
  });
  const parsed = inForce ? organisationProfileSchema.safeParse(JSON.parse(inForce.profile_json)) : null;
  return ok({
    stored,
    inForce: parsed?.success ? { profile: parsed.data, source: inForce?.profile_source ?? null } : null,
    regimes: regimes.value.map((r) => ({ id: r.id, name: r.name, field: r.appliesWhen.field })),
  });
}

/** What `profile` would change in the duties of the case, against the profile in force; nothing is saved. */
export async function previewCaseProfile(caseDir: string, profile: OrganisationProfile, geo: JurisdictionData, resourcesDir: string): Promise<Result<ProfilePreview>> {
  const regimes = loadRegimes(resourcesDir);
  if (!regimes.ok) return regimes;
  const preview = await withCaseDb(path.join(caseDir, CASE_DB), async (db) => {
    const context = await dutyContext(db);
    if (!context) return null;
    const opts = { awareAt: context.awareAt ?? context.runStart, asOf: context.asOf, regimes: regimes.value };
    const before = await evaluateCaseDuties(db, geo, { ...opts, profile: context.profile });
    const after = await evaluateCaseDuties(db, geo, { ...opts, profile });
    return { before, after, regimesNow: regimesFor(context.profile, regimes.value), regimes: regimesFor(profile, regimes.value) };
  });
  if (!preview) return fail('NOT_FOUND', `No duties evaluated in ${caseDir} yet: run the investigation first`);
  const key = (d: DutyKey): string => `${d.jurisdiction}\u0000${d.recipient}\u0000${d.step ?? ''}`;
  const before = new Map(preview.before.map((d) => [key(d), d]));
  const after = new Map(preview.after.map((d) => [key(d), d]));
  const change = [...after.values()].filter((d) => before.has(key(d))).map((d) => ({ before: before.get(key(d))!, after: d }))
    .filter((c) => c.before.required !== c.after.required || c.before.due !== c.after.due || c.before.people !== c.after.people);
  return ok({
    regimes: preview.regimes.map((r) => ({ id: r.id, name: r.name })),
    regimesNow: preview.regimesNow.map((r) => ({ id: r.id, name: r.name })),
    appear: [...after.values()].filter((d) => !before.has(key(d))),
    disappear: [...before.values()].filter((d) => !after.has(key(d))),
    change,
    unchanged: [...after.keys()].filter((k) => before.has(k)).length - change.length,
  });
}

/** Stores the profile in the case (null: removes it) and recomputes the duties with it at once. */
export async function changeCaseProfile(caseDir: string, profile: OrganisationProfile | null, reason: string, actor: string, geo: JurisdictionData, resourcesDir: string): Promise<Result<ProfileView>> {
  const changed = await withWritableCase(caseDir, async (db, log) => {
    if (profile === null && storedProfile(log.store()) === null) return fail('BAD_INPUT', `The case in ${caseDir} has no organisation profile to remove`);
    recordProfile(log, profile, reason, actor);
    await recomputeDuties(db, log, geo, resourcesDir, actor, profile === null ? 'profile.unset' : 'profile.set');
    return ok(true);
  });
  if (!changed.ok) return changed;
  return readCaseProfile(caseDir, resourcesDir);
}

/** The profile a run uses when no `--profile` is given: the case's stored one, if any. */
export function caseProfileFor(custody: CustodyLog): { profile: OrganisationProfile; source: string } | null {
  const stored = storedProfile(custody.store());
  return stored ? { profile: stored.profile, source: caseProfileSource(stored) } : null;
}

/** The assignments in force for a run (what investigate applies after scoping). */
export function caseAssignments(custody: CustodyLog): JurisdictionAssignment[] {
  return jurisdictionAssignments(custody.store());
}

interface Context { awareAt: string | null; runStart: string; asOf: string; profile: OrganisationProfile; profileSource: string | null }

/** The last duties evaluation's awareness time, as-of time and profile (`duty_context`). */
async function dutyContext(db: CaseDb): Promise<Context | null> {
  if (!(await db.one(sql`SELECT 1 FROM information_schema.tables WHERE table_name = 'duty_context'`))) return null;
  const c = await db.one<{ aware_at: string; aware_at_source: string; as_of: string; profile_json: string; profile_source: string | null }>(sql`
    SELECT strftime(aware_at, '%Y-%m-%dT%H:%M:%S.%gZ') AS aware_at, aware_at_source, strftime(as_of, '%Y-%m-%dT%H:%M:%S.%gZ') AS as_of, profile_json, profile_source FROM duty_context LIMIT 1`);
  if (!c) return null;
  const parsed = organisationProfileSchema.safeParse(JSON.parse(c.profile_json));
  return {
    awareAt: c.aware_at_source === 'aware-at' ? c.aware_at : null, runStart: c.aware_at, asOf: c.as_of,
    profile: parsed.success ? parsed.data : EMPTY_PROFILE, profileSource: c.profile_source,
  };
}

/**
 * The duties stage again over the case as it stands, from the last evaluation's awareness and as-of times, with the
 * case's stored profile (else the `--profile` file the last run was given, else none); logged and sealed.
 */
async function recomputeDuties(db: CaseDb, log: CustodyLog, geo: JurisdictionData, resourcesDir: string, actor: string, after: string): Promise<void> {
  const context = await dutyContext(db);
  if (!context) throw new Error('the case has no evaluated duties to recompute: run the investigation first');
  const regimes = loadRegimes(resourcesDir);
  if (!regimes.ok) throw new Error(regimes.error.message);
  const stored = caseProfileFor(log);
  const fromFile = context.profileSource !== null && !context.profileSource.startsWith('case profile');
  const profile = stored?.profile ?? (fromFile ? context.profile : EMPTY_PROFILE);
  const profileSource = stored?.source ?? (fromFile ? context.profileSource : null);
  const run = await computeDuties(db, geo, { awareAt: context.awareAt, runStartedAt: context.runStart, asOf: context.asOf, profile, profileSource, regimes: regimes.value });
  const entry = log.append('duties.evaluated', { awareAt: run.awareAt, awareAtSource: run.awareAtSource, profile: run.profileSource, regimes: run.regimes.map((r) => r.id), duties: run.duties.length, after }, actor);
  await sealCase(db, log, `${after}:${entry.seq}`, actor);
}

/** Opens the case's database for writing and its custody log, runs `fn`, and closes both. */
async function withWritableCase<T>(caseDir: string, fn: (db: CaseDb, log: CustodyLog) => Promise<Result<T>>): Promise<Result<T>> {
  const dir = path.resolve(caseDir);
  if (!existsSync(path.join(dir, CUSTODY_DB)) || !existsSync(path.join(dir, CASE_DB))) return fail('NOT_FOUND', `No investigated case in ${caseDir}`);
  const db = await CaseDb.open(path.join(dir, CASE_DB));
  const log = CustodyLog.open(path.join(dir, CUSTODY_DB));
  try {
    for (const t of ['affected', 'duty_context']) {
      if (!(await db.one(sql`SELECT 1 FROM information_schema.tables WHERE table_name = ${t}`))) return fail('NOT_FOUND', `The case in ${caseDir} has not been investigated yet (no ${t} table): run the investigation first`);
    }
    return await fn(db, log);
  } finally {
    log.close();
    db.close();
  }
}

/** The affected records with this id (an 18-character id; several only when orgs share it): what the CLI assigns by id alone. */
export async function findAffectedRecords(caseDir: string, recordId: string): Promise<Result<{ orgId: string | null; object: string; recordId: string; jurisdiction: string }[]>> {
  const found = await withCaseDb(path.join(caseDir, CASE_DB), async (db) => {
    if (!(await db.one(sql`SELECT 1 FROM information_schema.tables WHERE table_name = 'affected'`))) return null;
    return db.all<{ orgId: string | null; object: string; recordId: string; jurisdiction: string }>(sql`
      SELECT org_id AS orgId, object, id AS recordId, any_value(jurisdiction) AS jurisdiction FROM affected WHERE id = ${recordId} GROUP BY ALL ORDER BY 1, 2`);
  });
  return found === null ? fail('NOT_FOUND', `No investigated case in ${caseDir}: run \`leakscope investigate\` first`) : ok(found);
}

/** The assignments in force in the case store, for listing. */
export function readCaseAssignments(caseDir: string): Result<JurisdictionAssignment[]> {
  const file = path.join(caseDir, CUSTODY_DB);
  if (!existsSync(file)) return fail('NOT_FOUND', `No case in ${caseDir}`);
  const log = CustodyLog.open(file, { key: null });
  try {
    return ok(jurisdictionAssignments(log.store()));
  } finally {
    log.close();
  }
}
