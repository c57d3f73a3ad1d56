/**
 * The page machinery of report.pdf over pdfkit: A4 pages with the case id and the marking in the header and
 * "page i of n" in the footer, headings, paragraphs, label/value lists and tables that break across pages with their
 * header repeated and every cell bounded (a hostile value is cut with a mark, never spills over its neighbours).
 */
import PDFDocument from 'pdfkit';
import type { FontRole, ReportFonts } from './fonts.js';
import { visible } from './text.js';

export interface Column {
  title: string;
  /** Share of the text width (the shares of a table add up to 1). */
  width: number;
  align?: 'left' | 'right';
  mono?: boolean;
}

export interface PageSetup {
  caseId: string;
  marking: string;
  creationDate: Date;
  title: string;
}

const MARGIN = { top: 62, bottom: 56, left: 48, right: 48 };
const BODY = 9;
const SMALL = 7.5;
/** A table cell holds at most this many lines; the rest is cut with an ellipsis. */
const MAX_CELL_LINES = 6;
const GREY = '#555555';
const RULE = '#bbbbbb';

/** One report being laid out: sections write into it top to bottom; `finish` stamps headers and footers. */
export class ReportLayout {
  readonly doc: PDFKit.PDFDocument;

  constructor(
    private readonly fonts: ReportFonts,
    private readonly setup: PageSetup,
  ) {
    this.doc = new PDFDocument({
      size: 'A4', margins: MARGIN, bufferPages: true, autoFirstPage: true, compress: true, lang: 'en',
      info: { Title: setup.title, Author: 'Leakscope', Creator: 'Leakscope', Producer: 'Leakscope (pdfkit)', CreationDate: setup.creationDate, ModDate: setup.creationDate },
    });
    for (const [role, bytes] of Object.entries(fonts.files)) this.doc.registerFont(role, bytes);
    this.use('regular', BODY);
  }

  get left(): number {
    return MARGIN.left;
  }

  /** A short label of the report's own wording at a point (charts). */
  label(text: string, x: number, y: number, opts: { width?: number; align?: 'left' | 'center' | 'right'; color?: string } = {}): void {
    this.doc.fillColor(opts.color ?? GREY).text(this.prepare(text, 'regular', 6.5), x, y, { width: opts.width ?? 80, align: opts.align ?? 'left', lineBreak: false, height: 10, ellipsis: true });
  }

  get width(): number {
    return this.doc.page.width - MARGIN.left - MARGIN.right;
  }

  private get bottom(): number {
    return this.doc.page.height - MARGIN.bottom;
  }

  private use(role: FontRole, size: number): void {
    this.doc.font(role).fontSize(size);
  }

  /** Sets the font for `text` (CJK when it needs it) and returns the text made visible. */
  private prepare(text: string, role: 'regular' | 'bold' | 'mono', size: number, keepLines = false): string {
    const shown = visible(text, keepLines);
    this.use(this.fonts.pick(shown, role), size);
    return shown;
  }

  /** Starts a new page unless at least `space` points are left on this one. */
  ensure(space: number): void {
    if (this.doc.y + space > this.bottom) this.doc.addPage();
  }

  newPage(): void {
    this.doc.addPage();
  }

  /** A section title (numbered by the caller), starting a page when little room is left. */
  heading(text: string): void {
    this.ensure(80);
    this.doc.moveDown(0.6);
    this.doc.fillColor('black').text(this.prepare(text, 'bold', 14), MARGIN.left, this.doc.y, { width: this.width });
    const y = this.doc.y + 2;
    this.doc.moveTo(MARGIN.left, y).lineTo(MARGIN.left + this.width, y).lineWidth(0.6).strokeColor(RULE).stroke();
    this.doc.y = y + 6;
  }

  subheading(text: string): void {
    this.ensure(110); // a subheading keeps with the start of what it introduces
    this.doc.moveDown(0.4);
    this.doc.fillColor('black').text(this.prepare(text, 'bold', 10.5), MARGIN.left, this.doc.y, { width: this.width });
    this.doc.moveDown(0.2);
  }

  /** A paragraph of running text (evidence values in it are made visible). */
  para(text: string, opts: { size?: number; grey?: boolean; bold?: boolean; mono?: boolean } = {}): void {
    const shown = this.prepare(text, opts.bold ? 'bold' : opts.mono ? 'mono' : 'regular', opts.size ?? BODY);
    this.ensure(this.doc.heightOfString(shown, { width: this.width }) > 200 ? 40 : this.doc.heightOfString(shown, { width: this.width }));
    this.doc.fillColor(opts.grey ? GREY : 'black').text(shown, MARGIN.left, this.doc.y, { width: this.width });
    this.doc.moveDown(0.35);
  }

  /** Bullet list items. */
  bullets(items: readonly string[]): void {
    for (const item of items) this.para(`•  ${item}`);
  }

