import { toId18 } from './ids.js';

/** RTEM `Records`: a JSON array of ids, of objects with Id, or `{records: […]}`. */
export function parseRecordIds(text: string | null): string[] {
  if (!text || !text.trim()) return [];
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return text.split(/[\s,;]+/).map((t) => toId18(t)).filter((x): x is string => x !== null);
  }
  const list = Array.isArray(value) ? value : value && typeof value === 'object' && Array.isArray((value as { records?: unknown }).records) ? (value as { records: unknown[] }).records : [];
  return list
    .map((item) => (typeof item === 'string' ? item : item && typeof item === 'object' ? String((item as Record<string, unknown>)['Id'] ?? (item as Record<string, unknown>)['id'] ?? '') : ''))
    .map((t) => toId18(t))
    .filter((x): x is string => x !== null);
}
