import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseSoql } from '../../shared/soql/parser.js';

const DIR = join(__dirname, '..', 'fixtures', 'soql');

/** The queries of every corpus file with this suffix, one per line, '#' lines being comments. */
function corpus(suffix: string): { file: string; line: number; text: string }[] {
  return readdirSync(DIR)
    .filter((f) => f.endsWith(suffix))
    .flatMap((file) =>
      readFileSync(join(DIR, file), 'utf8')
        .split('\n')
        .map((text, i) => ({ file, line: i + 1, text: text.trim() }))
        .filter((q) => q.text !== '' && !q.text.startsWith('#')),
    );
}

describe('real-world SOQL corpus (test/fixtures/soql, origins in SOURCES.md)', () => {
  const valid = corpus('.valid.soql');
  const invalid = corpus('.invalid.soql');

  it('has a corpus of substantial size', () => {
    expect(valid.length).toBeGreaterThan(200);
    expect(invalid.length).toBeGreaterThan(40);
  });

  it('parses every valid query', () => {
    const failures = valid
      .map((q) => ({ q, r: parseSoql(q.text) }))
      .filter(({ r }) => !r.ok)
      .map(({ q, r }) => `${q.file}:${q.line}: ${q.text}\n    -> ${r.ok ? '' : `${r.error.message} at ${r.error.offset}`}`);
    expect(failures).toEqual([]);
  });

  it('refuses every invalid query with a reason and a position inside the text', () => {
    const accepted: string[] = [];
    for (const q of invalid) {
      const r = parseSoql(q.text);
      if (r.ok) accepted.push(`${q.file}:${q.line}: ${q.text}`);
      else {
        expect(r.error.offset).toBeGreaterThanOrEqual(0);
        expect(r.error.offset).toBeLessThanOrEqual(q.text.length);
        expect(r.error.message.length).toBeGreaterThan(5);
      }
    }
    expect(accepted).toEqual([]);
  });
});
