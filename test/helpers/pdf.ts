/** Reads a PDF the way a person or a reviewer would, through Debian's poppler-utils (pdftotext, pdfinfo, pdftoppm). */
import { execFileSync } from 'node:child_process';

/** The PDF's text; `layout` keeps each table row on one line, as it is printed. */
export function pdfText(file: string, layout = true): string {
  return execFileSync('pdftotext', [...(layout ? ['-layout'] : []), '-enc', 'UTF-8', file, '-'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
}

/** How many pages pdfinfo counts. */
export function pdfPages(file: string): number {
  const m = /^Pages:\s+(\d+)/m.exec(execFileSync('pdfinfo', [file], { encoding: 'utf8' }));
  if (!m) throw new Error(`pdfinfo gave no page count for ${file}`);
  return Number(m[1]);
}

export interface PdfWord { page: number; width: number; height: number; xMin: number; yMin: number; xMax: number; yMax: number; text: string }

/** Every word with its box on its page (pdftotext -bbox). */
export function pdfWords(file: string): PdfWord[] {
  const html = execFileSync('pdftotext', ['-bbox', '-enc', 'UTF-8', file, '-'], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  const words: PdfWord[] = [];
  let page = 0;
  let width = 0;
  let height = 0;
  for (const m of html.matchAll(/<page width="([\d.]+)" height="([\d.]+)">|<word xMin="([\d.-]+)" yMin="([\d.-]+)" xMax="([\d.-]+)" yMax="([\d.-]+)">([^<]*)<\/word>/g)) {
    if (m[1] !== undefined) {
      page++;
      width = Number(m[1]);
      height = Number(m[2]);
    } else words.push({ page, width, height, xMin: Number(m[3]), yMin: Number(m[4]), xMax: Number(m[5]), yMax: Number(m[6]), text: m[7]! });
  }
  return words;
}

/** The text between two headings (the first line starting with `from` up to the first starting with `to`). */
export function section(text: string, from: string, to: string): string {
  const start = text.search(new RegExp(`^${escape(from)}`, 'm'));
  if (start < 0) throw new Error(`no heading ${from}`);
  const rest = text.slice(start);
  const end = rest.slice(1).search(new RegExp(`^${escape(to)}`, 'm'));
  return end < 0 ? rest : rest.slice(0, end + 1);
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
