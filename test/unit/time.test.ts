import { describe, expect, it } from 'vitest';
import { parseAnyTimestamp, parseElfTimestamp, parseIsoTimestamp, toIso } from '../../shared/time.js';

describe('timestamps', () => {
  it('reads ELF TIMESTAMP as UTC with milliseconds', () => {
    expect(toIso(parseElfTimestamp('20250726222419.439')!)).toBe('2025-07-26T22:24:19.439Z');
    expect(toIso(parseElfTimestamp('20221122044615.591')!)).toBe('2022-11-22T04:46:15.591Z');
    expect(toIso(parseElfTimestamp('20250726222419')!)).toBe('2025-07-26T22:24:19.000Z');
  });

  it('rejects impossible or malformed ELF timestamps', () => {
    for (const bad of ['20250230120000.000', '20251326000000.000', '2025072622241.439', '', 'Salesforce', '20250726252419.439']) {
      expect(parseElfTimestamp(bad)).toBeNull();
    }
  });

  it('reads the ISO forms Salesforce writes, honouring offsets', () => {
    expect(toIso(parseIsoTimestamp('2025-07-26T22:24:19.439Z')!)).toBe('2025-07-26T22:24:19.439Z');
    expect(toIso(parseIsoTimestamp('2024-06-05T05:41:17.937+0000')!)).toBe('2024-06-05T05:41:17.937Z');
    expect(toIso(parseIsoTimestamp('2025-07-26T22:24:19+02:00')!)).toBe('2025-07-26T20:24:19.000Z');
    expect(toIso(parseIsoTimestamp('2025-07-26')!)).toBe('2025-07-26T00:00:00.000Z');
    expect(parseIsoTimestamp('26/07/2025')).toBeNull();
  });

  it('accepts either form where a column may hold both', () => {
    expect(parseAnyTimestamp('20250726222419.439')).toBe(parseAnyTimestamp('2025-07-26T22:24:19.439Z'));
  });
});
