/**
 * The main job end to end: intake → reconstruction → scope → scoping → jurisdictions → outputs.
 * The CLI, the Electron app and the web host all run this same function.
 */
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { AffectedRecord, InvestigationResult, InvestigationScope } from '../../shared/domain.js';
import { fail, ok, type Result } from '../../shared/result.js';
import { buildAttribution, connectedAppNames, loginUserAgents, usernames } from './analysis/attribution.js';
import { buildBaselines } from './analysis/baseline.js';
import { readExportEvents } from './analysis/candidates.js';
import { reconstructExports } from './analysis/exports.js';
import { materialiseExports } from './analysis/exportTables.js';
import { buildIntegrationAccess } from './analysis/access.js';
import { attachSourceIpInfo, buildIpIntel } from './analysis/ipIntel.js';
import { loadIndicators } from './analysis/indicators.js';
import { selectInScope } from './analysis/scope.js';
import { flagExports } from './analysis/suspicion.js';
import { computeCoverage, scopeCoverage } from './analysis/coverage.js';
import { CustodyLog } from './casestore/custody.js';
import { CASE_DB, CUSTODY_DB } from './caseLayout.js';
import { readQuarantine } from './importCase.js';
import { intakeEvidence } from './intake/intake.js';
import type { ProgressListener } from './intake/progress.js';
import { loadJurisdictionData } from './jurisdiction/loadTables.js';
import { writeIntegrations } from './reports/integrations.js';
import { OUTPUT_SCHEMA_VERSION, writeOutputs } from './reports/outputs.js';
import { buildAffected, jurisdictionCounts, summarise } from './scoping/affected.js';
import { scopeExports } from './scoping/replay.js';
import { CaseDb } from './store/duck.js';
import { migrate } from './store/migrate.js';

export interface InvestigateRequest {
  evidencePaths: string[];
  outDir: string;
  caseDir?: string;
  scope: InvestigationScope;
  resourcesDir: string;
  tool: { name: string; version: string };
  actor?: string;
  signal?: AbortSignal;
  onProgress?: ProgressListener;
  /** Keep a verified read-only copy of every source in `<case>/evidence`. */
  copyEvidence?: boolean;
  /** Take every given file as an export of this sObject (`--as`). */
  asObject?: string;
}

export { CASE_DB, CUSTODY_DB } from './caseLayout.js';

/** Runs a whole investigation and writes its outputs; every failure comes back as a Result. */
export async function investigate(req: InvestigateRequest): Promise<Result<InvestigationResult>> {
  try {
    return await run(req);
  } catch (e) {
    return fail('INTERNAL', `Investigation failed: ${e instanceof Error ? e.message : String(e)}`);
  }
}

async function run(req: InvestigateRequest): Promise<Result<InvestigationResult>> {
  const missing = req.evidencePaths.filter((p) => !existsSync(p));
  if (missing.length) return fail('NOT_FOUND', `Evidence path not found: ${missing.join(', ')}`);
  const outDir = path.resolve(req.outDir);
  const caseDir = path.resolve(req.caseDir ?? path.join(outDir, 'case'));
  const geo = loadJurisdictionData(path.join(req.resourcesDir, 'jurisdictions'));
  if (!geo.ok) return geo;
  await mkdir(caseDir, { recursive: true });
  // A case accumulates evidence: files already in it (same SHA-256) are not imported again.
  const custody = CustodyLog.open(path.join(caseDir, CUSTODY_DB));
  const db = await CaseDb.open(path.join(caseDir, CASE_DB));
  try {
    await migrate(db);
    custody.append('investigation.started', { evidencePaths: req.evidencePaths.map((p) => path.resolve(p)), scope: req.scope, tool: req.tool }, req.actor);
    const intake = await intakeEvidence(db, custody, req.evidencePaths, { signal: req.signal, onProgress: req.onProgress, actor: req.actor, copyEvidenceTo: req.copyEvidence ? path.join(caseDir, 'evidence') : undefined, asObject: req.asObject });
    if (intake.cancelled) return fail('CANCELLED', intake.warnings[intake.warnings.length - 1] ?? 'Import cancelled');
    const coverage = await computeCoverage(db, null, null);
    const intel = await buildIpIntel(db, req.resourcesDir, { signal: req.signal });
    if (intel.cancelled) return fail('CANCELLED', 'Investigation cancelled during IP intelligence');
    await buildAttribution(db);
    const events = await readExportEvents(db);
    const { exports, loggedRecordIds } = reconstructExports(events, {
      appNames: await connectedAppNames(db),
      usernames: await usernames(db),
      loginUserAgents: await loginUserAgents(db),
      sourceFiles: new Map(intake.sources.map((s) => [s.id, { file: s.path, sha256: s.sha256 }])),
    });
    flagExports(exports, await buildBaselines(db), loadIndicators(req.resourcesDir));
    await materialiseExports(db, exports, loggedRecordIds);
    await attachSourceIpInfo(db, exports);
    const access = await buildIntegrationAccess(db);
    const inScopeExportIds = selectInScope(exports, req.scope);
    const inScope = new Set(inScopeExportIds);
    const scoped = await scopeExports(db, exports.filter((x) => inScope.has(x.id)), loggedRecordIds);
    const records = await buildAffected(db, scoped.exposures, geo.value);
    await storeAffected(db, records);
    const summary = summarise(records);
    const body = {
      caseDir,
      outDir,
      scope: req.scope,
      sources: intake.sources,
      exports,
      inScopeExportIds,
      summary,
      jurisdictions: jurisdictionCounts(summary, geo.value),
      unresolved: scoped.unresolved,
      warnings: [...intake.warnings, ...geo.value.warnings, ...scoped.notes, ...intel.warnings, ...access.warnings],
      quarantine: await readQuarantine(db, 'all', 1000),
      quarantinedRows: (await db.one<{ n: number }>('SELECT count(*)::BIGINT AS n FROM quarantine'))?.n ?? 0,
      coverage,
    };
    await mkdir(outDir, { recursive: true });
    const integrationsFile = await writeIntegrations(db, outDir, { schemaVersion: OUTPUT_SCHEMA_VERSION, generatedAt: new Date().toISOString(), tool: req.tool, caseDir }, [...intel.warnings, ...access.warnings]);
    const outputs = await writeOutputs(body, records, scoped.notes, req.tool, { scopedCoverage: await scopeCoverage(db, req.scope, coverage), quarantine: await readQuarantine(db, 'all'), writtenBefore: [integrationsFile] });
    custody.append('report.written', { outDir, outputs }, req.actor);
    return ok({ ...body, outputs });
  } finally {
    db.close();
    custody.close();
  }
}

async function storeAffected(db: CaseDb, records: readonly AffectedRecord[]): Promise<void> {
  await db.run('DELETE FROM affected');
  await db.appendRows(
    'affected',
    records.map((r) => [
      r.object, r.id, r.isPerson, r.name, r.email, r.address.street, r.address.city, r.address.state ?? r.address.stateCode,
      r.address.postalCode, r.address.country ?? r.address.countryCode, r.jurisdiction.code, r.jurisdiction.confidence,
      r.jurisdiction.basis, r.confidence, r.exposedFields.join(';'), r.exportIds.join(';'),
    ]),
  );
}
