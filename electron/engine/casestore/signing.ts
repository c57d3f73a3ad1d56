/**
 * The investigator's signing key: an Ed25519 key pair kept outside every case folder (in
 * `~/.leakscope/keys`, or `LEAKSCOPE_KEY_DIR`), generated on first use. Custody entries are signed
 * with it, so someone who can edit a case folder cannot append, rewrite or re-chain custody records
 * without the signatures failing or the signer's fingerprint changing.
 */
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface InvestigatorKey {
  privateKey: KeyObject;
  /** The public half as SPKI DER in base64: stored in the case and printed in reports. */
  publicKey: string;
  /** SHA-256 of the public key (hex, first 32 characters), for reading aloud and comparing with notes. */
  fingerprint: string;
}

const PRIVATE_FILE = 'investigator-ed25519.pem';

/** Where the investigator's key lives: `LEAKSCOPE_KEY_DIR`, else `~/.leakscope/keys`. */
export function keyDirectory(): string {
  return process.env['LEAKSCOPE_KEY_DIR'] ?? path.join(os.homedir(), '.leakscope', 'keys');
}

/** Loads the investigator's key, generating it (private file readable by its owner only) on first use. */
export function investigatorKey(dir = keyDirectory()): InvestigatorKey {
  const file = path.join(dir, PRIVATE_FILE);
  if (!existsSync(file)) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const { privateKey } = generateKeyPairSync('ed25519');
    writeFileSync(file, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600, flag: 'wx' });
    chmodSync(file, 0o600);
  }
  const privateKey = createPrivateKey(readFileSync(file));
  const publicKey = (createPublicKey(privateKey).export({ type: 'spki', format: 'der' }) as Buffer).toString('base64');
  return { privateKey, publicKey, fingerprint: keyFingerprint(publicKey) };
}

/** A public key's fingerprint (hex SHA-256 of its DER bytes, first 32 characters). */
export function keyFingerprint(publicKey: string): string {
  return createHash('sha256').update(Buffer.from(publicKey, 'base64')).digest('hex').slice(0, 32);
}

/** Signs a custody entry's hash. */
export function signHash(key: InvestigatorKey, hash: string): string {
  return sign(null, Buffer.from(hash, 'utf8'), key.privateKey).toString('base64');
}

/** Whether `signature` is the signature of `hash` by `publicKey` (false for any malformed input). */
export function signatureValid(publicKey: string, hash: string, signature: string): boolean {
  try {
    const key = createPublicKey({ key: Buffer.from(publicKey, 'base64'), format: 'der', type: 'spki' });
    return verify(null, Buffer.from(hash, 'utf8'), key, Buffer.from(signature, 'base64'));
  } catch {
    return false;
  }
}
