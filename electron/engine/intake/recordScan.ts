/**
 * What a record of a delimited file is, decided from the bytes alone, apart from DuckDB's reader:
 * records end at a line feed outside a quoted field; a quote opens a quoted field only at the
 * start of a field; a doubled quote inside one is a literal quote; a line that is empty (or holds
 * only a carriage return) is no record. Records are numbered 1, 2, … after the header (record 0),
 * as `_rec` and `leakscope line` number them. The scanner also says what is wrong with a record
 * (wrong number of fields, a stray quote, unterminated quotes, too long), which is how the
 * fallback pass isolates bad records when DuckDB's reader cannot be trusted with a file.
 */

/** Why a record cannot be loaded as it stands (named like DuckDB's CSV error classes). */
export type RecordProblem =
  | 'TOO MANY COLUMNS' | 'MISSING COLUMNS' | 'UNQUOTED VALUE' | 'UNTERMINATED QUOTES' | 'LINE SIZE OVER MAXIMUM' | 'LONE CARRIAGE RETURN';

export interface ScannedRecord {
  /** 0 for the header, then 1, 2, … for data records. */
  record: number;
  /** Physical line the record starts on (the header is line 1). */
  line: number;
  /** Byte offset of the record's first byte in the file. */
  byte: number;
  /** The record's length in bytes, without its line break. */
  length: number;
  fields: number;
  problem: RecordProblem | null;
  /** The record's bytes (only when the scanner keeps them; at most `keepBytes` of a long record). */
  slices: Buffer[];
}

export interface ScanOptions {
  delimiter: string;
  /** Fields a record must have; records with another count are flagged. 0 = any. */
  fields: number;
  /** Longest record loaded (DuckDB's max_line_size); longer ones are flagged. */
  maxRecordBytes: number;
  /** Keep every record's bytes (for writing a clean copy), long ones cut to `keepBytes`. */
  keep: boolean;
  keepBytes?: number;
}

const LF = 0x0a;
const CR = 0x0d;
const QUOTE = 0x22;
const SPACE = 0x20;

// States: line start (nothing yet), line start after CR, field start, unquoted field, quoted field, a quote inside a
// quoted field (closing it, or the first of a doubled quote), spaces after a closing quote.
const LINE_START = 0;
const LINE_START_CR = 1;
const FIELD_START = 2;
const UNQUOTED = 3;
const QUOTED = 4;
const QUOTE_IN_QUOTED = 5;
const AFTER_QUOTE = 6;

/** Scans a file's bytes chunk by chunk and reports every record (header included) to `onRecord`. */
export class RecordScanner {
  private state = LINE_START;
  private offset = 0;
  private line = 1;
  private record = 0;
  private start = 0;
  private startLine = 1;
  private fields = 1;
  private problem: RecordProblem | null = null;
  private slices: Buffer[] = [];
  private kept = 0;
  private first = true;
  /** A carriage return outside quotes was the last byte: the next must be a line feed. */
  private cr = false;
  /** Lines that hold no record (empty, or only a carriage return). */
  blankLines = 0;
  /** Blank lines seen since the last record: those at the very end of a file change no record's number. */
  private trailingBlanks = 0;
  private readonly delim: number;
  private readonly keepBytes: number;

  constructor(private readonly options: ScanOptions, private readonly onRecord: (r: ScannedRecord) => void) {
    this.delim = options.delimiter.charCodeAt(0);
    this.keepBytes = options.keepBytes ?? options.maxRecordBytes;
  }

  /** Blank lines between records (they would shift record numbers if a reader counted them). */
  get interiorBlankLines(): number {
    return this.blankLines - this.trailingBlanks;
  }

  /** Data records seen so far (the header excluded). */
  get records(): number {
    return Math.max(0, this.record - 1);
  }

