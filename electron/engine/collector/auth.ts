/**
 * How the collector signs in: a pasted access token (the CLI reads it from standard input or
 * `SF_ACCESS_TOKEN`, never from the command line), or the OAuth 2.0 JWT bearer flow with the
 * connected app's private key, or the web login (authorization code with PKCE, the browser sent
 * back to a loopback redirect), through jsforce's OAuth2 client on a transport that passes the
 * write refusal. Tokens live in memory only: nothing here writes them anywhere.
 */
import { createPrivateKey, randomBytes, sign } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import http from 'node:http';
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

export interface WebLoginOptions {
  loginUrl: string;
  /** The connected app's consumer key; its callback URL must be http://localhost:<port>/OauthRedirect. */
  clientId: string;
  /** Loopback port of the redirect (default 1717, the port the Salesforce CLI uses; 0 picks a free one). */
  port?: number;
  /** Called with the URL the investigator opens in a browser to sign in. */
  onUrl: (url: string) => void;
  signal?: AbortSignal;
}

/**
 * Web login: the investigator signs in in a browser; Salesforce sends the browser back to a
 * loopback listener (127.0.0.1 only) with a code, which is exchanged with the PKCE verifier. The
 * refresh token, if the app grants one, stays in memory to renew the access token after a 401.
 */
export async function webLogin(options: WebLoginOptions): Promise<SignedIn> {
  const state = randomBytes(16).toString('hex');
  let oauth: OAuth2 | null = null;
  const code = await new Promise<string>((resolve, reject) => {
    const server = http.createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      if (url.pathname !== '/OauthRedirect') {
        res.writeHead(404).end();
        return;
      }
      const error = url.searchParams.get('error');
      const got = url.searchParams.get('code');
      const ok = !error && got && url.searchParams.get('state') === state;
      res.writeHead(ok ? 200 : 400, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end(ok ? 'Signed in. You can close this window and return to Leakscope.' : 'Sign-in failed; see the terminal.');
      server.close();
      if (ok) resolve(got);
      else reject(new UnauthorizedError(error ? `The web login was refused: ${error} ${url.searchParams.get('error_description') ?? ''}`.trim() : 'The web login came back without a code or with another state: not accepted'));
    });
    options.signal?.addEventListener('abort', () => {
      server.close();
      reject(options.signal?.reason as Error);
    }, { once: true });
    server.on('error', (e) => reject(new UnauthorizedError(`The web login could not listen on 127.0.0.1:${options.port ?? 1717} (${e.message})`)));
    server.listen(options.port ?? 1717, '127.0.0.1', () => {
      const port = (server.address() as { port: number }).port;
      oauth = guardedOAuth2({ loginUrl: options.loginUrl, clientId: options.clientId, redirectUri: `http://localhost:${port}/OauthRedirect`, useVerifier: true });
      options.onUrl(oauth.getAuthorizationUrl({ scope: 'api refresh_token', state, code_challenge_method: 'S256' }));
    });
  });
  const client = oauth as OAuth2 | null;
  if (!client) throw new UnauthorizedError('The web login did not start');
  let res;
  try {
    res = await client.requestToken(code);
  } catch (e) {
    throw new UnauthorizedError(`The web login code was refused by ${options.loginUrl} (${e instanceof Error ? e.message : String(e)})`);
  }
  let current = res.access_token;
  const refresh = res.refresh_token;
  const source: TokenSource = {
    token: () => Promise.resolve(current),
    renew: async () => {
      if (!refresh) return false;
      current = (await client.refreshToken(refresh)).access_token;
      return true;
    },
    describe: 'token from the web login',
  };
  return { source, instanceUrl: res.instance_url };
}
