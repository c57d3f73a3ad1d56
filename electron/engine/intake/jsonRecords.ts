/**
 * Cuts a JSON evidence file into one text per record, with the line and byte where each record
 * starts, without parsing it: REST / `sf data query --json` results (`records`, `result.records`),
 * plain arrays, single objects or concatenated objects, and NDJSON (one record per line).
 * Parsing is DuckDB's job afterwards; a record that does not parse is quarantined by its line
 * while the records around it are kept. Works on UTF-8 bytes streamed in chunks; a file that
 * ends inside a record yields that record marked `truncated`.
 */

export type JsonFormat = 'json' | 'ndjson';

export interface JsonRecordText {
  /** 1-based ordinal of the record in the file. */
  rec: number;
  /** 1-based line where the record starts. */
  line: number;
  /** Byte offset (in the UTF-8 stream) where the record starts. */
  byte: number;
  text: string;
  problem: 'truncated' | 'too large' | 'invalid utf-8' | null;
}

/** Records larger than this are quarantined with their beginning only. */
export const MAX_RECORD_BYTES = 256 * 1024 * 1024;
const KEEP_OF_OVERSIZE = 64 * 1024;

const WS = new Uint8Array(256);
for (const c of [0x20, 0x09, 0x0a, 0x0d]) WS[c] = 1;
const [QUOTE, BACKSLASH, LBRACE, RBRACE, LBRACKET, RBRACKET, COMMA, COLON, NL] = [0x22, 0x5c, 0x7b, 0x7d, 0x5b, 0x5d, 0x2c, 0x3a, 0x0a];

const REPLACEMENT = Buffer.from('\ufffd', 'utf8');

function countOf(haystack: Buffer, needle: Buffer): number {
  let n = 0;
  for (let at = haystack.indexOf(needle); at !== -1; at = haystack.indexOf(needle, at + needle.length)) n++;
  return n;
}

/** Collects the bytes of one record across chunks. */
class RecordBuffer {
  parts: Buffer[] = [];
  size = 0;
  oversize = false;
  constructor(
    readonly line: number,
    readonly byte: number,
  ) {}
  add(b: Buffer): void {
    if (this.oversize) return;
    this.size += b.length;
    if (this.size > MAX_RECORD_BYTES) {
      this.oversize = true;
      this.parts = [Buffer.concat(this.parts).subarray(0, KEEP_OF_OVERSIZE)];
    } else this.parts.push(b);
  }
  finish(rec: number, truncated: boolean): JsonRecordText {
    const bytes = Buffer.concat(this.parts);
    const text = bytes.toString('utf8').trimEnd();
    // Bytes that are not UTF-8 come out as U+FFFD; a record is never silently altered.
    const altered = text.includes('\ufffd') && text.split('\ufffd').length - 1 > countOf(bytes, REPLACEMENT);
    const problem = this.oversize ? 'too large' : truncated ? 'truncated' : altered ? 'invalid utf-8' : null;
    return { rec, line: this.line, byte: this.byte, text, problem };
  }
}

/** Splits a JSON document (or a sequence of them) into the records it holds. */
export class JsonDocumentSplitter {
  /** Where the records were found: `records`, `result.records`, `array`, or null (top-level values). */
  container: 'records' | 'result.records' | 'array' | null = null;
  private offset = 0;
  private line = 1;
  private inString = false;
  private escaped = false;
  private stack: number[] = []; // open brackets
  private expectKey: boolean[] = [];
  private keys: string[] = []; // last key seen at depth 1 and 2
  private keyBytes: number[] | null = null;
  private containerDepth = -1; // stack length inside the records array
  private inResult = false;
  private current: RecordBuffer | null = null;
  private currentStart = 0; // start of the current record within the chunk
  private topScalar = false;
  private rec = 0;

