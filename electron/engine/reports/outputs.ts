/**
 * Writes the investigation's outputs, a stable contract documented in docs/OUTPUTS.md:
 * exports.json, affected.json, coverage.json, incident.json, affected/<CODE>.csv, other-records.csv, quarantine.csv, report.pdf and manifest.json
 * (SHA-256 of every input and output file).
 */
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { moveIntoPlace, startStaging } from './outputFolder.js';
import path from 'node:path';
import type { Coverage } from '../../../shared/coverage.js';
import type { InvestigationResult, SourceFile, QuarantinedRow } from '../../../shared/domain.js';
import { sha256File } from '../intake/hash.js';
import { csvDocument } from './csv.js';
import type { OutputHeader } from './integrations.js';
import type { DutiesRun } from '../duties/stage.js';
import { dutiesDocument } from './duties.js';
import type { IncidentReport } from './incident.js';
import { writeJsonWithStreamedList } from './streamedList.js';

export const OUTPUT_SCHEMA_VERSION = 1;

/** The custody chain as it stood when the outputs were written (`<seq>:<hash>`), and who signs it: anchors the chain from outside the case. */
export interface CustodyAnchor {
  head: string | null;
  signer: string | null;
}

type Body = Omit<InvestigationResult, 'outputs'>;

const RECORD_HEADER = ['Object', 'Id', 'Name', 'Email', 'Street', 'City', 'State', 'PostalCode', 'Country', 'Jurisdiction', 'JurisdictionBasis', 'Confidence', 'ExposedFields', 'ExportIds', 'Org', 'Categories'];

/**
 * Writes every output file into a staging folder beside `outDir` (marked INCOMPLETE), then moves
 * them into `outDir`, replacing only Leakscope's own earlier outputs; returns the list with hashes.
 */
