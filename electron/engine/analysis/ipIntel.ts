/**
 * Offline IP intelligence: for every distinct IP address seen in `events`, its country and the network that
 * holds it (ASN, organisation, block), by one range join in DuckDB against the shipped dataset. Addresses that
 * are not public (RFC 1918, loopback, documentation ranges, the literal "Salesforce.com IP") get a stated label
 * in `as_org` instead of a country that would be wrong.
 */
import { withAnalysisPlan } from './analysisPlan.js';
import type { CaseDb } from '../store/duck.js';
import { ident, sql } from '../store/sql.js';
import { ensureIpRanges, loadSpecialRanges, locateIpDataset, type IpDataset } from './ipDataset.js';
import { defineIpKeyMacros } from './ipKeys.js';

/** The label of the literal `Salesforce.com IP` that Event Monitoring logs for Salesforce-internal origins. */
export const SALESFORCE_INTERNAL_LABEL = 'Salesforce-internal origin (logged as "Salesforce.com IP"), no public address';
/** The label of a logged value that is not an IPv4 or IPv6 address. */
export const NOT_AN_IP_LABEL = 'Not an IP address as logged';

/** What one run of the lookup found, so an empty or partial result says so where it is shown. */
export interface IpIntelSummary {
  ips: number;
  withCountry: number;
  withNetwork: number;
  special: number;
  notAnIp: number;
  unknown: number;
  dataset: { package: string; version: string }[];
  reloaded: boolean;
  /** True when the signal stopped the lookup; `ip_intel` is then left as it was. */
  cancelled: boolean;
  warnings: string[];
}

/**
 * Builds `ip_intel` (ip, country, asn, as_org, network): one row per distinct `events.client_ip`. The dataset's
 * ranges are cached in the case and reloaded only when its version changes.
 */
export async function buildIpIntel(db: CaseDb, resourcesDir: string, options: { dataset?: IpDataset | null; signal?: AbortSignal } = {}): Promise<IpIntelSummary> {
  return withAnalysisPlan(db, () => lookUpAddresses(db, resourcesDir, options));
}

