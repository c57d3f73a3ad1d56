/**
 * From exposures to affected records: one record per (object, id) with the strongest
 * confidence, every field exposed and every export that exposed it; a jurisdiction for each
 * person record; counts per jurisdiction (people only) and per object (everything else).
 */
import type { AffectedRecord, AffectedSummary, Confidence, JurisdictionCount } from '../../../shared/domain.js';
import { resolveJurisdiction } from '../../../shared/jurisdiction/resolve.js';
import { describeJurisdiction } from '../../../shared/jurisdiction/rules.js';
import type { JurisdictionData } from '../jurisdiction/loadTables.js';
import type { CaseDb } from '../store/duck.js';
import { recordDetails } from './records.js';
import type { Exposure } from './replay.js';

const RANK: Record<Confidence, number> = { confirmed: 3, replayed: 2, possible: 1 };
const EMPTY_ADDRESS = { street: null, city: null, state: null, postalCode: null, country: null, stateCode: null, countryCode: null };

/** Merges exposures into affected records with their details and jurisdiction. */
export async function buildAffected(db: CaseDb, exposures: readonly Exposure[], geo: JurisdictionData): Promise<AffectedRecord[]> {
  const merged = new Map<string, { object: string; id: string; confidence: Confidence; fields: Set<string>; exports: Set<string> }>();
  for (const e of exposures) {
    const key = `${e.object.toLowerCase()}:${e.id}`;
    const m = merged.get(key) ?? { object: e.object, id: e.id, confidence: e.confidence, fields: new Set<string>(), exports: new Set<string>() };
    if (RANK[e.confidence] > RANK[m.confidence]) m.confidence = e.confidence;
    e.fields.forEach((f) => m.fields.add(f));
    m.exports.add(e.exportId);
    merged.set(key, m);
  }
  const byObject = new Map<string, string[]>();
  for (const m of merged.values()) byObject.set(m.object, [...(byObject.get(m.object) ?? []), m.id]);
  const details = new Map<string, Awaited<ReturnType<typeof recordDetails>>>();
  for (const [object, ids] of byObject) details.set(object, await recordDetails(db, object, ids));
  const out: AffectedRecord[] = [];
  for (const m of merged.values()) {
    const d = details.get(m.object)?.get(m.id);
    const isPerson = d?.isPerson ?? ['contact', 'lead', 'user'].includes(m.object.toLowerCase());
    const jurisdiction = d
      ? resolveJurisdiction(d.address, geo.tables, d.addressPrefix)
      : { code: 'ZZ', confidence: 'none' as const, basis: `record ${m.id} is not in the ${m.object} snapshot` };
    out.push({
      object: m.object,
      id: m.id,
      isPerson,
      name: d?.name ?? null,
      email: d?.email ?? null,
      address: d?.address ?? EMPTY_ADDRESS,
      jurisdiction,
      confidence: m.confidence,
      exposedFields: [...m.fields].sort(),
      exportIds: [...m.exports].sort(),
    });
  }
  return out.sort((a, b) => a.jurisdiction.code.localeCompare(b.jurisdiction.code) || a.object.localeCompare(b.object) || a.id.localeCompare(b.id));
}

/** Counts people per jurisdiction and confidence, and other records per object. */
export function summarise(records: readonly AffectedRecord[]): AffectedSummary {
  const byJurisdiction: Record<string, number> = {};
  const byConfidence: Record<Confidence, number> = { confirmed: 0, replayed: 0, possible: 0 };
  const otherObjects: Record<string, number> = {};
  let people = 0;
  for (const r of records) {
    if (!r.isPerson) {
      otherObjects[r.object] = (otherObjects[r.object] ?? 0) + 1;
      continue;
    }
    people++;
    byJurisdiction[r.jurisdiction.code] = (byJurisdiction[r.jurisdiction.code] ?? 0) + 1;
    byConfidence[r.confidence]++;
  }
  return { records: people, byJurisdiction: sortKeys(byJurisdiction), byConfidence, otherObjects: sortKeys(otherObjects) };
}

/** The per-jurisdiction list with each law's regulator, deadline and verification status. */
export function jurisdictionCounts(summary: AffectedSummary, geo: JurisdictionData): JurisdictionCount[] {
  return Object.entries(summary.byJurisdiction)
    .map(([code, records]) => {
      const d = describeJurisdiction(code, geo.rules, geo.tables);
      return { code, name: d.name, records, regulator: d.regulator, deadline: d.deadline, verification: d.verification };
    })
    .sort((a, b) => b.records - a.records || a.code.localeCompare(b.code));
}

function sortKeys<T>(o: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(o).sort(([a], [b]) => a.localeCompare(b)));
}
