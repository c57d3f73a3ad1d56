/** How evidence text is written into report.pdf: what is invisible or reorders text shows as an escape; cuts are marked. */
import { describe, expect, it } from 'vitest';
import { clip, count, hours, utc, visible } from '../../electron/engine/reports/pdf/text.js';

describe('report.pdf text', () => {
  it('shows bidirectional overrides, zero-width and control characters as escapes, keeping the rest of the name', () => {
    expect(visible('\u202Egnp.exe')).toBe('\\u202Egnp.exe');
    expect(visible('a\u200Bb\u2066c\u0007d\u0000e')).toBe('a\\u200Bb\\u2066c\\u0007d\\u0000e');
    expect(visible('Zoë 山田 محمد')).toBe('Zoë 山田 محمد');
    expect(visible('x\u0085y\uFEFFz')).toBe('x\\u0085y\\uFEFFz');
  });

  it('turns line breaks into spaces unless the report keeps its own lines', () => {
    expect(visible('12 Main St\r\nSuite 4\nBack')).toBe('12 Main St Suite 4 Back');
    expect(visible('one\ntwo', true)).toBe('one\ntwo');
    expect(visible(null)).toBe('');
  });

  it('clips by characters, not UTF-16 units, and says how much was cut', () => {
    expect(clip('😀'.repeat(5), 3)).toBe('😀😀😀… (+2 characters)');
    expect(clip('short', 10)).toBe('short');
  });

  it('writes figures and times the same on every machine', () => {
    expect(count(1234567)).toBe('1,234,567');
    expect(count(0)).toBe('0');
    expect(count(null)).toBe('—');
    expect(utc('2025-07-26T22:24:31.207Z')).toBe('2025-07-26 22:24:31 UTC');
    expect(hours(9.36)).toBe('9.36 h');
    expect(hours(50)).toBe('2 d 2 h');
  });
});
