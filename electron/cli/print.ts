/** Plain-text rendering of an investigation for the terminal. */
import type { InvestigationResult } from '../../shared/domain.js';

/** A short, readable summary of a finished run. */
export function formatSummary(r: InvestigationResult): string {
  const lines: string[] = [];
  const rows = r.sources.reduce((n, s) => n + s.rows, 0);
  const rejected = r.sources.reduce((n, s) => n + s.rejectedRows, 0);
  const suspicious = r.exports.filter((x) => x.suspicious).length;
  lines.push(`Sources:      ${r.sources.length} file(s), ${rows.toLocaleString('en-US')} row(s) loaded, ${rejected} quarantined`);
  lines.push(`Exports:      ${r.exports.length} logical export(s), ${suspicious} flagged suspicious, ${r.inScopeExportIds.length} in scope`);
  const inScope = new Set(r.inScopeExportIds);
  for (const x of r.exports.filter((e) => inScope.has(e.id))) {
    const who = x.integration.name ?? x.integration.connectedAppId ?? x.user.username ?? x.user.id ?? 'unknown';
    lines.push(`  ${x.id}  ${x.start}  ${x.channel.padEnd(12)} ${String(x.object ?? '?').padEnd(12)} rows=${x.rows ?? '?'}  ${who}  ${x.sourceIp ?? ''}${x.countOnly ? '  (COUNT only)' : ''}`);
  }
  lines.push(`Affected:     ${r.summary.records.toLocaleString('en-US')} person record(s) (confirmed ${r.summary.byConfidence.confirmed}, replayed ${r.summary.byConfidence.replayed}, possible ${r.summary.byConfidence.possible})`);
  for (const [object, n] of Object.entries(r.summary.otherObjects)) lines.push(`              ${n.toLocaleString('en-US')} ${object} record(s) exposed (not people)`);
  lines.push('Jurisdictions:');
  for (const j of r.jurisdictions) lines.push(`  ${j.code.padEnd(6)} ${String(j.records).padStart(6)}  ${j.name}${j.deadline ? ` — ${j.deadline}` : ''}`);
  if (r.unresolved.length) {
    lines.push('Unresolved exposure (not counted above):');
    for (const u of r.unresolved) lines.push(`  ${u.exportId}  ${u.object ?? '?'}  rows=${u.rows ?? '?'}  ${u.reason}`);
  }
  if (r.warnings.length) {
    lines.push(`Warnings (${r.warnings.length}):`);
    for (const w of r.warnings.slice(0, 20)) lines.push(`  ${w}`);
    if (r.warnings.length > 20) lines.push(`  … ${r.warnings.length - 20} more in affected.json`);
  }
  lines.push(`Report written to ${r.outDir}`);
  return lines.join('\n');
}
