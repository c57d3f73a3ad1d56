/**
 * Identifiers as Salesforce mints them: record ids with a key prefix and pod-like prefix,
 * request ids, session/login keys and event UUIDs — all drawn from a seeded stream.
 */
import { toId18 } from '../../shared/ids.js';
import type { Rng } from './random.js';

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const REQUEST_ALPHABET = BASE62 + '_-';
const KEY_ALPHABET = BASE62 + '+/';
const HEX = '0123456789abcdef';

/** The org every row belongs to (15 characters, as ELF writes ORGANIZATION_ID). */
export const ORG_ID15 = '00D5j000000NWDm';

/** A record id in both forms: 15 characters (ELF `*_ID`) and 18 (exports, RTEM, `*_ID_DERIVED`). */
export interface SfId {
  id15: string;
  id18: string;
}

/** Converts a 15-character id to its 18-character form; a failure is a bug in the generator. */
export function id18Of(id15: string): string {
  const id18 = toId18(id15);
  if (id18 === null) throw new Error(`not a Salesforce id: ${id15}`);
  return id18;
}

/** Mints unique identifiers of every kind the evidence needs. */
export class KeyMint {
  private readonly seen = new Set<string>();

  constructor(private readonly rng: Rng) {}

  private unique(make: () => string): string {
    for (;;) {
      const candidate = make();
      if (!this.seen.has(candidate)) {
        this.seen.add(candidate);
        return candidate;
      }
    }
  }

  /** A record id: key prefix (005, 003, 0H4 …) + pod-like `5j0000` + 6 random base62 characters. */
  recordId(prefix: string): SfId {
    if (prefix.length !== 3) throw new Error(`key prefix must be 3 characters: ${prefix}`);
    const id15 = this.unique(() => `${prefix}5j0000${this.rng.chars(BASE62, 6)}`);
    return { id15, id18: id18Of(id15) };
  }

  /** A 22-character REQUEST_ID like `4ehU_U-nbQyAPFl1cJILm-`. */
  requestId(): string {
    return this.unique(() => `${this.rng.pick(['4', '5'])}${this.rng.chars(REQUEST_ALPHABET, 20)}-`);
  }

  /** A 16-character SESSION_KEY / LOGIN_KEY like `bY5Wfv8t/Ith7WVE`. */
  sessionKey(): string {
    return this.unique(() => this.rng.chars(KEY_ALPHABET, 16));
  }

  /** A `TID:` style request id, as UI (Lightning) requests carry. */
  tid(): string {
    return this.unique(() => `TID:${this.rng.chars('0123456789', 13)}${this.rng.chars(HEX, 7)}`);
  }

  /** A version-4-shaped UUID for RTEM EventIdentifier. */
  uuid(): string {
    return this.unique(() => {
      const h = this.rng.chars(HEX, 32);
      const variant = this.rng.pick(['8', '9', 'a', 'b']);
      return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
    });
  }
}
