/** Plain-text rendering of a page of exports for `leakscope exports`. */
import type { ExportRow } from '../engine/analysis/exportReader.js';

/** One line per export, then where the page sits in the whole list. */
export function formatExports(page: { total: number; offset: number; exports: ExportRow[] }): string {
  const lines = page.exports.map((x) => {
    const who = x.integration.name ?? x.integration.connectedAppId ?? x.user.username ?? x.user.id ?? 'unknown';
    const org = x.org.name ?? x.org.id ?? 'org ?';
    const extra = [x.countOnly ? 'COUNT only' : null, x.deletedAt ? `deleted ${x.deletedAt}` : null, x.reasons.length ? `flags: ${x.reasons.map((r) => r.code).join(', ')}` : null]
      .filter(Boolean).join('; ');
    return `${x.id}  ${x.start}  ${org}  ${x.channel.padEnd(13)} ${String(x.object ?? '?').padEnd(12)} rows=${x.rows ?? '?'}  ${who}  ${x.sourceIp ?? ''}${extra ? `  (${extra})` : ''}`;
  });
  const last = page.offset + page.exports.length;
  lines.push(page.total === 0 ? 'No export matches.' : `Exports ${page.exports.length ? page.offset + 1 : 0}–${last} of ${page.total}${last < page.total ? ` (next: --offset ${last})` : ''}`);
  return lines.join('\n');
}
