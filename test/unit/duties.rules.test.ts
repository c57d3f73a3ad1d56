/** The rule and regime data: every entry dated, cited and well-formed, and the corrections found against sources in place. */
import { mkdtempSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadJurisdictionData } from '../../electron/engine/jurisdiction/loadTables.js';
import { loadProfile, loadRegimes } from '../../electron/engine/duties/loadRegimes.js';

const geo = loadJurisdictionData();
if (!geo.ok) throw new Error(geo.error.message);
const rules = geo.value.rules;
const rule = (code: string) => {
  const found = rules.find((r) => r.code === code);
  if (!found) throw new Error(`no rule ${code}`);
  return found;
};

describe('rules.json', () => {
  it('dates, cites and reviews every rule', () => {
    for (const r of rules) {
      expect(r.lastReviewed, r.code).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(r.citation, r.code).toMatch(/^https?:\/\//);
      for (const n of r.notices) expect(n.clock.text.length + (n.clock.reason ?? '').length, `${r.code} ${n.recipient}`).toBeGreaterThan(0);
    }
  });

  it('carries the corrections found against the sources', () => {
    expect(rule('US-TX').triggers).toContain('gov_id_other');
    expect(rule('US-NY').notices.find((n) => n.recipient === 'attorney_general')?.clock).toMatchObject({ kind: 'none', reason: 'with_individual_notice' });
    expect(rule('US-NY').regulator).not.toMatch(/DFS/);
    expect(rule('US-MA').riskTestApplies).toBe(true);
    expect([rule('IN').effective, rule('IN').beforeEffective]).toEqual(['2027-05-13', 'no_duty']);
    for (const code of ['US-AS', 'US-MP', 'AE', 'IL', 'HK', 'TW', 'CL', 'PE', 'AR']) expect(rule(code).citation, code).toMatch(/^https:\/\//);
    expect(rule('PE').notices.find((n) => n.recipient === 'regulator')?.clock).toMatchObject({ kind: 'hours', value: 48 });
  });

  it('refuses a trigger term the category map does not know, naming the file and entry', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ls-rules-'));
    const file = JSON.parse(readFileSync('resources/jurisdictions/rules.json', 'utf8')) as { jurisdictions: { triggers: string[] }[] };
    file.jurisdictions[0]?.triggers.push('shoe_size');
    writeFileSync(join(dir, 'rules.json'), JSON.stringify(file));
    writeFileSync(join(dir, 'aliases.json'), readFileSync('resources/jurisdictions/aliases.json'));
    const loaded = loadJurisdictionData(dir);
    expect(loaded.ok ? '' : loaded.error.message).toMatch(/rules\.json: jurisdictions\.0\.triggers: trigger "shoe_size" is not in categoryMap/);
  });
});

describe('resources/regimes', () => {
  it('loads every regime, dated and cited', () => {
    const regimes = loadRegimes('resources');
    if (!regimes.ok) throw new Error(regimes.error.message);
    expect(regimes.value.map((r) => r.id)).toEqual(['AE-ADGM', 'AE-DIFC', 'EU-DORA', 'EU-GDPR-OSS', 'EU-NIS2', 'IN-CERTIN', 'US-GLBA', 'US-HIPAA', 'US-NYDFS', 'US-SEC']);
    for (const r of regimes.value) expect([r.effective, r.lastReviewed].every((d) => d !== null && /^\d{4}-\d{2}-\d{2}$/.test(d)), r.id).toBe(true);
  });

  it('refuses a regime whose clock has a value but no kind, naming the field', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ls-regimes-'));
    mkdirSync(join(dir, 'regimes'));
    const sec = JSON.parse(readFileSync('resources/regimes/US-SEC.json', 'utf8')) as { notices: { clock: { kind: string } }[] };
    sec.notices[0]!.clock.kind = 'none';
    writeFileSync(join(dir, 'regimes', 'US-SEC.json'), JSON.stringify(sec));
    const loaded = loadRegimes(dir);
    expect(loaded.ok ? '' : loaded.error.message).toMatch(/US-SEC\.json: notices\.0\.clock: a clock has a value exactly when its kind is not none/);
  });

  it('reads a profile file and refuses an invalid one with the field named', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ls-profile-'));
    writeFileSync(join(dir, 'good.json'), JSON.stringify({ usListed: true, euMainEstablishment: 'IE' }));
    writeFileSync(join(dir, 'bad.json'), JSON.stringify({ hipaa: 'hospital' }));
    const good = loadProfile(join(dir, 'good.json'));
    expect(good.ok && [good.value.usListed, good.value.nis2]).toEqual([true, null]);
    const bad = loadProfile(join(dir, 'bad.json'));
    expect(bad.ok ? '' : bad.error.message).toMatch(/bad\.json: hipaa:/);
  });
});