  /** Feeds the next chunk of bytes; returns the records completed in it. */
  push(chunk: Buffer): JsonRecordText[] {
    const out: JsonRecordText[] = [];
    this.currentStart = 0;
    let i = 0;
    if (this.offset === 0 && chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf) i = 3;
    for (; i < chunk.length; i++) {
      const c = chunk[i]!;
      if (c === NL) this.line++;
      if (this.inString) {
        if (this.escaped) this.escaped = false;
        else if (c === BACKSLASH) this.escaped = true;
        else if (c === QUOTE) {
          this.inString = false;
          if (this.keyBytes) {
            this.keys[this.stack.length] = Buffer.from(this.keyBytes).toString('utf8');
            this.keyBytes = null;
          }
        } else if (this.keyBytes && this.keyBytes.length < 64) this.keyBytes.push(c);
        continue;
      }
      if (WS[c]) {
        if (this.topScalar) this.endRecord(chunk, i, out);
        continue;
      }
      const depth = this.stack.length;
      if (c === COMMA) {
        if (depth === this.containerDepth && this.current) this.endRecord(chunk, i, out);
        if (depth > 0 && this.stack[depth - 1] === LBRACE) this.expectKey[depth - 1] = true;
        continue;
      }
      if (c === COLON) {
        if (depth > 0) this.expectKey[depth - 1] = false;
        continue;
      }
      if (c === RBRACE || c === RBRACKET) {
        if (depth === 0) continue;
        if (depth === this.containerDepth) {
          if (this.current) this.endRecord(chunk, i, out);
          this.containerDepth = -1;
        }
        this.stack.pop();
        this.expectKey.pop();
        if (this.stack.length === 0) {
          if (this.current) this.endRecord(chunk, i + 1, out);
          this.inResult = false;
          this.keys = [];
        }
        continue;
      }
      // The start of a value.
      if (this.topScalar && (c === LBRACE || c === LBRACKET)) this.endRecord(chunk, i, out);
      if (!this.current && (depth === this.containerDepth || depth === 0)) this.startRecord(i);
      if (c === QUOTE) {
        this.inString = true;
        if (depth > 0 && depth <= 2 && this.stack[depth - 1] === LBRACE && this.expectKey[depth - 1]) this.keyBytes = [];
      } else if (c === LBRACE || c === LBRACKET) {
        this.openContainer(c, depth);
      } else if (depth === 0) this.topScalar = true;
      if (depth === 0 && c === QUOTE) this.topScalar = true;
    }
    if (this.current) this.current.add(chunk.subarray(this.currentStart));
    this.offset += chunk.length;
    return out;
  }

  /** Signals the end of the file; returns a record the file ended inside, if any. */
  end(): JsonRecordText[] {
    if (!this.current) return [];
    const r = this.current.finish(this.rec + 1, !this.topScalar || this.inString);
    this.current = null;
    if (!r.text) return [];
    this.rec++;
    return [r];
  }

  private openContainer(c: number, depth: number): void {
    const key = this.keys[depth];
    if (depth === 0 && c === LBRACKET) {
      this.current = null; // the array itself is the container, its elements the records
      this.setContainer('array', 1);
    } else if (depth === 1 && this.stack[0] === LBRACE && c === LBRACKET && key === 'records' && !this.inResult) {
      this.setContainer('records', 2);
    } else if (depth === 1 && this.stack[0] === LBRACE && c === LBRACE && key === 'result') {
      this.inResult = true;
    } else if (depth === 2 && this.inResult && c === LBRACKET && key === 'records') {
      this.setContainer('result.records', 3);
    }
    this.stack.push(c);
    this.expectKey.push(c === LBRACE);
  }

  private setContainer(kind: 'records' | 'result.records' | 'array', depth: number): void {
    this.current = null; // a wrapper object is not itself a record
    this.container = kind;
    this.containerDepth = depth;
  }

  private startRecord(i: number): void {
    this.current = new RecordBuffer(this.line, this.offset + i);
    this.currentStart = i;
  }

  private endRecord(chunk: Buffer, end: number, out: JsonRecordText[]): void {
    const cur = this.current!;
    cur.add(chunk.subarray(this.currentStart, end));
    this.current = null;
    this.topScalar = false;
    const r = cur.finish(++this.rec, false);
    if (r.text) out.push(r);
    else this.rec--;
  }
}

/** Splits NDJSON: every non-blank line is one record. */
export class JsonLinesSplitter {
  readonly container = null;
  private offset = 0;
  private line = 1;
  private current: RecordBuffer | null = null;
  private rec = 0;

  /** Feeds the next chunk of bytes; returns the lines completed in it. */
  push(chunk: Buffer): JsonRecordText[] {
    const out: JsonRecordText[] = [];
    let start = this.offset === 0 && chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf ? 3 : 0;
    for (;;) {
      const nl = chunk.indexOf(NL, start);
      if (!this.current) this.current = new RecordBuffer(this.line, this.offset + start);
      this.current.add(chunk.subarray(start, nl === -1 ? chunk.length : nl));
      if (nl === -1) break;
      this.flush(out);
      this.line++;
      start = nl + 1;
    }
    this.offset += chunk.length;
    return out;
  }

  /** Signals the end of the file; returns the last line if it had no newline. */
  end(): JsonRecordText[] {
    const out: JsonRecordText[] = [];
    if (this.current) this.flush(out);
    return out;
  }

  private flush(out: JsonRecordText[]): void {
    const r = this.current!.finish(this.rec + 1, false);
    this.current = null;
    if (r.text.trim() === '') return;
    this.rec++;
    out.push({ ...r, text: r.text.trim() });
  }
}

/** Streams the records of a JSON or NDJSON file given as UTF-8 chunks. */
export async function* jsonRecordTexts(chunks: AsyncIterable<Buffer>, format: JsonFormat): AsyncGenerator<JsonRecordText, SplitSummary> {
  const splitter = format === 'ndjson' ? new JsonLinesSplitter() : new JsonDocumentSplitter();
  for await (const chunk of chunks) yield* splitter.push(chunk);
  yield* splitter.end();
  return { container: splitter.container };
}

export interface SplitSummary {
  container: 'records' | 'result.records' | 'array' | null;
}
