/**
 * The offline IP dataset shipped with the app (npm packages `@ip-location-db/asn`, CC BY 4.0, and
 * `@ip-location-db/geo-whois-asn-country`, CC0), loaded once into range tables of the case and reloaded only
 * when a package's version changes. No network lookup, ever: the files are read from the installed packages.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { CaseDb } from '../store/duck.js';
import { IPV4_MAPPED_BASE } from './ipKeys.js';
import { literal, raw, sql } from '../store/sql.js';

/** One installed dataset package: where its CSV files are and which version they are. */
export interface IpDatasetPackage {
  name: string;
  version: string;
  dir: string;
}

export interface IpDataset {
  asn: IpDatasetPackage;
  country: IpDatasetPackage;
}

const ASN_PACKAGE = '@ip-location-db/asn';
const COUNTRY_PACKAGE = '@ip-location-db/geo-whois-asn-country';

/** Finds the installed dataset packages (inside a packaged app, their unpacked copy next to app.asar); null if absent. */
export function locateIpDataset(): IpDataset | null {
  const asn = locatePackage(ASN_PACKAGE);
  const country = locatePackage(COUNTRY_PACKAGE);
  return asn && country ? { asn, country } : null;
}

function locatePackage(name: string): IpDatasetPackage | null {
  try {
    const manifest = createRequire(import.meta.url).resolve(`${name}/package.json`);
    // DuckDB reads the CSV files itself, so they must be real files: electron-builder unpacks them beside the asar.
    const dir = path.dirname(manifest).replace(/app\.asar(?=[\\/])/, 'app.asar.unpacked');
    if (!existsSync(dir)) return null;
    const { version } = JSON.parse(readFileSync(manifest, 'utf8')) as { version: string };
    return { name, version, dir };
  } catch {
    return null;
  }
}

/**
 * Makes sure `ip_asn_ranges` and `ip_country_ranges` hold this dataset's version (keys as in ipKeys.ts: IPv4 as
 * ::ffff:a.b.c.d); returns whether it had to (re)load them.
 */
export async function ensureIpRanges(db: CaseDb, ds: IpDataset): Promise<boolean> {
  await db.run(sql`CREATE TABLE IF NOT EXISTS ip_dataset (package VARCHAR NOT NULL, version VARCHAR NOT NULL, loaded_at TIMESTAMP NOT NULL)`);
  const have = await db.all<{ package: string; version: string }>(sql`SELECT package, version FROM ip_dataset`);
  const want = [ds.asn, ds.country];
  const tables = await db.all<{ n: number }>(sql`SELECT count(*)::INTEGER AS n FROM information_schema.tables WHERE table_name IN ('ip_asn_ranges', 'ip_country_ranges')`);
  const current = tables[0]?.n === 2 && want.every((p) => have.some((h) => h.package === p.name && h.version === p.version)) && have.length === want.length;
  if (current) return false;
  // The packages' numeric files (inclusive first/last address as decimal integers) need no parsing of address text.
  const v4 = raw(String(IPV4_MAPPED_BASE));
  const asnFile = (f: string) => literal(path.join(ds.asn.dir, f));
  const countryFile = (f: string) => literal(path.join(ds.country.dir, f));
  const asnColumns = raw(`columns = {'lo': 'VARCHAR', 'hi': 'VARCHAR', 'asn': 'VARCHAR', 'org': 'VARCHAR'}, header = false, quote = '"', escape = '"'`);
  const countryColumns = raw(`columns = {'lo': 'VARCHAR', 'hi': 'VARCHAR', 'country': 'VARCHAR'}, header = false`);
  await db.run(sql`CREATE OR REPLACE TABLE ip_asn_ranges AS
    SELECT first_key, last_key, asn, as_org FROM (
      SELECT ${v4}::UHUGEINT + TRY_CAST(lo AS UHUGEINT) AS first_key, ${v4}::UHUGEINT + TRY_CAST(hi AS UHUGEINT) AS last_key, asn, org
        FROM read_csv(${asnFile('asn-ipv4-num.csv')}, ${asnColumns})
      UNION ALL
      SELECT TRY_CAST(lo AS UHUGEINT), TRY_CAST(hi AS UHUGEINT), asn, org FROM read_csv(${asnFile('asn-ipv6-num.csv')}, ${asnColumns})
    ) r(first_key, last_key, asn_text, org), LATERAL (SELECT TRY_CAST(asn_text AS BIGINT) AS asn, NULLIF(trim(org), '') AS as_org)
    WHERE first_key IS NOT NULL AND last_key IS NOT NULL
    ORDER BY first_key`);
  await db.run(sql`CREATE OR REPLACE TABLE ip_country_ranges AS
    SELECT first_key, last_key, NULLIF(upper(trim(country)), '') AS country FROM (
      SELECT ${v4}::UHUGEINT + TRY_CAST(lo AS UHUGEINT) AS first_key, ${v4}::UHUGEINT + TRY_CAST(hi AS UHUGEINT) AS last_key, country
        FROM read_csv(${countryFile('geo-whois-asn-country-ipv4-num.csv')}, ${countryColumns})
      UNION ALL
      SELECT TRY_CAST(lo AS UHUGEINT), TRY_CAST(hi AS UHUGEINT), country FROM read_csv(${countryFile('geo-whois-asn-country-ipv6-num.csv')}, ${countryColumns}))
    WHERE first_key IS NOT NULL AND last_key IS NOT NULL
    ORDER BY first_key`);
  await db.run(sql`DELETE FROM ip_dataset`);
  for (const p of want) await db.run(sql`INSERT INTO ip_dataset VALUES (${p.name}, ${p.version}, now()::TIMESTAMP)`);
  return true;
}

/** Loads the non-routable and documentation blocks (`resources/ipintel/special-ranges.csv`) into `ip_special_ranges`. */
export async function loadSpecialRanges(db: CaseDb, resourcesDir: string): Promise<void> {
  const file = path.join(resourcesDir, 'ipintel', 'special-ranges.csv');
  await db.run(sql`CREATE OR REPLACE TABLE ip_special_ranges AS
    SELECT ls_ip_key(first) AS first_key, ls_ip_key(last) AS last_key, network, label
    FROM read_csv(${literal(file)}, header = true, columns = {'network': 'VARCHAR', 'first': 'VARCHAR', 'last': 'VARCHAR', 'label': 'VARCHAR'})`);
}
