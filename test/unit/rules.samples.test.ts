/**
 * The rules and containment on the real samples in ../shared/reference/elf/samples (Elastic, Beats,
 * Sekoia, Sentinel, New Relic fixtures): the whole folder goes through intake, reconstruction,
 * containment and every rule without failing, and the Setup Audit Trail sample becomes a
 * containment action with its source row.
 */
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SUSPICION_CODES } from '../../shared/domain.js';
import { caseRoot, cleanRuleCases, runRulesOn, type RuleCase } from '../helpers/ruleCase.js';

const SAMPLES = '/work/shared/reference/elf/samples';
let c: RuleCase;
beforeAll(async () => {
  if (existsSync(SAMPLES)) c = await runRulesOn(SAMPLES, caseRoot());
}, 300_000);
afterAll(() => {
  c?.close();
  cleanRuleCases();
});

describe.runIf(existsSync(SAMPLES))('rules on the real samples', () => {
  it('keeps the Setup Audit Trail connected-app entry as a containment fact with its source', async () => {
    const rows = await c.db.all<{ at: string; kind: string; detail: string; name: string; record: number }>(`
      SELECT strftime(a."at", '%Y-%m-%dT%H:%M:%S.%gZ') AS at, a.kind, a.detail, s.name, a.source_record AS record
      FROM containment_actions a JOIN sources s ON s.id = a.source_id ORDER BY s.name`);
    // Both Elastic files hold the same record (Id 0Ym5j000019nwonCAA): the snapshot keeps it once, from the later file.
    expect(rows).toEqual([{
      at: '2022-08-16T09:26:38.000Z', kind: 'app_created', name: 'elastic_test-setupaudittrail.log', record: 1,
      detail: 'Setup Audit Trail insertConnectedApplication (Connected Apps): "For user user@elastic.co, the User Verified Email status changed to verified"',
    }]);
  });

  it('runs every rule; each flag written has a message and evidence events that exist', async () => {
    expect(c.summary.cancelled).toBe(false);
    expect(Object.keys(c.summary.counts).sort()).toEqual([...SUSPICION_CODES].sort());
    const bad = await c.db.all(`SELECT f.export_id, f.code FROM flags f
      WHERE f.message = '' OR len(f.evidence_event_ids) = 0
         OR EXISTS (SELECT 1 FROM unnest(f.evidence_event_ids) u(id) WHERE u.id NOT IN (SELECT event_id FROM events))`);
    expect(bad).toEqual([]);
  });
});
