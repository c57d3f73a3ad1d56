/**
 * report.pdf: one PDF for counsel and the breach-scoping session stating what happened and whom to notify, every
 * figure read from the case tables and traced to source lines and hashes. The same case gives the same bytes: the
 * CreationDate is the custody head's time, no absolute path and no clock time is written.
 */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import path from 'node:path';
import type { CaseDb } from '../../store/duck.js';
import { backSections } from './backIndex.js';
import { gatherFacts, type FactSources } from './facts.js';
import { executiveSummary, suspiciousExports, timeline, titlePage } from './frontSections.js';
import { reportFonts } from './fonts.js';
import { ReportLayout } from './layout.js';

export const REPORT_PDF = 'report.pdf';
/** The redacted variant for wider circulation (names and emails masked, ids kept). */
export const REDACTED_REPORT_PDF = 'report.redacted.pdf';

export interface ReportProgress {
  signal?: AbortSignal;
  onProgress?: (section: string, done: number, total: number) => void;
}

/** Writes report.pdf to `file` from the case open in `db`; returns how many pages it has (or that it was cancelled). */
export async function writeReportPdf(db: CaseDb, file: string, from: FactSources & ReportProgress): Promise<{ pages: number; cancelled: boolean }> {
  from.onProgress?.('reading the case tables', 0, 1);
  const facts = await gatherFacts(db, from);
  if (from.signal?.aborted) return { pages: 0, cancelled: true };
  const creationDate = new Date(facts.custody.head?.at ?? facts.custody.startedAt ?? '2000-01-01T00:00:00Z');
  const out = new ReportLayout(reportFonts(), {
    caseId: facts.custody.caseId, marking: facts.marking, creationDate, title: `Leakscope report${facts.redacted ? ' (redacted)' : ''} — case ${facts.caseName}`,
  });
  const stream = createWriteStream(file);
  out.doc.pipe(stream);
  const sections = [titlePage, (o: ReportLayout) => o.newPage(), executiveSummary, timeline, suspiciousExports, ...backSections];
  let cancelled = false;
  for (const [i, section] of sections.entries()) {
    if (from.signal?.aborted) {
      cancelled = true;
      break;
    }
    from.onProgress?.(section.name || 'page break', i, sections.length);
    section(out, facts);
  }
  const pages = out.doc.bufferedPageRange().count;
  out.finish();
  await once(stream, 'finish');
  return { pages, cancelled };
}

/**
 * Writes report.pdf into an output folder being staged (the other outputs already in it, so their hashes are quoted);
 * returns its name. Takes seconds, so `investigate` does not cancel it halfway (`leakscope report` can).
 */
export async function writeReportInto(db: CaseDb, dir: string, from: Omit<FactSources, 'outputsDir'> & ReportProgress): Promise<string> {
  const name = from.redacted ? REDACTED_REPORT_PDF : REPORT_PDF;
  await writeReportPdf(db, path.join(dir, name), { ...from, outputsDir: dir });
  return name;
}
