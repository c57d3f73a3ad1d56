/**
 * IP addresses as comparable 128-bit keys inside DuckDB: IPv6 as its number, IPv4 as its IPv4-mapped IPv6
 * number (::ffff:a.b.c.d), so one range join covers both families. The parsing is SQL macros (temporary, per
 * connection), so a million addresses are keyed set-based, never one by one in JavaScript.
 */
import type { CaseDb } from '../store/duck.js';
import { literal, raw, sql } from '../store/sql.js';

/** The key of ::ffff:0.0.0.0, where IPv4 addresses start in the shared key space. */
export const IPV4_MAPPED_BASE = 0xffff00000000n;

/** 2^112, 2^96, …, 1: the weight of each 16-bit group of an IPv6 key (UHUGEINT has no shift operators). */
const GROUP_WEIGHTS = raw(`[${Array.from({ length: 8 }, (_, i) => `${1n << BigInt(112 - 16 * i)}::UHUGEINT`).join(', ')}]`);

const OCTET = '(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])';

/**
 * Defines the temporary macros `ls_ip_clean(text)` (trim, drop [brackets] and a %zone) and `ls_ip_key(text)`
 * (UHUGEINT key, NULL for anything that is not an IPv4 or IPv6 address).
 */
export async function defineIpKeyMacros(db: CaseDb): Promise<void> {
  await db.run(sql`CREATE OR REPLACE TEMP MACRO ls_ip_clean(s) AS
    regexp_replace(regexp_replace(trim(s), '^\[|\]$', '', 'g'), '%.*$', '')`);
  await db.run(sql`CREATE OR REPLACE TEMP MACRO ls_ip4_num(s) AS
    CASE WHEN regexp_full_match(s, ${literal(`(${OCTET}\\.){3}${OCTET}`)})
      THEN list_reduce(list_transform(string_split(s, '.'), o -> o::UHUGEINT), (a, b) -> a * 256 + b) END`);
  // An IPv6 text with an embedded IPv4 tail (::ffff:1.2.3.4) rewritten to eight hex groups' notation.
  await db.run(sql`CREATE OR REPLACE TEMP MACRO ls_ip6_plain(v) AS
    CASE WHEN contains(v, '.')
      THEN regexp_replace(v, '[0-9.]+$', printf('%x:%x',
        (ls_ip4_num(regexp_extract(v, '[0-9.]+$')) // 65536)::BIGINT, (ls_ip4_num(regexp_extract(v, '[0-9.]+$')) % 65536)::BIGINT))
      ELSE v END`);
  await db.run(sql`CREATE OR REPLACE TEMP MACRO ls_ip6_head(v) AS
    CASE WHEN string_split(v, '::')[1] = '' THEN []::VARCHAR[] ELSE string_split(string_split(v, '::')[1], ':') END`);
  await db.run(sql`CREATE OR REPLACE TEMP MACRO ls_ip6_tail(v) AS
    CASE WHEN len(string_split(v, '::')) = 2 AND string_split(v, '::')[2] <> '' THEN string_split(string_split(v, '::')[2], ':') ELSE []::VARCHAR[] END`);
  await db.run(sql`CREATE OR REPLACE TEMP MACRO ls_ip6_groups(v) AS
    CASE
      WHEN NOT regexp_full_match(v, '[0-9a-f:]+') OR contains(v, ':::') OR len(string_split(v, '::')) > 2 THEN NULL
      WHEN len(string_split(v, '::')) = 1 THEN CASE WHEN len(string_split(v, ':')) = 8 THEN string_split(v, ':') END
      WHEN len(ls_ip6_head(v)) + len(ls_ip6_tail(v)) <= 7
        THEN list_concat(ls_ip6_head(v), list_transform(range(8 - len(ls_ip6_head(v)) - len(ls_ip6_tail(v))), z -> '0'), ls_ip6_tail(v))
    END`);
  await db.run(sql`CREATE OR REPLACE TEMP MACRO ls_ip6_num(g) AS
    CASE WHEN g IS NOT NULL AND list_bool_and(list_transform(g, x -> regexp_full_match(x, '[0-9a-f]{1,4}')))
      THEN list_reduce(list_transform(g, x -> ('0x' || x)::INTEGER::UHUGEINT), (a, b) -> a * 65536 + b) END`);
  await db.run(sql`CREATE OR REPLACE TEMP MACRO ls_ip_key(s) AS
    CASE WHEN contains(s, ':') THEN ls_ip6_num(ls_ip6_groups(ls_ip6_plain(lower(s))))
      ELSE ${raw(String(IPV4_MAPPED_BASE))}::UHUGEINT + ls_ip4_num(s) END`);
  // A key back to address text: dotted IPv4 for ::ffff:a.b.c.d, else IPv6 with the first run of zero groups as '::'.
  await db.run(sql`CREATE OR REPLACE TEMP MACRO ls_key_text(k) AS
    CASE WHEN k BETWEEN ${raw(String(IPV4_MAPPED_BASE))}::UHUGEINT AND ${raw(String(IPV4_MAPPED_BASE + 0xffffffffn))}::UHUGEINT
      THEN array_to_string(list_transform([24, 16, 8, 0], s -> (((k - ${raw(String(IPV4_MAPPED_BASE))}::UHUGEINT)::BIGINT >> s) & 255)::VARCHAR), '.')
      ELSE regexp_replace(array_to_string(list_transform(${GROUP_WEIGHTS}, w -> printf('%x', ((k // w) % 65536)::INTEGER)), ':'),
        '(^|:)0(:0)+(:|$)', '::')
    END`);
  // The block of an inclusive key range: its CIDR when it is exactly one (IPv4 blocks with their IPv4 prefix), else first-last.
  await db.run(sql`CREATE OR REPLACE TEMP MACRO ls_range_prefix(lo, hi) AS
    CASE WHEN ((hi - lo) & (hi - lo + 1::UHUGEINT)) = 0 AND (lo & (hi - lo)) = 0
      THEN (128 - round(log2((hi - lo)::DOUBLE + 1))::INTEGER)
        - CASE WHEN lo >= ${raw(String(IPV4_MAPPED_BASE))}::UHUGEINT AND hi <= ${raw(String(IPV4_MAPPED_BASE + 0xffffffffn))}::UHUGEINT THEN 96 ELSE 0 END
    END`);
  await db.run(sql`CREATE OR REPLACE TEMP MACRO ls_network(lo, hi) AS
    CASE WHEN ls_range_prefix(lo, hi) IS NOT NULL THEN ls_key_text(lo) || '/' || ls_range_prefix(lo, hi) ELSE ls_key_text(lo) || '-' || ls_key_text(hi) END`);
}
