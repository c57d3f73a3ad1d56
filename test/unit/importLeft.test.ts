/** The import's time left on the progress block: hand-computed from bytes read against the time they took. */
import { describe, expect, it } from 'vitest';
import type { RunProgress } from '../../shared/domain.js';
import { importLeft } from '../../renderer/src/features/progress/importLeft.js';

const at = (p: Partial<RunProgress>): RunProgress => ({ phase: 'loading', bytesDone: 0, bytesTotal: 0, files: 0, filesTotal: 0, rows: 0, rowsPerSecond: 0, elapsedMs: 0, current: null, ...p });

describe('the import time left', () => {
  it('is the bytes still to read at the pace so far', () => {
    // 25 MB in 10 s: the 75 MB left take 30 s.
    expect(importLeft(at({ bytesDone: 25e6, bytesTotal: 100e6, elapsedMs: 10_000 }), 99_999)).toBe('about 0:30');
    // 1 MB in 2 s of 601 MB: 600 MB take 1,200 s = 20 min.
    expect(importLeft(at({ phase: 'scanning', bytesDone: 1e6, bytesTotal: 601e6, elapsedMs: 2_000 }), 0)).toBe('about 20:00');
    // No engine time yet: the wall clock since the click.
    expect(importLeft(at({ bytesDone: 50, bytesTotal: 100 }), 4_000)).toBe('about 0:04');
  });
  it('guesses nothing before bytes are read, nor for the analysis, which has no byte count', () => {
    expect(importLeft(null, 1_000)).toBe('—');
    expect(importLeft(at({ bytesTotal: 100, elapsedMs: 500 }), 500)).toBe('estimating…');
    expect(importLeft(at({ bytesDone: 100, bytesTotal: 100, elapsedMs: 500 }), 500)).toBe('finishing…');
    expect(importLeft(at({ phase: 'analysing', bytesDone: 100, bytesTotal: 100 }), 500)).toBe('import done');
    expect(importLeft(at({ phase: 'cancelled', bytesDone: 10, bytesTotal: 100, elapsedMs: 5 }), 5)).toBe('—');
  });
});
