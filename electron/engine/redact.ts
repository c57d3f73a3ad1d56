/**
 * Keeps credentials out of what the engine answers: the values at a request's secret fields are
 * looked for in every string of the answer (messages, notes, paths) and replaced, so a token that
 * an error, a library message or a mistake would echo never reaches the UI, a log or a file.
 */

/** What stands where a credential was. */
export const REDACTED = '[credential withheld]';

/** Shorter values are no credential (and replacing them would garble every message). */
const MIN_SECRET = 4;

/** The string values at `paths` in `payload` (untrusted: anything else is ignored), as given and trimmed. */
export function secretsOf(payload: unknown, paths: readonly (readonly string[])[]): string[] {
  const found: string[] = [];
  for (const p of paths) {
    let v: unknown = payload;
    for (const key of p) v = typeof v === 'object' && v !== null && Object.hasOwn(v, key) ? (v as Record<string, unknown>)[key] : undefined;
    if (typeof v !== 'string') continue;
    for (const s of [v, v.trim()]) if (s.length >= MIN_SECRET && !found.includes(s)) found.push(s);
  }
  // Longest first, so a trimmed token inside the untrimmed one is replaced whole.
  return found.sort((a, b) => b.length - a.length);
}

/** `value` with every occurrence of each secret in its strings replaced (keys, numbers and shape kept). */
export function redactIn<T>(value: T, secrets: readonly string[]): T {
  return walk(value, secrets, 0) as T;
}

function walk(v: unknown, secrets: readonly string[], depth: number): unknown {
  if (typeof v === 'string') return redactText(v, secrets);
  if (depth > 64 || typeof v !== 'object' || v === null) return v;
  if (Array.isArray(v)) return v.map((x) => walk(x, secrets, depth + 1));
  return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x, secrets, depth + 1)]));
}

/** `text` with each secret replaced. */
export function redactText(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const s of secrets) if (out.includes(s)) out = out.split(s).join(REDACTED);
  return out;
}
