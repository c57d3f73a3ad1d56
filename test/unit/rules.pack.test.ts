/**
 * The rule pack: the bundled pack is valid and every indicator cites a listed source; a bad pack is
 * a clear error naming the field; every flag code the rules write is in the closed, documented set.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { RULES } from '../../electron/engine/analysis/rules/flagExports.js';
import { loadRulePack, parseRulePack } from '../../electron/engine/analysis/rules/pack.js';
import { SUSPICION_CODES } from '../../shared/domain.js';
import { RESOURCES } from '../helpers/ruleCase.js';

const bundled = (): Record<string, unknown> => JSON.parse(readFileSync(path.join(RESOURCES, 'rules', 'rules.json'), 'utf8')) as Record<string, unknown>;

describe('rule pack', () => {
  it('loads the bundled pack, versioned, every indicator with its source', () => {
    const pack = loadRulePack(RESOURCES);
    expect(pack.ok).toBe(true);
    if (!pack.ok) return;
    expect(pack.value.version).toMatch(/^\d{4}\.\d+\.\d+$/);
    expect(pack.value.ips.map((i) => i.value)).toContain('208.68.36.90');
    expect(pack.value.userAgents.map((u) => u.family)).toEqual(['salesforce-multi-org-fetcher', 'salesforce-cli', 'python-requests', 'aiohttp']);
  });

  it('names the bad field: a negative σ, an unknown source, a bad regular expression, a bad IP', () => {
    const cases: [(p: Record<string, unknown>) => void, string][] = [
      [(p) => ((p['thresholds'] as Record<string, unknown>)['volumeSigma'] = -1), 'thresholds.volumeSigma'],
      [(p) => ((p['ips'] as Record<string, unknown>[])[0]!['source'] = 'NOPE'), 'ips.0.source: unknown source "NOPE"'],
      [(p) => (((p['containment'] as Record<string, unknown>)['actions'] as Record<string, unknown>[])[6]!['display'] = '(unclosed'), 'containment.actions.6.display: not a valid regular expression'],
      [(p) => ((p['ips'] as Record<string, unknown>[])[1]!['value'] = '999.1.1.1'), 'ips.1.value'],
      [(p) => delete (p['thresholds'] as Record<string, unknown>)['reconMinObjects'], 'thresholds.reconMinObjects'],
    ];
    for (const [spoil, field] of cases) {
      const p = bundled();
      spoil(p);
      const r = parseRulePack(p);
      expect(r.ok).toBe(false);
      if (!r.ok) {
        expect(r.error.code).toBe('BAD_INPUT');
        expect(r.error.message).toContain(field);
      }
    }
  });

  it('runs one rule per code of the closed set, and the set is documented', () => {
    expect(RULES.map((r) => r.code).sort()).toEqual([...SUSPICION_CODES].sort());
    const outputs = readFileSync(path.join(RESOURCES, '..', 'docs', 'OUTPUTS.md'), 'utf8');
    for (const code of SUSPICION_CODES) expect(outputs, code).toContain(`\`${code}\``);
  });
});
