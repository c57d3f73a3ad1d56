/**
 * Writes the investigation's outputs, a stable contract documented in docs/OUTPUTS.md:
 * exports.json, affected.json, coverage.json, affected/<CODE>.csv, other-records.csv, quarantine.csv and manifest.json
 * (SHA-256 of every input and output file).
 */
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Coverage } from '../../../shared/coverage.js';
import type { AffectedRecord, InvestigationResult, SourceFile, QuarantinedRow } from '../../../shared/domain.js';
import { sha256File } from '../intake/hash.js';
import { csvDocument } from './csv.js';

export const OUTPUT_SCHEMA_VERSION = 1;

type Body = Omit<InvestigationResult, 'outputs'>;

const RECORD_HEADER = ['Object', 'Id', 'Name', 'Email', 'Street', 'City', 'State', 'PostalCode', 'Country', 'Jurisdiction', 'JurisdictionBasis', 'Confidence', 'ExposedFields', 'ExportIds'];

/** Writes every output file into `outDir` and returns the list with hashes (`writtenBefore`: files other writers already put there, hashed into the manifest too). */
export async function writeOutputs(
  body: Body,
  records: readonly AffectedRecord[],
  notes: readonly string[],
  tool: { name: string; version: string },
  extra: { scopedCoverage?: Coverage; quarantine?: readonly QuarantinedRow[]; writtenBefore?: readonly string[] } = {},
): Promise<{ file: string; sha256: string }[]> {
  const dir = body.outDir;
  await mkdir(dir, { recursive: true });
  await rm(path.join(dir, 'affected'), { recursive: true, force: true });
  await mkdir(path.join(dir, 'affected'), { recursive: true });
  const generatedAt = new Date().toISOString();
  const header = { schemaVersion: OUTPUT_SCHEMA_VERSION, generatedAt, tool, caseDir: body.caseDir };
  const inScope = new Set(body.inScopeExportIds);
  const written: string[] = [...(extra.writtenBefore ?? [])];
  const put = async (rel: string, text: string): Promise<void> => {
    await writeFile(path.join(dir, rel), text, 'utf8');
    written.push(rel);
  };
  await put('exports.json', json({ ...header, scope: body.scope, exports: body.exports.map((x) => ({ ...x, inScope: inScope.has(x.id) })) }));
  await put(
    'affected.json',
    json({
      ...header, scope: body.scope, inScopeExportIds: body.inScopeExportIds, summary: body.summary, jurisdictions: body.jurisdictions,
      unresolved: body.unresolved, notes, ...coverageSummary(extra.scopedCoverage ?? body.coverage),
    }),
  );
  if (body.coverage) await put('coverage.json', json({ ...header, ...body.coverage }));
  const people = records.filter((r) => r.isPerson);
  for (const code of [...new Set(people.map((r) => r.jurisdiction.code))].sort()) {
    await put(path.join('affected', `${code}.csv`), csvDocument(RECORD_HEADER, people.filter((r) => r.jurisdiction.code === code).map(recordRow)));
  }
  await put('other-records.csv', csvDocument(RECORD_HEADER, records.filter((r) => !r.isPerson).map(recordRow)));
  await put(
    'quarantine.csv',
    csvDocument(['SourceId', 'File', 'Line', 'Reason', 'RawText'], (extra.quarantine ?? body.quarantine).map((q) => [q.sourceId, q.file, q.line, q.reason, q.raw])),
  );
  const outputs = [];
  for (const rel of written) outputs.push({ file: rel.split(path.sep).join('/'), sha256: await sha256File(path.join(dir, rel)) });
  await writeFile(path.join(dir, 'manifest.json'), json({ ...header, inputs: body.sources.map(inputEntry), outputs }), 'utf8');
  return [...outputs, { file: 'manifest.json', sha256: await sha256File(path.join(dir, 'manifest.json')) }];
}

/** The per-type hour counts affected.json carries, so the conclusions travel with how much of the scope was logged. */
function coverageSummary(c: Coverage | undefined): { coverage?: unknown } {
  if (!c) return {};
  const types = Object.fromEntries(c.types.map((t) => [t.eventType, { ...t.hours, listedNotImported: t.listedNotImported, licence: t.licence }]));
  return { coverage: { from: c.from, to: c.to, asOf: c.asOf, totalHours: c.totalHours, licensedEvidence: c.licensedEvidence, types, summary: c.summary } };
}

function recordRow(r: AffectedRecord): unknown[] {
  const a = r.address;
  return [r.object, r.id, r.name, r.email, a.street, a.city, a.state ?? a.stateCode, a.postalCode, a.country ?? a.countryCode, r.jurisdiction.code, r.jurisdiction.basis, r.confidence, r.exposedFields.join(';'), r.exportIds.join(';')];
}

function inputEntry(s: SourceFile): { path: string; sha256: string; bytes: number; kind: string; detail: string | null; rows: number; rejectedRows: number } {
  return { path: s.path, sha256: s.sha256, bytes: s.bytes, kind: s.kind, detail: s.detail, rows: s.rows, rejectedRows: s.rejectedRows };
}

function json(v: unknown): string {
  return JSON.stringify(v, null, 2) + '\n';
}
