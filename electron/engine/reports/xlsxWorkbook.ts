/**
 * A streamed, deterministic XLSX workbook (exceljs's streaming writer): rows are written and committed as they come,
 * one sheet at a time, so a sheet of millions of rows never sits in memory. The same rows give the same bytes: the
 * document dates and every zip entry's time are one fixed instant (generation time belongs in manifest.json only).
 * Every cell is a plain string or number, never a formula; text a spreadsheet could still read as one when it is
 * edited or pasted elsewhere is made inert the way the CSV files are (`inertCell`).
 */
import { createRequire } from 'node:module';
import ExcelJS from 'exceljs';
import { inertCell } from './csv.js';

/** The fixed instant written as the workbook's created/modified time and every zip entry's time (DOS epoch, UTC). */
export const WORKBOOK_TIME = new Date(Date.UTC(1980, 0, 1, 0, 0, 0));
/** Excel's limit on the characters of one cell. */
const CELL_LIMIT = 32_767;

export type CellValue = string | number | null;

export interface StreamedSheet {
  /** Appends one row and commits it to the file (it is not kept). */
  row(values: readonly CellValue[], options?: { bold?: boolean }): void;
  /** Finishes the sheet; the next sheet can be started only after this. */
  done(): void;
}

interface ArchiveEntryData {
  name: string;
  date?: Date;
}
interface ZipLike {
  append(source: unknown, data: ArchiveEntryData): unknown;
}
/** The archiver module exceljs itself loads (its `create` makes the zip every writer writes through). */
const archiver = createRequire(createRequire(import.meta.url).resolve('exceljs'))('archiver') as { create: (format: string, options: unknown) => ZipLike };

/**
 * exceljs gives the archiver no entry date, so each zip entry would carry the time of writing (and some are added
 * inside the writer's constructor): while the writer is made, every zip made gets the fixed time on its entries.
 */
function withFixedEntryTimes<T>(make: () => T): T {
  const create = archiver.create;
  archiver.create = (format, options) => {
    const zip = create(format, options);
    const append = zip.append.bind(zip);
    zip.append = (source, data) => append(source, { ...data, date: WORKBOOK_TIME });
    return zip;
  };
  try {
    return make();
  } finally {
    archiver.create = create;
  }
}

/** Opens a workbook that streams to `file`; sheets are added one after another. */
export function openStreamedWorkbook(file: string): { sheet(name: string, widths: readonly number[]): StreamedSheet; finish(): Promise<void> } {
  const workbook = withFixedEntryTimes(() => new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useStyles: true, useSharedStrings: false }));
  workbook.creator = 'Leakscope';
  workbook.lastModifiedBy = 'Leakscope';
  workbook.created = WORKBOOK_TIME;
  workbook.modified = WORKBOOK_TIME;
  let open: ExcelJS.Worksheet | null = null;
  return {
    sheet(name, widths) {
      if (open !== null) throw new Error('internal: a workbook sheet was started before the previous one was done');
      const ws = workbook.addWorksheet(name);
      ws.columns = widths.map((width) => ({ width }));
      open = ws;
      return {
        row(values, options) {
          const row = ws.addRow(values.map(cellValue));
          if (options?.bold) row.font = { bold: true };
          row.commit();
        },
        done() {
          ws.commit();
          open = null;
        },
      };
    },
    async finish() {
      await workbook.commit();
    },
  };
}

/** One cell: numbers as numbers, text inert and within Excel's cell limit, null as an empty cell. */
function cellValue(v: CellValue): string | number | null {
  if (v === null || typeof v === 'number') return v;
  const text = inertCell(v);
  return text.length > CELL_LIMIT ? `${text.slice(0, CELL_LIMIT - 40)} … (cut at Excel's cell limit)` : text;
}

/** A valid, unique sheet name (at most 31 characters, none of : \ / ? * [ ]), given the names already taken. */
export function sheetName(wanted: string, taken: Set<string>): string {
  const clean = wanted.replace(/[:\\/?*[\]]/g, '_').replace(/^'+|'+$/g, '').trim() || 'Sheet';
  for (let n = 1; ; n++) {
    const suffix = n === 1 ? '' : ` (${n})`;
    const name = clean.slice(0, 31 - suffix.length) + suffix;
    if (!taken.has(name.toLowerCase()) && name.toLowerCase() !== 'history') {
      taken.add(name.toLowerCase());
      return name;
    }
  }
}
