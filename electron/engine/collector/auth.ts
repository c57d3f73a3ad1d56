/**
 * How the collector signs in: a pasted access token (the CLI reads it from standard input or
 * `SF_ACCESS_TOKEN`, never from the command line), or the OAuth 2.0 JWT bearer flow with the
 * connected app's private key, through jsforce's OAuth2 client on a transport that passes the
 * write refusal. Tokens live in memory only: nothing here writes them anywhere.
 */
import { createPrivateKey, sign } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { OAuth2 } from 'jsforce';
import { Transport } from 'jsforce/lib/transport.js';
import { assertReadOnly } from './guard.js';
import type { TokenSource } from './http.js';
import { UnauthorizedError } from './errors.js';

type HttpRequestArgs = Parameters<Transport['httpRequest']>;

/** jsforce's transport with the collector's write refusal in front of it. */
class GuardedTransport extends Transport {
  override httpRequest(req: HttpRequestArgs[0], options?: HttpRequestArgs[1]): ReturnType<Transport['httpRequest']> {
    assertReadOnly(req.method ?? 'GET', req.url);
    return super.httpRequest(req, options);
  }
}

/** A jsforce OAuth2 client whose every request passes the write refusal. */
export function guardedOAuth2(config: ConstructorParameters<typeof OAuth2>[0]): OAuth2 {
  const oauth = new OAuth2(config);
  oauth._transport = new GuardedTransport();
  return oauth;
}

/** A token the investigator pasted: used as is, never renewed. */
export function pastedToken(token: string): TokenSource {
  const t = token.trim();
  return { token: () => Promise.resolve(t), renew: () => Promise.resolve(false), describe: 'pasted access token' };
}

export interface JwtBearerOptions {
  /** https://login.salesforce.com, https://test.salesforce.com or the My Domain URL. */
  loginUrl: string;
  /** The connected app's consumer key. */
  clientId: string;
  /** The Salesforce username the app acts as (pre-authorised for the app). */
  username: string;
  /** PEM file of the private key whose certificate is uploaded to the connected app. */
  keyFile: string;
  /** Lifetime of each assertion (Salesforce allows at most 3 minutes). */
  lifetimeSeconds?: number;
}

export interface SignedIn {
  source: TokenSource;
  instanceUrl: string;
}

/** Signs in with the JWT bearer flow; the source renews the token by signing a fresh assertion after a 401. */
export async function jwtBearer(options: JwtBearerOptions): Promise<SignedIn> {
  const key = createPrivateKey(await readFile(options.keyFile, 'utf8'));
  const oauth = guardedOAuth2({ loginUrl: options.loginUrl, clientId: options.clientId });
  let current = '';
  let instanceUrl = '';
  const request = async (): Promise<void> => {
    const assertion = signJwt(key, {
      iss: options.clientId,
      sub: options.username,
      aud: options.loginUrl.replace(/\/+$/, ''),
      exp: Math.floor(Date.now() / 1000) + (options.lifetimeSeconds ?? 180),
    });
    try {
      const res = await oauth.requestToken({ grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', assertion });
      current = res.access_token;
      instanceUrl = res.instance_url;
    } catch (e) {
      throw new UnauthorizedError(`The JWT bearer sign-in was refused by ${options.loginUrl} (${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}): check the consumer key, the username, and that the certificate of ${options.keyFile} is the one uploaded to the connected app`);
    }
  };
  await request();
  const source: TokenSource = {
    token: () => Promise.resolve(current),
    renew: async () => {
      await request();
      return true;
    },
    describe: 'token from the JWT bearer sign-in, even after renewing it',
  };
  return { source, instanceUrl };
}

/** A compact RS256 JWT. */
export function signJwt(key: ReturnType<typeof createPrivateKey>, claims: Record<string, unknown>): string {
  const enc = (v: unknown): string => Buffer.from(JSON.stringify(v)).toString('base64url');
  const body = `${enc({ alg: 'RS256', typ: 'JWT' })}.${enc(claims)}`;
  return `${body}.${sign('RSA-SHA256', Buffer.from(body), key).toString('base64url')}`;
}
