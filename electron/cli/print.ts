/** Plain-text rendering of an investigation for the terminal; every line is made terminal-safe (evidence names can be hostile). */
import path from 'node:path';
import { noticeWords } from '../../shared/duties/summary.js';
import type { InvestigationResult, SkippedItem } from '../../shared/domain.js';
import type { ImportOutcome } from '../engine/importCase.js';
import { terminalSafe } from './terminal.js';

/** A short, readable summary of a finished run. */
export function formatSummary(r: InvestigationResult): string {
  const lines: string[] = [];
  // What makes the result empty or incomplete comes first, where the investigator looks.
  for (const p of r.problems ?? []) {
    lines.push(`${p.severity === 'blocker' ? 'PROBLEM' : 'Note'}:      ${p.message}`);
    lines.push(`              → ${p.action}`);
  }
  const rows = r.sources.reduce((n, s) => n + s.rows, 0);
  const rejected = r.sources.reduce((n, s) => n + s.rejectedRows, 0);
  lines.push(`Sources:      ${r.sources.length} file(s), ${rows.toLocaleString('en-US')} row(s) loaded, ${rejected} quarantined`);
  const c = r.exportCounts;
  lines.push(`Exports:      ${c.total.toLocaleString('en-US')} logical export(s), ${c.suspicious.toLocaleString('en-US')} flagged suspicious, ${c.inScope.toLocaleString('en-US')} in scope`);
  const channels = Object.entries(c.byChannel).map(([k, n]) => `${k} ${n.toLocaleString('en-US')}`);
  if (channels.length) lines.push(`              by channel: ${channels.join(', ')}`);
  lines.push(`              listed in ${path.join(r.outDir, 'exports.json')}; \`leakscope exports ${r.caseDir} --suspicious\` pages through them`);
  lines.push(`Affected:     ${r.summary.records.toLocaleString('en-US')} person record(s) (confirmed ${r.summary.byConfidence.confirmed}, replayed ${r.summary.byConfidence.replayed}, possible ${r.summary.byConfidence.possible})`);
  for (const [object, n] of Object.entries(r.summary.otherObjects)) lines.push(`              ${n.toLocaleString('en-US')} ${object} record(s) exposed (not people)`);
  lines.push('Jurisdictions:');
  for (const j of r.jurisdictions) {
    const duty = j.notices === undefined ? j.deadline : noticeWords(j.notices);
    lines.push(`  ${j.code.padEnd(6)} ${String(j.records).padStart(6)}  ${j.name}${duty ? ` — ${duty}` : ''}`);
  }
  if (r.unresolved.length) {
    lines.push('Unresolved exposure (not counted above):');
    for (const u of r.unresolved.slice(0, 50)) lines.push(`  ${u.exportId}  ${u.object ?? '?'}  rows=${u.rows ?? '?'}  ${u.reason}`);
    if (r.unresolved.length > 50) lines.push(`  … ${r.unresolved.length - 50} more (affected.json lists all, under "unresolved")`);
  }
  if (r.secrets) lines.push(`Secrets:      ${r.secrets.summary}`);
  if (r.coverage) lines.push(`Coverage:     ${r.coverage.summary} (hour by hour in coverage.json)`);
  if (r.quarantinedRows > 0) lines.push(`Quarantined:  ${r.quarantinedRows} malformed row(s) set aside, listed with file, line and reason in quarantine.csv`);
  skippedLines(lines, r.skipped);
  const warnings = otherWarnings(r.warnings, r.skipped);
  if (warnings.length) {
    lines.push(`Warnings (${warnings.length}):`);
    for (const w of warnings.slice(0, 20)) lines.push(`  ${w}`);
    if (warnings.length > 20) lines.push(`  … ${warnings.length - 20} more (leakscope investigate --json lists all)`);
  }
  lines.push(`Report written to ${r.outDir}`);
  return lines.map(terminalSafe).join('\n');
}

/** What `leakscope import` took in, quarantined and refused. */
export function formatImport(r: ImportOutcome): string {
  const lines: string[] = [];
  const added = new Set(r.added);
  const fresh = r.sources.filter((s) => added.has(s.id));
  lines.push(`Case:         ${r.caseDir}`);
  lines.push(`Imported:     ${fresh.length} new source(s), ${fresh.reduce((n, s) => n + s.rows, 0).toLocaleString('en-US')} row(s); the case now holds ${r.sources.length} source(s), ${r.events.toLocaleString('en-US')} event(s)`);
  for (const s of fresh) lines.push(`  #${s.id}  ${s.kind.padEnd(7)} ${String(s.detail ?? '').padEnd(22)} rows=${s.rows}${s.rejectedRows ? ` quarantined=${s.rejectedRows}` : ''}  ${s.sha256.slice(0, 16)}…  ${s.path}`);
  if (r.quarantine.length) {
    lines.push(`Quarantined rows (${r.quarantine.length}):`);
    for (const q of r.quarantine.slice(0, 50)) lines.push(`  ${q.file}:${q.line ?? '?'}  ${q.reason}`);
    if (r.quarantine.length > 50) lines.push(`  … ${r.quarantine.length - 50} more (leakscope import --json lists all)`);
  }
  skippedLines(lines, r.skipped);
  const warnings = otherWarnings(r.warnings, r.skipped);
  if (warnings.length) {
    lines.push(`Warnings (${warnings.length}):`);
    for (const w of warnings) lines.push(`  ${w}`);
  }
  return lines.map(terminalSafe).join('\n');
}

/** The "Not taken in" block: every skipped file, folder, link or member with the reason (at most 50 lines). */
function skippedLines(lines: string[], skipped: readonly SkippedItem[]): void {
  if (!skipped.length) return;
  lines.push(`Not taken in (${skipped.length}):`);
  for (const s of skipped.slice(0, 50)) lines.push(`  ${s.path}  — ${s.reason}`);
  if (skipped.length > 50) lines.push(`  … ${skipped.length - 50} more (--json lists all; each is in the custody log as source.skipped)`);
}

/** The warnings that are not already shown as skipped items (each skipped item is also a warning line). */
export function otherWarnings(warnings: readonly string[], skipped: readonly SkippedItem[]): string[] {
  const shown = new Set(skipped.map((s) => `${s.path}: ${s.reason}`));
  return warnings.filter((w) => !shown.has(w));
}
