/**
 * The offline IP dataset shipped with the app (npm packages `@ip-location-db/asn`, CC BY 4.0, and
 * `@ip-location-db/geo-whois-asn-country`, CC0), loaded once into range tables of the case and reloaded only
 * when a package's version changes. No network lookup, ever: the files are read from the installed packages.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { CaseDb } from '../store/duck.js';
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
 * Makes sure `ip_asn_ranges` and `ip_country_ranges` hold this dataset's version (keys from `ls_ip_key`, see
 * ipKeys.ts, which must be defined first); returns whether it had to (re)load them.
 */
export async function ensureIpRanges(db: CaseDb, ds: IpDataset): Promise<boolean> {
  await db.run(sql`CREATE TABLE IF NOT EXISTS ip_dataset (package VARCHAR NOT NULL, version VARCHAR NOT NULL, loaded_at TIMESTAMP NOT NULL)`);
  const have = await db.all<{ package: string; version: string }>(sql`SELECT package, version FROM ip_dataset`);
  const want = [ds.asn, ds.country];
  const tables = await db.all<{ n: number }>(sql`SELECT count(*)::INTEGER AS n FROM information_schema.tables WHERE table_name IN ('ip_asn_ranges', 'ip_country_ranges')`);
  const current = tables[0]?.n === 2 && want.every((p) => have.some((h) => h.package === p.name && h.version === p.version)) && have.length === want.length;
  if (current) return false;
  const asnFiles = ['asn-ipv4.csv', 'asn-ipv6.csv'].map((f) => path.join(ds.asn.dir, f));
  const countryFiles = ['geo-whois-asn-country-ipv4.csv', 'geo-whois-asn-country-ipv6.csv'].map((f) => path.join(ds.country.dir, f));
  await db.run(sql`CREATE OR REPLACE TABLE ip_asn_ranges AS
    SELECT first_key, last_key, asn, as_org, ls_network(first_key, last_key, first_ip, last_ip) AS network FROM (
      SELECT ls_ip_key(first_ip) AS first_key, ls_ip_key(last_ip) AS last_key, TRY_CAST(asn AS BIGINT) AS asn, NULLIF(trim(org), '') AS as_org, first_ip, last_ip
      FROM read_csv(${csvList(asnFiles)}, header = false, quote = '"', escape = '"',
        columns = {'first_ip': 'VARCHAR', 'last_ip': 'VARCHAR', 'asn': 'VARCHAR', 'org': 'VARCHAR'}))
    WHERE first_key IS NOT NULL AND last_key IS NOT NULL
    ORDER BY first_key`);
  await db.run(sql`CREATE OR REPLACE TABLE ip_country_ranges AS
    SELECT * FROM (
      SELECT ls_ip_key(first_ip) AS first_key, ls_ip_key(last_ip) AS last_key, NULLIF(upper(trim(country)), '') AS country
      FROM read_csv(${csvList(countryFiles)}, header = false,
        columns = {'first_ip': 'VARCHAR', 'last_ip': 'VARCHAR', 'country': 'VARCHAR'}))
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

/** A DuckDB list of file paths, each quoted as a literal (table functions' files cannot be parameters). */
function csvList(files: string[]): ReturnType<typeof raw> {
  return raw(`[${files.map((f) => literal(f).text).join(', ')}]`);
}