async function lookUpAddresses(db: CaseDb, resourcesDir: string, options: { dataset?: IpDataset | null; signal?: AbortSignal }): Promise<IpIntelSummary> {
  const dataset = options.dataset === undefined ? locateIpDataset() : options.dataset;
  const warnings: string[] = [];
  await defineIpKeyMacros(db);
  await loadSpecialRanges(db, resourcesDir);
  let reloaded = false;
  if (dataset) reloaded = await ensureIpRanges(db, dataset);
  else {
    warnings.push('IP intelligence: the offline dataset (@ip-location-db/asn, @ip-location-db/geo-whois-asn-country) is not installed; no country or network is known for any public address.');
    await db.run(sql`CREATE TABLE IF NOT EXISTS ip_asn_ranges (first_key UHUGEINT, last_key UHUGEINT, asn BIGINT, as_org VARCHAR)`);
    await db.run(sql`CREATE TABLE IF NOT EXISTS ip_country_ranges (first_key UHUGEINT, last_key UHUGEINT, country VARCHAR)`);
  }
  const stopped = (): IpIntelSummary | null => (options.signal?.aborted
    ? { ips: 0, withCountry: 0, withNetwork: 0, special: 0, notAnIp: 0, unknown: 0, dataset: [], reloaded, cancelled: true, warnings: ['IP intelligence cancelled.'] }
    : null);
  if (stopped()) return stopped()!;
  await db.run(sql`CREATE OR REPLACE TEMP TABLE ip_seen AS
    SELECT row_number() OVER () AS n, ip, ls_ip_key(ls_ip_clean(ip)) AS k
    FROM (SELECT DISTINCT client_ip AS ip FROM events WHERE client_ip IS NOT NULL AND trim(client_ip) <> '')`);
  if (stopped()) return stopped()!;
  // Each lookup is its own range join keyed by the row number; the ranges of one table never overlap (ASOF).
  await db.run(sql`CREATE OR REPLACE TEMP TABLE ip_seen_special AS
    SELECT s.n, arg_min(r.network, (r.last_key - r.first_key, r.network, r.label)) AS network, arg_min(r.label, (r.last_key - r.first_key, r.network, r.label)) AS label
    FROM ip_seen s JOIN ip_special_ranges r ON s.k BETWEEN r.first_key AND r.last_key GROUP BY s.n`);
  await db.run(sql`CREATE OR REPLACE TEMP TABLE ip_seen_asn AS
    SELECT s.n, r.asn, r.as_org, r.first_key, r.last_key FROM ip_seen s ASOF JOIN ip_asn_ranges r ON s.k >= r.first_key WHERE s.k <= r.last_key`);
  // The block's text only for the ranges that hold a seen address.
  await db.run(sql`CREATE OR REPLACE TEMP TABLE ip_seen_blocks AS
    SELECT first_key, last_key, ls_network(first_key, last_key) AS network FROM (SELECT DISTINCT first_key, last_key FROM ip_seen_asn)`);
  await db.run(sql`CREATE OR REPLACE TEMP TABLE ip_seen_country AS
    SELECT s.n, r.country FROM ip_seen s ASOF JOIN ip_country_ranges r ON s.k >= r.first_key WHERE s.k <= r.last_key`);
  if (stopped()) return stopped()!;
  await db.run(sql`CREATE OR REPLACE TABLE ip_intel AS
    SELECT s.ip,
      CASE WHEN sp.n IS NULL THEN c.country END AS country,
      CASE WHEN sp.n IS NULL THEN a.asn END AS asn,
      CASE
        WHEN sp.n IS NOT NULL THEN sp.label
        WHEN s.k IS NULL AND lower(trim(s.ip)) = 'salesforce.com ip' THEN ${SALESFORCE_INTERNAL_LABEL}
        WHEN s.k IS NULL THEN ${NOT_AN_IP_LABEL}
        ELSE a.as_org END AS as_org,
      CASE WHEN sp.n IS NOT NULL THEN sp.network ELSE b.network END AS network
    FROM ip_seen s LEFT JOIN ip_seen_special sp USING (n) LEFT JOIN ip_seen_asn a USING (n) LEFT JOIN ip_seen_blocks b ON b.first_key = a.first_key AND b.last_key = a.last_key
      LEFT JOIN ip_seen_country c USING (n)`);
  for (const t of ['ip_seen', 'ip_seen_special', 'ip_seen_asn', 'ip_seen_blocks', 'ip_seen_country']) await db.run(sql`DROP TABLE ${ident(t)}`);
  const counts = await db.one<Omit<IpIntelSummary, 'dataset' | 'reloaded' | 'cancelled' | 'warnings'>>(sql`SELECT
      count(*)::BIGINT AS ips,
      count(country)::BIGINT AS "withCountry",
      count(*) FILTER (WHERE asn IS NOT NULL)::BIGINT AS "withNetwork",
      count(*) FILTER (WHERE asn IS NULL AND network IS NOT NULL)::BIGINT AS special,
      count(*) FILTER (WHERE as_org IN (${SALESFORCE_INTERNAL_LABEL}, ${NOT_AN_IP_LABEL}))::BIGINT AS "notAnIp",
      count(*) FILTER (WHERE country IS NULL AND network IS NULL AND as_org IS NULL)::BIGINT AS unknown
    FROM ip_intel`);
  const summary = counts ?? { ips: 0, withCountry: 0, withNetwork: 0, special: 0, notAnIp: 0, unknown: 0 };
  if (summary.ips === 0) warnings.push('IP intelligence: no event in the case carries a client IP address, so there is nothing to look up.');
  else if (summary.unknown > 0) warnings.push(`IP intelligence: ${summary.unknown} of ${summary.ips} addresses are in no range of the dataset (country and network unknown).`);
  return {
    ...summary,
    dataset: dataset ? [dataset.asn, dataset.country].map((p) => ({ package: p.name, version: p.version })) : [],
    reloaded,
    cancelled: false,
    warnings,
  };
}

/** Country and network of one address for display (`sourceIpInfo`), as stored in `ip_intel`. */
export interface IpInfo {
  country: string | null;
  asn: number | null;
  org: string | null;
  network: string | null;
}

/** The `ip_intel` facts of the given addresses (one page: the addresses a screen or writer shows). */
export async function ipInfoOf(db: CaseDb, ips: readonly string[]): Promise<Map<string, IpInfo>> {
  const out = new Map<string, IpInfo>();
  if (!ips.length) return out;
  const rows = await db.all<{ ip: string; country: string | null; asn: number | null; as_org: string | null; network: string | null }>(
    sql`SELECT ip, country, asn, as_org, network FROM ip_intel WHERE ip IN (SELECT unnest(${JSON.stringify([...new Set(ips)])}::JSON::VARCHAR[]))`,
  );
  for (const r of rows) out.set(r.ip, { country: r.country, asn: r.asn, org: r.as_org, network: r.network });
  return out;
}
