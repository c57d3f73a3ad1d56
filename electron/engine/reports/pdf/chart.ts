/**
 * The incident timeline as a chart in report.pdf: the flagged exports on a time axis (one mark each, its height by
 * rows returned), the first and last suspicious event, and the action that contained the incident — so the reader
 * sees at a glance how long the exposure ran before it was cut.
 */
import type { ReportFacts } from './facts.js';
import type { ReportLayout } from './layout.js';
import { utc } from './text.js';

const HEIGHT = 110;

/** Draws the chart below the current position; nothing when no export is flagged. */
export function timelineChart(out: ReportLayout, f: ReportFacts): void {
  const t = f.timeline;
  const first = t.firstSuspiciousEvent?.at;
  const last = t.lastSuspiciousEvent?.at;
  if (!first || !last) return;
  const cut = t.timeToContainment?.action.at ?? null;
  const times = [first, last, ...(cut ? [cut] : [])].map((s) => Date.parse(s));
  const lo = Math.min(...times);
  const hi = Math.max(...times);
  const span = Math.max(hi - lo, 60_000);
  const from = lo - span * 0.05;
  const to = hi + span * 0.05;
  out.ensure(HEIGHT + 30);
  const doc = out.doc;
  const top = doc.y + 6;
  const axis = top + HEIGHT - 24;
  const x = (ms: number): number => out.left + ((ms - from) / (to - from)) * out.width;
  doc.moveTo(out.left, axis).lineTo(out.left + out.width, axis).lineWidth(0.6).strokeColor('#444444').stroke();
  for (let i = 0; i <= 4; i++) {
    const ms = from + ((to - from) * i) / 4;
    doc.moveTo(x(ms), axis).lineTo(x(ms), axis + 3).strokeColor('#444444').stroke();
    out.label(utc(new Date(ms).toISOString()).replace(' UTC', ''), Math.min(Math.max(x(ms) - 40, out.left), out.left + out.width - 80), axis + 5, { align: 'center' });
  }
  const maxRows = Math.max(1, ...f.incident.exports.map((e) => e.rows ?? 0));
  for (const e of f.incident.exports) {
    if (!e.start) continue;
    const h = 6 + (Math.log10(1 + (e.rows ?? 0)) / Math.log10(1 + maxRows)) * (HEIGHT - 50);
    const px = x(Date.parse(e.start));
    doc.rect(px - 1.2, axis - h, 2.4, h).fillColor(e.countOnly ? '#9aa7b8' : '#2f5d8a').fill();
  }
  const marker = (at: string, color: string, text: string, row: number): void => {
    const px = x(Date.parse(at));
    doc.moveTo(px, top + 12 * row).lineTo(px, axis).lineWidth(0.8).dash(2, { space: 2 }).strokeColor(color).stroke().undash();
    const alignRight = px > out.left + out.width * 0.6;
    out.label(text, alignRight ? px - 222 : px + 3, top + 12 * row, { width: 220, align: alignRight ? 'right' : 'left', color });
  };
  marker(first, '#555555', `first suspicious event ${utc(first)}`, 0);
  marker(last, '#555555', `last suspicious event ${utc(last)}`, 1);
  if (cut) marker(cut, '#8b0000', `contained (${t.timeToContainment!.action.kind}) ${utc(cut)}`, 2);
  doc.x = out.left;
  doc.y = axis + 18;
  out.para(`Each bar is a flagged export at its start time, its height by the rows it returned (log scale; light bars are COUNT() queries)${f.incident.flagged > f.incident.exports.length ? `; the first ${f.incident.exports.length} flagged exports are drawn` : ''}.`, { grey: true, size: 7 });
}
