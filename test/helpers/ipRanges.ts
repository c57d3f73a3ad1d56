/**
 * The IP dataset's own numeric CSV files (`@ip-location-db/*`, `…-num.csv`) searched in plain JavaScript, so a
 * test can say what the dataset holds for an address without going through the engine (which reads the text files
 * and keys them in SQL).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

export const IPV4_MAPPED = 0xffff00000000n;
export interface NumRange { lo: bigint; hi: bigint; values: string[] }

/** A numeric range file (`lo,hi,value…`; a quoted organisation may hold commas and "" escapes), offset into one key space. */
export function readNumRanges(file: string, offset: bigint): NumRange[] {
  return readFileSync(file, 'utf8').split('\n').filter(Boolean).map((line) => {
    const [lo, hi, ...rest] = line.split(',');
    const tail = rest.join(',');
    const values = tail.includes('"') ? [rest[0]!, tail.slice(rest[0]!.length + 1).replace(/^"|"$/g, '').replaceAll('""', '"')] : rest;
    return { lo: BigInt(lo!) + offset, hi: BigInt(hi!) + offset, values };
  });
}

/** Both families of one package in key order (IPv4 as ::ffff:a.b.c.d). */
export function readDataset(dir: string, stem: string): NumRange[] {
  return [...readNumRanges(path.join(dir, `${stem}-ipv4-num.csv`), IPV4_MAPPED), ...readNumRanges(path.join(dir, `${stem}-ipv6-num.csv`), 0n)]
    .sort((a, b) => (a.lo < b.lo ? -1 : a.lo > b.lo ? 1 : 0));
}

/** The range holding a key, by binary search; null when none does. */
export function findRange(ranges: NumRange[], key: bigint): NumRange | null {
  let lo = 0;
  let hi = ranges.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const r = ranges[mid]!;
    if (key < r.lo) hi = mid - 1;
    else if (key > r.hi) lo = mid + 1;
    else return r;
  }
  return null;
}

/** The key of a dotted IPv4 address. */
export function ipv4Key(ip: string): bigint {
  return IPV4_MAPPED + ip.split('.').reduce((acc, o) => acc * 256n + BigInt(o), 0n);
}
