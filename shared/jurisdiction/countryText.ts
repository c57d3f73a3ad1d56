/**
 * Finds the country a free-text Country value names: ISO codes, English names, aliases.json, then the names
 * in every language and script of CLDR and i18n-iso-countries — exact lookups of the normalised text only.
 * CRM word orders are tried too ("Netherlands, The" → "The Netherlands", "Korea (South)" → "South Korea"),
 * each as an exact lookup. Never fuzzy: an ambiguous or unknown value is reported with its reason.
 */
import { normaliseKey, type CountryKeyHit, type GeoTables } from './tables.js';
import type { JurisdictionMatch } from '../domain.js';

/** A country the address points to, before any state or province is considered. */
export interface CountryFinding {
  code: string; // alpha-2
  confidence: JurisdictionMatch['confidence'];
  basis: string;
}

/** The address points to no country: why, in one sentence. */
export interface NoCountry {
  why: string;
}

/** One exact reading of a text: the country, how it was found, and the word order read if not the one written. */
interface Reading {
  code: string;
  confidence: JurisdictionMatch['confidence'];
  how: string;
  readAs: string | null;
}

/** Looks a Country field's text up exactly; `field` names it in the basis ("MailingCountry"). */
export function lookUpCountryText(raw: string, tables: GeoTables, field: string): CountryFinding | NoCountry {
  const whole = lookUpOne(raw, tables);
  if (whole !== null && 'codes' in whole) {
    const what = whole.readAs === null ? `${field} ${quote(raw)}` : `${field} ${quote(raw)} read as ${quote(whole.readAs)}`;
    return { why: `${what} is ambiguous (${whole.codes.join(' or ')}): not resolved` };
  }
  if (whole !== null) {
    const what = whole.readAs === null ? `${field} ${quote(raw)}` : `${field} ${quote(raw)} read as ${quote(whole.readAs)}`;
    return { code: whole.code, confidence: whole.confidence, basis: `${what} → ${whole.code} ${whole.how}` };
  }
  return lookUpParts(raw, tables, field) ?? { why: `${field} ${quote(raw)} is not a known country code, name or alias (no fuzzy matching)` };
}

/** ISO code (plain ASCII only), then names with accents kept, then stripped, in the written and the inverted word orders. */
function lookUpOne(raw: string, tables: GeoTables): Reading | { codes: readonly string[]; readAs: string | null } | null {
  const key = normaliseKey(raw);
  const upper = key.toUpperCase();
  // ISO codes only from plain ASCII: "Mỹ" (Vietnamese for the US) must not become MY, nor "Áo" (Austria) AO.
  const ascii = /^[\x20-\x7E]*$/.test(raw);
  if (ascii && key.length === 2 && tables.alpha2.has(upper)) return { code: upper, confidence: 'high', how: '(ISO alpha-2 code)', readAs: null };
  const fromAlpha3 = ascii && key.length === 3 ? tables.alpha3ToAlpha2.get(upper) : undefined;
  if (fromAlpha3 !== undefined) return { code: fromAlpha3, confidence: 'high', how: '(ISO alpha-3 code)', readAs: null };
  for (const reading of [raw, ...otherWordOrders(raw)]) {
    const looked = lookUpName(reading, tables);
    const readAs = reading === raw ? null : reading;
    if (looked === null) continue;
    if ('code' in looked) return { ...describeHit(looked), readAs };
    return { codes: looked, readAs };
  }
  return null;
}

/**
 * A value that writes one country twice — "Deutschland (Germany)", "USA - United States", "Schweiz/Suisse" —
 * resolves when every part resolves, exactly, to the same country; parts naming two countries are ambiguous.
 */
function lookUpParts(raw: string, tables: GeoTables, field: string): CountryFinding | NoCountry | null {
  const parts = raw
    .split(/\s+[-–—|]\s+|\/|\(|\)/)
    .map((p) => p.trim())
    .filter((p) => p !== '');
  if (parts.length < 2) return null;
  const readings = parts.map((part) => lookUpOne(part, tables));
  const found = readings.filter((r): r is Reading => r !== null && !('codes' in r));
  if (found.length !== parts.length) return null;
  const codes = [...new Set(found.map((r) => r.code))];
  if (codes.length > 1) return { why: `${field} ${quote(raw)} names ${codes.join(' and ')}: not resolved` };
  const rank = { high: 3, medium: 2, low: 1, none: 0 } as const;
  const weakest = found.reduce((a, b) => (rank[b.confidence] < rank[a.confidence] ? b : a));
  const how = parts.map((part, i) => `${quote(part)} ${found[i]?.how ?? ''}`).join(', ');
  return { code: weakest.code, confidence: weakest.confidence, basis: `${field} ${quote(raw)} → ${weakest.code} (every part names it: ${how})` };
}

/** The accent-kept key first, then the accent-stripped one; a list of codes when the name is ambiguous. */
function lookUpName(text: string, tables: GeoTables): CountryKeyHit | readonly string[] | null {
  const exactKey = normaliseKey(text, { keepAccents: true });
  const exact = tables.countryByExactKey.get(exactKey) ?? tables.ambiguousExactKeys.get(exactKey);
  if (exact !== undefined) return exact;
  const key = normaliseKey(text);
  return tables.countryByKey.get(key) ?? tables.ambiguousCountryKeys.get(key) ?? null;
}

function describeHit(hit: CountryKeyHit): Omit<Reading, 'readAs'> {
  switch (hit.kind) {
    case 'name':
      return { code: hit.code, confidence: 'high', how: '(English name)' };
    case 'alias':
      return { code: hit.code, confidence: 'medium', how: '(alias)' };
    default:
      return { code: hit.code, confidence: 'high', how: `(${translationSource(hit.locale ?? '')})` };
  }
}

function translationSource(locale: string): string {
  return locale.startsWith('i18n:') ? `name in locale ${locale.slice(5)}, i18n-iso-countries` : `name in locale ${locale}, Unicode CLDR`;
}

/**
 * The inverted forms CRMs and ISO lists write: "Netherlands, The", "Korea, South", "Korea (South)",
 * "Virgin Islands (U.S.)" — read back as "The Netherlands", "South Korea", "U.S. Virgin Islands".
 */
function otherWordOrders(raw: string): string[] {
  const text = raw.trim();
  const readings: string[] = [];
  const comma = /^([^,()]+),\s*([^,()]+)$/.exec(text);
  if (comma?.[1] !== undefined && comma[2] !== undefined) readings.push(`${comma[2].trim()} ${comma[1].trim()}`);
  const paren = /^([^,()]+?)\s*\(([^()]+)\)$/.exec(text);
  if (paren?.[1] !== undefined && paren[2] !== undefined) readings.push(`${paren[2].trim()} ${paren[1].trim()}`, `${paren[1].trim()} ${paren[2].trim()}`);
  return readings;
}

/** Quotes a field value for the basis sentence; very long free text is cut so the sentence stays short. */
export function quote(value: string): string {
  const short = value.length > 60 ? `${value.slice(0, 57)}…` : value;
  return JSON.stringify(short);
}

/** Trims a field value; blank and invisible-only values (zero-width spaces, BOM) count as missing. */
export function clean(value: string | null): string | null {
  if (value === null) return null;
  const trimmed = value.replace(/[\u00AD\u200B-\u200F\u2060\uFEFF]/g, '').trim();
  return trimmed === '' ? null : trimmed;
}