export async function writeOutputs(
  body: Body,
  notes: readonly string[],
  tool: { name: string; version: string },
  extra: { writeAffected?: (dir: string) => Promise<string[]>; inScopeExportIds?: readonly string[]; scopedCoverage?: Coverage; quarantine?: readonly QuarantinedRow[]; duties?: DutiesRun; incident?: IncidentReport; runId?: string; custody?: CustodyAnchor; writeExports?: (file: string, header: Record<string, unknown>) => Promise<string | void>; writeIntegrations?: (dir: string, header: OutputHeader) => Promise<string>; writeQuarantine?: ((file: string) => Promise<void>) | null; writeInScopeIds?: (linesFile: string) => Promise<void>; writeNotificationLists?: (dir: string, custody: CustodyAnchor | null) => Promise<string>; writeReport?: (dir: string) => Promise<string>; writeRedacted?: (dir: string) => Promise<string[]>; writeLineage?: (dir: string, header: OutputHeader) => Promise<string>; writeSecrets?: (dir: string, header: OutputHeader) => Promise<string> } = {},
): Promise<{ file: string; sha256: string }[]> {
  const staging = await startStaging(body.outDir, extra.runId ?? 'unknown');
  try {
    const outputs = await writeInto(staging, body, notes, tool, extra);
    await moveIntoPlace(staging, body.outDir, outputs.map((o) => o.file));
    return outputs;
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

/** Writes every output file into `dir` (the staging folder) and returns the list with hashes. */
async function writeInto(
  dir: string,
  body: Body,
  notes: readonly string[],
  tool: { name: string; version: string },
  extra: { writeAffected?: (dir: string) => Promise<string[]>; inScopeExportIds?: readonly string[]; scopedCoverage?: Coverage; quarantine?: readonly QuarantinedRow[]; duties?: DutiesRun; incident?: IncidentReport; custody?: CustodyAnchor; writeExports?: (file: string, header: Record<string, unknown>) => Promise<string | void>; writeIntegrations?: (dir: string, header: OutputHeader) => Promise<string>; writeQuarantine?: ((file: string) => Promise<void>) | null; writeInScopeIds?: (linesFile: string) => Promise<void>; writeNotificationLists?: (dir: string, custody: CustodyAnchor | null) => Promise<string>; writeReport?: (dir: string) => Promise<string>; writeRedacted?: (dir: string) => Promise<string[]>; writeLineage?: (dir: string, header: OutputHeader) => Promise<string>; writeSecrets?: (dir: string, header: OutputHeader) => Promise<string> },
): Promise<{ file: string; sha256: string }[]> {
  await mkdir(path.join(dir, 'affected'), { recursive: true });
  // No clock time and no absolute path in any file but the manifest's generatedAt: the same case gives the same bytes.
  const header = { schemaVersion: OUTPUT_SCHEMA_VERSION, tool, caseDir: relativeCaseDir(body.outDir, body.caseDir) } satisfies OutputHeader;
  const written: string[] = [];
  const put = async (rel: string, text: string): Promise<void> => {
    await writeFile(path.join(dir, rel), text, 'utf8');
    written.push(rel);
  };
  // A writer that hashed its file as it wrote it returns the SHA-256, so the file is not read again.
  const known = new Map<string, string>();
  if (extra.writeExports) {
    // Written by the engine straight from the case tables (never the whole list in memory).
    const sha256 = await extra.writeExports(path.join(dir, 'exports.json'), { ...header, scope: body.scope });
    if (sha256) known.set('exports.json', sha256);
    written.push('exports.json');
  }
  if (extra.writeIntegrations) written.push(await extra.writeIntegrations(dir, header));
  if (extra.writeSecrets) written.push(await extra.writeSecrets(dir, header));
  const affected = {
    ...header, scope: body.scope, inScopeExportIds: extra.inScopeExportIds ?? [], problems: body.problems, summary: body.summary, jurisdictions: body.jurisdictions,
    unresolved: body.unresolved, notes, ...coverageSummary(extra.scopedCoverage ?? body.coverage),
  };
  if (extra.writeInScopeIds) {
    // The in-scope export ids come from the case table, written by DuckDB (streamedList.ts).
    const lines = path.join(dir, 'affected.json.ids');
    await extra.writeInScopeIds(lines);
    await writeJsonWithStreamedList(path.join(dir, 'affected.json'), affected, 'inScopeExportIds', lines);
    written.push('affected.json');
  } else await put('affected.json', json(affected));
  if (body.coverage) await put('coverage.json', json({ ...header, ...body.coverage }));
  if (extra.duties) await put('duties.json', dutiesDocument(header, extra.duties));
  if (extra.incident) await put('incident.json', json({ ...header, ...extra.incident }));
  // Written by DuckDB straight from the `affected` table (affectedFiles.ts); without it, only the header of other-records.csv.
  if (extra.writeAffected) written.push(...(await extra.writeAffected(dir)));
  else await put('other-records.csv', csvDocument(RECORD_HEADER, []));
  // notification-lists.xlsx, streamed from the case tables (reports/xlsxNotificationLists.ts).
  if (extra.writeNotificationLists) written.push(await extra.writeNotificationLists(dir, extra.custody ?? null));
  if (extra.writeQuarantine === null) {
    // Left out (the redacted report set): quarantined rows are raw source lines, personal data included.
  } else if (extra.writeQuarantine) {
    // Every quarantined row, written by DuckDB straight from the table (quarantineFile.ts).
    await extra.writeQuarantine(path.join(dir, 'quarantine.csv'));
    written.push('quarantine.csv');
  } else {
    await put(
      'quarantine.csv',
      csvDocument(['SourceId', 'File', 'Line', 'Reason', 'RawText'], (extra.quarantine ?? body.quarantine).map((q) => [q.sourceId, q.file, q.line, q.reason, q.raw])),
    );
  }
  // lineage.json: every summary and duty figure with the SQL behind it and the hashes of its inputs (lineage.ts).
  if (extra.writeLineage) written.push(await extra.writeLineage(dir, header));
  // report.pdf last: it quotes the hashes of the files above (reports/pdf/).
  if (extra.writeReport) written.push(await extra.writeReport(dir));
  // `--redacted`: the lists and the report again with names and emails masked, for wider circulation.
  if (extra.writeRedacted) written.push(...(await extra.writeRedacted(dir)));
  const outputs = [];
  for (const rel of written) outputs.push({ file: rel.split(path.sep).join('/'), sha256: known.get(rel) ?? (await sha256File(path.join(dir, rel))) });
  await writeFile(path.join(dir, 'manifest.json'), json({ schemaVersion: header.schemaVersion, generatedAt: new Date().toISOString(), tool, caseDir: header.caseDir, custody: extra.custody ?? null, inputs: body.sources.map(inputEntry), outputs }), 'utf8');
  return [...outputs, { file: 'manifest.json', sha256: await sha256File(path.join(dir, 'manifest.json')) }];
}

/** The per-type hour counts affected.json carries, so the conclusions travel with how much of the scope was logged. */
function coverageSummary(c: Coverage | undefined): { coverage?: unknown } {
  if (!c) return {};
  const types = Object.fromEntries(c.types.map((t) => [t.eventType, { ...t.hours, listedNotImported: t.listedNotImported, licence: t.licence }]));
  return { coverage: { from: c.from, to: c.to, asOf: c.asOf, totalHours: c.totalHours, licensedEvidence: c.licensedEvidence, types, summary: c.summary } };
}

/** The case folder as the outputs name it: relative to the output folder, `/`-separated. */
export function relativeCaseDir(outDir: string, caseDir: string): string {
  const rel = path.relative(path.resolve(outDir), path.resolve(caseDir));
  return path.isAbsolute(rel) ? rel : rel.split(path.sep).join('/') || '.';
}

/** A source as the manifest lists it: named by its path relative to the evidence folder given (never absolute) and its hash. */
function inputEntry(s: SourceFile): { path: string; sha256: string; bytes: number; kind: string; detail: string | null; rows: number; rejectedRows: number } {
  return { path: s.relativePath ?? s.name, sha256: s.sha256, bytes: s.bytes, kind: s.kind, detail: s.detail, rows: s.rows, rejectedRows: s.rejectedRows };
}

function json(v: unknown): string {
  return JSON.stringify(v, null, 2) + '\n';
}
