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
  // Most logged addresses need no cleaning; the regexes run only on those that do.
  await db.run(sql`CREATE OR REPLACE TEMP MACRO ls_ip_clean(s) AS
    CASE WHEN regexp_matches(s, '[\\[\\]% \\t]') THEN regexp_replace(regexp_replace(trim(s), '^\\[|\\]$', '', 'g'), '%.*$', '') ELSE s END`);
  await db.run(sql`CREATE OR REPLACE TEMP MACRO ls_ip4_num(s) AS
    CASE WHEN regexp_full_match(s, ${literal(`(${OCTET}\\.){3}${OCTET}`)})
      THEN list_reduce(list_transform(string_split(s, '.'), o -> o::UHUGEINT), (a, b) -> a * 256 + b) END`);
  // An IPv6 text with an embedded IPv4 tail (::ffff:1.2.3.4) rewritten to eight hex groups' notation.
  await db.run(sql`CREATE OR REPLACE TEMP MACRO ls_ip6_plain(v) AS
    CASE WHEN contains(v, '.')
      THEN regexp_replace(v, '[0-9.]+$', printf('%x:%x',
        (ls_ip4_num(regexp_extract(v, '[0-9.]+$')) // 65536)::BIGINT, (ls_ip4_num(regexp_extract(v, '[0-9.]+$')) % 65536)::BIGINT))
      ELSE v END`);
  // '::' at either end gets a 0 group so that every '::' stands between two groups.
  await db.run(sql`CREATE OR REPLACE TEMP MACRO ls_ip6_padded(v) AS
    CASE WHEN starts_with(v, '::') THEN '0' ELSE '' END || v || CASE WHEN ends_with(v, '::') THEN '0' ELSE '' END`);
  // The one '::' expanded to as many 0 groups as are missing (eight groups have seven colons); NULL for two '::'.
  await db.run(sql`CREATE OR REPLACE TEMP MACRO ls_ip6_full(p) AS
    CASE WHEN length(p) - length(replace(p, '::', '')) > 2 THEN NULL
      WHEN contains(p, '::') THEN replace(p, '::', ':' || repeat('0:', greatest(0, 8 - (length(p) - length(replace(p, ':', ''))))))
      ELSE p END`);
  // Eight valid groups, each padded to four hex digits: 32 hex digits, read as two 64-bit halves.
  await db.run(sql`CREATE OR REPLACE TEMP MACRO ls_ip6_hex(f) AS
    CASE WHEN regexp_full_match(f, '[0-9a-f]{1,4}(:[0-9a-f]{1,4}){7}')
      THEN array_to_string(list_transform(string_split(f, ':'), g -> lpad(g, 4, '0')), '') END`);
  await db.run(sql`CREATE OR REPLACE TEMP MACRO ls_ip6_num(h) AS
    ('0x' || h[1:16])::UBIGINT::UHUGEINT * 18446744073709551616::UHUGEINT + ('0x' || h[17:32])::UBIGINT::UHUGEINT`);
  // Each stage's value is bound once through a one-element list and a lambda: a macro's argument is substituted
  // wherever it is used, so chaining the macros directly would repeat the earlier stages many times per address.
  await db.run(sql`CREATE OR REPLACE TEMP MACRO ls_ip_key(s) AS
    list_transform([s], ip_s -> CASE WHEN contains(ip_s, ':')
      THEN list_transform([ls_ip6_plain(lower(ip_s))], ip_a -> list_transform([ls_ip6_padded(ip_a)], ip_b -> list_transform([ls_ip6_full(ip_b)],
        ip_c -> list_transform([ls_ip6_hex(ip_c)], ip_h -> ls_ip6_num(ip_h))[1])[1])[1])[1]
      ELSE ${raw(String(IPV4_MAPPED_BASE))}::UHUGEINT + ls_ip4_num(ip_s) END)[1]`);
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
