/**
 * Where counsel files each notice: every regulator URL in resources/jurisdictions/rules.json and
 * resources/regimes/*.json is an https address, every missing one says why, and the loader refuses a file that
 * breaks either rule. The JSON is read straight from disk here, not through the loader under test.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { rulesFileSchema } from '../../electron/engine/jurisdiction/schemas.js';
import { regimeFileSchema } from '../../electron/engine/duties/schemas.js';
import { loadRegimes } from '../../electron/engine/duties/loadRegimes.js';
import { loadJurisdictionData } from '../../electron/engine/jurisdiction/loadTables.js';
import { filedWithAuthority, filingOf } from '../../shared/duties/filing.js';

const root = path.resolve(__dirname, '../..');
const rulesPath = path.join(root, 'resources', 'jurisdictions', 'rules.json');
const regimeDir = path.join(root, 'resources', 'regimes');

interface RawNotice { recipient: string; url?: string | null; filingNote?: string }
interface RawRule { code: string; regulator: string | null; regulatorUrl: string | null; regulatorUrlNote?: string; regulatorUrlCheckedOn?: string; sources: string[]; notices: RawNotice[] }
const rawRules = (): { jurisdictions: RawRule[] } & Record<string, unknown> => JSON.parse(readFileSync(rulesPath, 'utf8')) as { jurisdictions: RawRule[] };
const rawRegimes = (): { id: string; notices: RawNotice[]; sources: string[] }[] =>
  readdirSync(regimeDir).filter((f) => f.endsWith('.json')).map((f) => JSON.parse(readFileSync(path.join(regimeDir, f), 'utf8')) as { id: string; notices: RawNotice[]; sources: string[] });

/** An absolute https address, judged by the WHATWG URL parser rather than by the schema under test. */
const isHttps = (value: string): boolean => {
  try {
    const url = new URL(value);
    return url.protocol === 'https:' && url.hostname.includes('.') && value === value.trim();
  } catch {
    return false;
  }
};
const AUTHORITY_RECIPIENTS = ['regulator', 'attorney_general'];

describe('rules.json regulator URLs', () => {
  const { jurisdictions } = rawRules();

  it('are https addresses, or null with a note saying what the law asks instead', () => {
    const bad = jurisdictions.filter((j) => (j.regulatorUrl === null ? (j.regulatorUrlNote ?? '').trim().length < 20 : !isHttps(j.regulatorUrl)));
    expect(bad.map((j) => j.code)).toEqual([]);
  });

  it('record when each was checked, and cite the page found among the rule sources', () => {
    expect(jurisdictions.filter((j) => !/^\d{4}-\d{2}-\d{2}$/.test(j.regulatorUrlCheckedOn ?? '')).map((j) => j.code)).toEqual([]);
    const uncited = jurisdictions.filter((j) => j.regulatorUrl !== null && !j.sources.some((s) => s.startsWith(j.regulatorUrl ?? '')));
    expect(uncited.map((j) => j.code)).toEqual([]);
  });

  it('are the same page on every notice filed with the regulator or attorney general', () => {
    const mismatched = jurisdictions.flatMap((j) => j.notices.filter((n) => AUTHORITY_RECIPIENTS.includes(n.recipient) && (n.url ?? null) !== j.regulatorUrl).map((n) => `${j.code}/${n.recipient}`));
    expect(mismatched).toEqual([]);
  });

  it('number 66 of 118, and a note on every jurisdiction left without one', () => {
    // 39 of 118 had a URL before issue #8's correction; the regulators' own pages found since bring it to 66 (SOURCES.md).
    expect(jurisdictions).toHaveLength(118);
    expect(jurisdictions.filter((j) => j.regulatorUrl !== null)).toHaveLength(66);
    const silent = jurisdictions.filter((j) => j.regulatorUrl === null && j.notices.some((n) => AUTHORITY_RECIPIENTS.includes(n.recipient)) && !/not found|no online form/i.test(j.regulatorUrlNote ?? ''));
    expect(silent.map((j) => j.code)).toEqual([]);
  });

  it('are refused by the loader when http, relative, or null without a note', () => {
    const withUrl = (code: string, patch: Partial<RawRule>): unknown => {
      const file = rawRules();
      file.jurisdictions = file.jurisdictions.map((j) => (j.code === code ? { ...j, ...patch } : j));
      return file;
    };
    expect(rulesFileSchema.safeParse(rawRules()).success).toBe(true);
    for (const patch of [{ regulatorUrl: 'http://oag.ca.gov/privacy/databreach/report-a-breach' }, { regulatorUrl: 'oag.ca.gov/privacy' }]) {
      const parsed = rulesFileSchema.safeParse(withUrl('US-CA', patch));
      expect(parsed.success).toBe(false);
      expect(JSON.stringify(parsed.error?.issues)).toContain('regulatorUrl');
    }
    const noNote = rulesFileSchema.safeParse(withUrl('US-AL', { regulatorUrlNote: undefined }));
    expect(noNote.success).toBe(false);
    expect(JSON.stringify(noNote.error?.issues)).toContain('US-AL: regulatorUrl is null');
  });

  it('reach the loaded rules unchanged', () => {
    const data = loadJurisdictionData();
    if (!data.ok) throw new Error(data.error.message);
    const byCode = new Map(rawRules().jurisdictions.map((j) => [j.code, j]));
    for (const rule of data.value.rules) {
      expect([rule.code, rule.regulatorUrl]).toEqual([rule.code, byCode.get(rule.code)?.regulatorUrl]);
      expect(rule.regulatorUrlNote ?? null).toBe(byCode.get(rule.code)?.regulatorUrlNote ?? null);
    }
  });
});