  /** Label / value lines, the label in bold in a fixed column. */
  facts(rows: readonly (readonly [string, string])[]): void {
    const labelWidth = Math.min(150, this.width * 0.3);
    for (const [label, value] of rows) {
      const shownValue = this.prepare(value, 'regular', BODY, true);
      const h = Math.max(this.doc.heightOfString(shownValue, { width: this.width - labelWidth }), 12);
      this.ensure(Math.min(h, 120));
      const y = this.doc.y;
      this.doc.fillColor('black').text(this.prepare(label, 'bold', BODY), MARGIN.left, y, { width: labelWidth - 8 });
      const afterLabel = this.doc.y;
      this.doc.text(this.prepare(value, 'regular', BODY, true), MARGIN.left + labelWidth, y, { width: this.width - labelWidth });
      this.doc.y = Math.max(this.doc.y, afterLabel) + 2;
    }
    this.doc.moveDown(0.3);
  }

  /** A table: the header repeats on every page it runs over; each cell is bounded to a few lines. */
  table(columns: readonly Column[], rows: readonly (readonly string[])[], opts: { size?: number } = {}): void {
    const size = opts.size ?? SMALL;
    const widths = columns.map((c) => c.width * this.width);
    const pad = 2.5;
    const lineHeight = (role: FontRole): number => {
      this.use(role, size);
      return this.doc.currentLineHeight(true);
    };
    const cellHeight = (text: string, i: number, bold: boolean): number => {
      const shown = this.prepare(text, bold ? 'bold' : columns[i]!.mono ? 'mono' : 'regular', size, true);
      const h = this.doc.heightOfString(shown, { width: widths[i]! - 2 * pad });
      return Math.min(h, MAX_CELL_LINES * lineHeight(bold ? 'bold' : 'regular') + 1);
    };
    const rowHeight = (cells: readonly string[], bold: boolean): number => Math.max(...cells.map((c, i) => cellHeight(c, i, bold)), lineHeight('regular')) + 2 * pad;
    const drawRow = (cells: readonly string[], bold: boolean, shade: boolean): void => {
      const h = rowHeight(cells, bold);
      this.ensure(h);
      if (!bold && this.doc.y === MARGIN.top) drawRow(header, true, true);
      const y = this.doc.y;
      if (shade) this.doc.rect(MARGIN.left, y, this.width, h).fillColor('#eeeeee').fill();
      let x = MARGIN.left;
      cells.forEach((cell, i) => {
        const shown = this.prepare(cell, bold ? 'bold' : columns[i]!.mono ? 'mono' : 'regular', size, true);
        this.doc.fillColor('black').text(shown, x + pad, y + pad, {
          width: widths[i]! - 2 * pad, height: h - 2 * pad, ellipsis: true, align: columns[i]!.align ?? 'left', lineBreak: true,
        });
        x += widths[i]!;
      });
      this.doc.moveTo(MARGIN.left, y + h).lineTo(MARGIN.left + this.width, y + h).lineWidth(0.3).strokeColor(RULE).stroke();
      this.doc.x = MARGIN.left;
      this.doc.y = y + h;
    };
    const header = columns.map((c) => c.title);
    // The header never stands alone at the foot of a page: it goes with the first row.
    this.ensure(rowHeight(header, true) + (rows[0] ? rowHeight(rows[0], false) : 0));
    drawRow(header, true, true);
    for (const row of rows) drawRow(row, false, false);
    this.doc.moveDown(0.6);
    this.use('regular', BODY);
  }

  /** Stamps every page's header (case id, marking) and footer (page i of n), then ends the document. */
  finish(): void {
    const range = this.doc.bufferedPageRange();
    for (let i = range.start; i < range.start + range.count; i++) {
      this.doc.switchToPage(i);
      const page = this.doc.page;
      const saved = page.margins.bottom;
      page.margins.bottom = 0; // writing in the margin must not open a new page
      const left = MARGIN.left;
      this.doc.fillColor(GREY).text(this.prepare(`Leakscope report — case ${this.setup.caseId}`, 'regular', SMALL), left, 30, { width: this.width * 0.55, height: 12, ellipsis: true, lineBreak: false });
      this.doc.fillColor('#8b0000').text(this.prepare(this.setup.marking, 'bold', SMALL), left + this.width * 0.45, 30, { width: this.width * 0.55, align: 'right', height: 12, ellipsis: true, lineBreak: false });
      this.doc.moveTo(left, 44).lineTo(left + this.width, 44).lineWidth(0.4).strokeColor(RULE).stroke();
      this.doc.fillColor(GREY).text(this.prepare(`${this.setup.caseId} · page ${i - range.start + 1} of ${range.count}`, 'regular', SMALL), left, page.height - 36, { width: this.width, align: 'center', height: 12, lineBreak: false });
      page.margins.bottom = saved;
    }
    this.doc.end();
  }
}
