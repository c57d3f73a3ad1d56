/** Salesforce record ids: 15-character case-sensitive and 18-character case-safe forms. */

const SUFFIX_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ012345';
const ID_PATTERN = /^[a-zA-Z0-9]{15}(?:[A-Z0-5]{3})?$/;

/** True when the text has the shape of a 15- or 18-character Salesforce id. */
export function isSalesforceId(text: string): boolean {
  return ID_PATTERN.test(text);
}

/** The 3-character case-safe suffix for a 15-character id. */
export function idSuffix(id15: string): string {
  let suffix = '';
  for (let block = 0; block < 3; block++) {
    let bits = 0;
    for (let i = 0; i < 5; i++) {
      const c = id15.charCodeAt(block * 5 + i);
      if (c >= 65 && c <= 90) bits |= 1 << i;
    }
    suffix += SUFFIX_ALPHABET[bits];
  }
  return suffix;
}

/**
 * Normalises an id to its 18-character form so that joins across logs (15 chars) and
 * exports/RTEM (18 chars) match. Returns null for blanks and for text that is not an id.
 * An 18-character id keeps its first 15 characters and gets its suffix recomputed, so a
 * lower-cased suffix from a spreadsheet round trip is corrected.
 */
export function toId18(raw: string | null | undefined): string | null {
  if (raw == null) return null;
  const text = raw.trim();
  if (!isSalesforceId(text) && !/^[a-zA-Z0-9]{18}$/.test(text)) return null;
  const id15 = text.slice(0, 15);
  return id15 + idSuffix(id15);
}

/** The 15-character form of a 15- or 18-character id (null when not an id). */
export function toId15(raw: string | null | undefined): string | null {
  const id18 = toId18(raw);
  return id18 === null ? null : id18.slice(0, 15);
}

/**
 * The same suffix computation as a DuckDB SQL expression over `col`, so ids are normalised
 * inside the database instead of row by row in JavaScript. Mirrors `toId18` exactly
 * (a unit test checks both on the same ids).
 */
export function id18SqlExpression(col: string): string {
  const t = `trim(${col})`;
  const block = (b: number): string => {
    const terms: string[] = [];
    for (let i = 0; i < 5; i++) {
      const pos = b * 5 + i + 1;
      terms.push(`(CASE WHEN ascii(substr(${t}, ${pos}, 1)) BETWEEN 65 AND 90 THEN ${1 << i} ELSE 0 END)`);
    }
    return `substr('${SUFFIX_ALPHABET}', 1 + ${terms.join(' + ')}, 1)`;
  };
  return `(CASE WHEN regexp_full_match(${t}, '[a-zA-Z0-9]{15}|[a-zA-Z0-9]{18}') THEN substr(${t}, 1, 15) || ${block(0)} || ${block(1)} || ${block(2)} ELSE NULL END)`;
}