describe('regime filing pages', () => {
  it('give every notice filed with an authority an https page or a note on the channel', () => {
    const missing = rawRegimes().flatMap((r) => r.notices.filter((n) => filedWithAuthority(n.recipient))
      .filter((n) => (n.url === undefined || n.url === null ? (n.filingNote ?? '').length < 20 : !isHttps(n.url))).map((n) => `${r.id}/${n.recipient}`));
    expect(missing).toEqual([]);
  });

  it('load with their filing notes, and refuse an http page', () => {
    const regimes = loadRegimes(path.join(root, 'resources'));
    if (!regimes.ok) throw new Error(regimes.error.message);
    const nydfs = regimes.value.find((r) => r.id === 'US-NYDFS')?.notices[0];
    expect(nydfs?.url).toBe('https://dfs.ny.gov/industry_guidance/cybersecurity');
    expect(nydfs?.filingNote).toMatch(/DFS Portal/);
    const glba = JSON.parse(readFileSync(path.join(regimeDir, 'US-GLBA.json'), 'utf8')) as { notices: RawNotice[] };
    glba.notices[0] = { ...glba.notices[0], url: 'http://www.ftc.gov/' } as RawNotice;
    expect(regimeFileSchema.safeParse(glba).success).toBe(false);
  });
});

describe('filingOf', () => {
  const law = { filingUrl: 'https://www.azag.gov/consumer/data-breach/notification-form', filingNote: 'online form' };

  it('falls back to the law\'s regulator page for a notice to an authority, never for a notice to people', () => {
    expect(filingOf(law, { recipient: 'attorney_general' })).toEqual({ filingUrl: law.filingUrl, filingNote: 'online form' });
    expect(filingOf(law, { recipient: 'csirt', url: 'https://example.gov/report', filingNote: 'own page' })).toEqual({ filingUrl: 'https://example.gov/report', filingNote: 'own page' });
    for (const recipient of ['individuals', 'consumer_reporting_agencies', 'media', 'covered_entity']) {
      expect(filingOf(law, { recipient, url: 'https://example.gov/x' })).toEqual({ filingUrl: null, filingNote: null });
    }
    expect(filingOf({ filingUrl: null, filingNote: null }, { recipient: 'regulator' })).toEqual({ filingUrl: null, filingNote: null });
  });
});