  /** Feeds the next chunk of the file. */
  push(chunk: Buffer): void {
    let i = 0;
    if (this.first) {
      this.first = false;
      if (chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf) i = 3; // UTF-8 BOM: part of the header's bytes, not of its text
    }
    let segment = 0; // where the current record's bytes begin in this chunk
    const d = this.delim;
    for (; i < chunk.length; i++) {
      const b = chunk[i]!;
      if (this.cr) {
        this.cr = false;
        // DuckDB's reader gives up on a file with a carriage return that ends no line outside quotes.
        if (b !== LF) this.flag('LONE CARRIAGE RETURN');
      }
      switch (this.state) {
        case QUOTED:
          if (b === QUOTE) this.state = QUOTE_IN_QUOTED;
          else if (b === LF) this.line++;
          continue;
        case QUOTE_IN_QUOTED:
          if (b === QUOTE) this.state = QUOTED;
          else if (b === d) this.startField();
          else if (b === LF) segment = this.endLine(chunk, segment, i);
          else if (b === CR) this.cr = true;
          else if (b === SPACE) this.state = AFTER_QUOTE; // spaces after a closing quote are allowed (DuckDB reads `"x" ,`)
          else {
            this.flag('UNQUOTED VALUE');
            this.state = UNQUOTED;
          }
          continue;
        case AFTER_QUOTE:
          if (b === d) this.startField();
          else if (b === LF) segment = this.endLine(chunk, segment, i);
          else if (b === CR) this.cr = true;
          else if (b !== SPACE) {
            this.flag('UNQUOTED VALUE');
            this.state = UNQUOTED;
          }
          continue;
        default:
          if (b === LF) segment = this.endLine(chunk, segment, i);
          else if (b === d) this.startField();
          else if (b === QUOTE) {
            if (this.state === UNQUOTED) this.flag('UNQUOTED VALUE');
            else this.state = QUOTED;
          } else if (b === CR) {
            this.cr = true;
            if (this.state === LINE_START) this.state = LINE_START_CR;
            else this.state = UNQUOTED;
          } else this.state = UNQUOTED;
      }
    }
    this.keepSlice(chunk, segment, chunk.length);
    this.offset += chunk.length;
  }

  /** Ends the scan: a last record without a line break is reported too. */
  end(): void {
    this.cr = false;
    if (this.state === LINE_START || this.state === LINE_START_CR) return;
    if (this.state === QUOTED) this.flag('UNTERMINATED QUOTES');
    this.emit(this.offset);
  }

  private startField(): void {
    this.fields++;
    this.state = FIELD_START;
  }

  private flag(p: RecordProblem): void {
    if (this.problem === null) this.problem = p;
  }

  private endLine(chunk: Buffer, segment: number, i: number): number {
    const at = this.offset + i;
    if (this.state === LINE_START || this.state === LINE_START_CR) {
      this.blankLines++;
      this.trailingBlanks++;
      this.slices = [];
      this.kept = 0;
    } else {
      this.keepSlice(chunk, segment, i);
      this.emit(at);
    }
    this.line++;
    this.start = at + 1;
    this.startLine = this.line;
    this.state = LINE_START;
    return i + 1;
  }

  private keepSlice(chunk: Buffer, from: number, to: number): void {
    if (!this.options.keep || to <= from) return;
    const room = this.keepBytes - this.kept;
    if (room <= 0) return;
    const part = chunk.subarray(from, Math.min(to, from + room));
    this.slices.push(part);
    this.kept += part.length;
  }

  private emit(endByte: number): void {
    let length = endByte - this.start;
    // A CRLF line break is not part of the record's text.
    const last = this.slices[this.slices.length - 1];
    if (length > 0 && last && last[last.length - 1] === CR && this.kept >= length) {
      this.slices[this.slices.length - 1] = last.subarray(0, last.length - 1);
      length--;
    }
    if (length > this.options.maxRecordBytes) this.flag('LINE SIZE OVER MAXIMUM');
    if (this.record > 0 && this.problem === null && this.options.fields > 0 && this.fields !== this.options.fields) {
      this.problem = this.fields > this.options.fields ? 'TOO MANY COLUMNS' : 'MISSING COLUMNS';
    }
    this.trailingBlanks = 0;
    this.onRecord({
      record: this.record, line: this.startLine, byte: this.start, length, fields: this.fields, problem: this.problem, slices: this.slices,
    });
    this.record++;
    this.fields = 1;
    this.problem = null;
    this.slices = [];
    this.kept = 0;
  }
}

/**
 * Counts line feeds in a chunk with native searches: the cheap first check of a file's record
 * count, taken while it is hashed. Where no record spans lines and no line is blank, the file's
 * records are exactly its lines.
 */
export class LineCounter {
  private feeds = 0;
  private lastByte = -1;

  push(chunk: Buffer): void {
    for (let i = chunk.indexOf(LF); i !== -1; i = chunk.indexOf(LF, i + 1)) this.feeds++;
    if (chunk.length) this.lastByte = chunk[chunk.length - 1]!;
  }

  /** Physical lines (a last line without a line feed counts). */
  get lines(): number {
    return this.feeds + (this.lastByte !== -1 && this.lastByte !== LF ? 1 : 0);
  }
}
