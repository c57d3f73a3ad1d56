/**
 * volume_above_baseline and daily_volume on generated traffic: a vendor integration reading Contact
 * every working hour and a nightly Lead job of usual size, 21 days of history, then one day with a
 * 2,000-row Contact export in the middle of ordinary traffic. The baseline figures are computed here
 * from the generator's draws, not by the engine.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { apiEventCsv, at, cleanRuleCases, connectedAppsCsv, rng, runRuleCase, type ApiCall, type Integration, type RuleCase } from '../helpers/ruleCase.js';
import { sql } from '../../electron/engine/store/sql.js';

const vendor: Integration = { appId: '0H45j0000AAAAAA', name: 'Vendor Sync', userId: '0055j0000AAAAAA', username: 'vendor.sync@example.com' };
const nightly: Integration = { appId: '0H45j0000BBBBBB', name: 'Nightly Lead Job', userId: '0055j0000BBBBBB', username: 'nightly@example.com' };

function traffic(): { calls: ApiCall[]; spike: ApiCall } {
  const r = rng(7);
  const calls: ApiCall[] = [];
  for (let day = 0; day <= 21; day++) {
    for (let hour = 8; hour <= 17; hour++) {
      calls.push({ at: at(day, hour, 5 + Math.floor(r() * 40)), who: vendor, ip: `34.214.10.${11 + (hour % 3)}`, ua: 'VendorSync/3.1', object: 'Contact', rows: 10 + Math.floor(r() * 30) });
    }
    calls.push({ at: at(day, 2, 0, 30), who: nightly, ip: '52.10.20.30', ua: 'LeadJob/2.0', object: 'Lead', rows: 1500 + Math.floor(r() * 200) });
  }
  const spike: ApiCall = { at: at(21, 14, 50), who: vendor, ip: '34.214.10.12', ua: 'VendorSync/3.1', object: 'Contact', rows: 2000 };
  return { calls: [...calls, spike], spike };
}

const { calls, spike } = traffic();
const dayOf = (iso: string): string => iso.slice(0, 10);
const dailySums = (who: Integration): Map<string, number> => {
  const m = new Map<string, number>();
  for (const c of calls.filter((x) => x.who === who)) m.set(dayOf(c.at), (m.get(dayOf(c.at)) ?? 0) + c.rows);
  return m;
};
const meanSd = (xs: number[]): [number, number] => {
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  return [mean, Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (xs.length - 1))];
};

let c: RuleCase;
afterAll(() => {
  c?.close();
  cleanRuleCases();
});

describe('volume_above_baseline', () => {
  it('fills daily_volume with each day and its trailing 30-day mean and σ', async () => {
    c = await runRuleCase({ 'rtem/ApiEvent.csv': apiEventCsv(calls), 'metadata/ConnectedApplication.csv': connectedAppsCsv([vendor, nightly]) });
    const sums = dailySums(vendor);
    const prior = [...sums].filter(([d]) => d < '2025-07-22').map(([, n]) => n);
    const [mean, sd] = meanSd(prior);
    const row = await c.db.one<{ rows: number; exports: number; mean: number; sd: number; history_days: number; key_kind: string }>(
      sql`SELECT rows, exports, mean, sd, history_days, key_kind FROM daily_volume WHERE object = 'Contact' AND day = DATE '2025-07-22'`);
    expect(row).not.toBeNull();
    expect(row!.rows).toBe(sums.get('2025-07-22'));
    expect(row!.exports).toBe(11);
    expect(row!.history_days).toBe(21);
    expect(row!.key_kind).toBe('app');
    expect(row!.mean).toBeCloseTo(mean, 6);
    expect(row!.sd).toBeCloseTo(sd, 6);
    const total = await c.db.one<{ n: number }>(sql`SELECT count(*)::BIGINT AS n FROM daily_volume`);
    expect(total!.n).toBe(22 * 2);
  });

  it('flags only the export that pushes the day over, with the figures in the message', async () => {
    const flagged = await c.flags('volume_above_baseline');
    expect(flagged.map((f) => f.at)).toEqual([spike.at]);
    const sums = dailySums(vendor);
    const [mean, sd] = meanSd([...sums].filter(([d]) => d < '2025-07-22').map(([, n]) => n));
    // Counts as counsel reads them elsewhere: thousands separated, the mean and σ to one decimal.
    const one = (n: number): string => (Math.round(n * 10) / 10).toLocaleString('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
    expect(flagged[0]!.message).toContain(`Vendor Sync read ${sums.get('2025-07-22')!.toLocaleString('en-US')} Contact rows on 2025-07-22 (11 exports)`);
    expect(flagged[0]!.message).toContain(`mean of ${one(mean)} rows a day (σ ${one(sd)}, over 21 days)`);
    expect(flagged[0]!.message).toContain('this export (2,000 rows) took the day over it');
    expect(flagged[0]!.evidence.length).toBe(1);
  });

  it('stays silent on the nightly bulk job of usual size and on every ordinary export (no other flag at all)', async () => {
    expect(c.summary.counts['volume_above_baseline']).toBe(1);
    expect(c.summary.flaggedExports).toBe(1);
  });

  it('honours the configured thresholds: 100σ, or a minimum excess of 3,000 rows, makes the day ordinary', async () => {
    for (const thresholds of [{ volumeSigma: 100 }, { volumeMinExcessRows: 3000 }]) {
      const loose = await runRuleCase({ 'rtem/ApiEvent.csv': apiEventCsv(calls), 'metadata/ConnectedApplication.csv': connectedAppsCsv([vendor, nightly]) }, { thresholds });
      try {
        expect(await loose.flaggedAt('volume_above_baseline')).toEqual([]);
      } finally {
        loose.close();
      }
    }
  });
});

describe('volume_above_baseline for a user without an integration, and the exports after the crossing', () => {
  const analyst: Integration = { appId: '', name: '', userId: '0055j0000UUUUUU', username: 'analyst@example.com' };
  const r = rng(3);
  const own: ApiCall[] = [];
  for (let day = 0; day <= 14; day++) for (const hour of [9, 13, 16]) own.push({ at: at(day, hour, 15), who: analyst, ip: '198.51.100.40', ua: 'Mozilla/5.0', object: 'Lead', rows: 20 + Math.floor(r() * 20) });
  const cross: ApiCall = { at: at(14, 10, 0), who: analyst, ip: '198.51.100.40', ua: 'Mozilla/5.0', object: 'Lead', rows: 1500 };
  const larger: ApiCall = { at: at(14, 11, 0), who: analyst, ip: '198.51.100.40', ua: 'Mozilla/5.0', object: 'Lead', rows: 600 };

  it('keys the day by user, flags the crossing export and the larger one after it, not the ordinary ones around them', async () => {
    const u = await runRuleCase({ 'rtem/ApiEvent.csv': apiEventCsv([...own, cross, larger]) });
    try {
      const kinds = await u.db.all<{ key_kind: string }>(sql`SELECT DISTINCT key_kind FROM daily_volume`);
      expect(kinds).toEqual([{ key_kind: 'user' }]);
      const flagged = await u.flags('volume_above_baseline');
      expect(flagged.map((f) => f.at)).toEqual([cross.at, larger.at]);
      const usualLargest = Math.max(...own.filter((x) => x.at < at(14, 0)).map((x) => x.rows));
      expect(flagged[1]!.message).toContain(`this export (600 rows) came after, larger than any single export of the window (${usualLargest} rows)`);
      expect(flagged[0]!.message.startsWith('analyst@example.com read ')).toBe(true);
    } finally {
      u.close();
    }
  });
});
