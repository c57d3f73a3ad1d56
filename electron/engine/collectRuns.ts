/**
 * The app's collections (`collect.start`, `collect.progress`, `collect.cancel`), run like
 * `investigation.run`: the client names the run, polls its progress and may cancel it; a cancelled
 * or cut-off collection leaves a consistent bundle that the same request continues. The access
 * token reaches `collect()` in memory only and is never stored here: not in the run's record, not
 * in its progress, not in its answer (and `dispatch` clears any echo of it from every message).
 */
import path from 'node:path';
import type { CollectProgress } from '../../shared/collect.js';
import type { Handlers } from '../../shared/contract.js';
import { fail, ok, type Result } from '../../shared/result.js';
import { jwtBearer, pastedToken, type SignedIn } from './collector/auth.js';
import { readManifest } from './collector/bundle.js';
import { collect } from './collector/collect.js';
import { UnauthorizedError } from './collector/errors.js';
import type { RetryPolicy } from './collector/http.js';

export interface CollectRunOptions {
  tool: { name: string; version: string };
  /** Retry and Bulk polling (tests make the delays short). */
  retry?: RetryPolicy;
  pollIntervalMs?: number;
}

type CollectHandlers = Pick<Handlers, 'collect.start' | 'collect.progress' | 'collect.cancel'>;

/** The three collect channels, with the runs under way kept by id (progress and cancel only). */
export function createCollectHandlers(options: CollectRunOptions): CollectHandlers {
  const runs = new Map<string, { controller: AbortController; progress: CollectProgress | null }>();
  return {
    'collect.start': async (req) => {
      if (req.runId && runs.has(req.runId)) return fail('BAD_REQUEST', `A collection with run id ${req.runId} is already under way`);
      const run = { controller: new AbortController(), progress: null as CollectProgress | null };
      if (req.runId) runs.set(req.runId, run);
      try {
        const signedIn = await signIn(req.auth, req.instanceUrl);
        if (!signedIn.ok) return signedIn;
        const done = await collect({
          instanceUrl: req.instanceUrl ?? signedIn.value.instanceUrl, auth: signedIn.value.source, outDir: path.resolve(req.outDir),
          from: req.from, to: req.to, types: req.types, objects: req.objects, queryAll: req.queryAll,
          signal: run.controller.signal, tool: options.tool, retry: options.retry, pollIntervalMs: options.pollIntervalMs,
          onProgress: (p) => void (run.progress = { ...p }),
        });
        if (!done.ok) return done;
        const manifest = await readManifest(done.value.outDir);
        const files = manifest?.files ?? [];
        return ok({ ...done.value, bundle: { files: files.length, bytes: files.reduce((n, f) => n + f.bytes, 0) } });
      } finally {
        // Keep the last figures briefly so a poll that races the end still sees them.
        if (req.runId) setTimeout(() => runs.delete(req.runId!), 10_000).unref();
      }
    },
    'collect.progress': async (req) => ok(runs.get(req.runId)?.progress ?? null),
    'collect.cancel': async (req) => {
      const run = runs.get(req.runId);
      run?.controller.abort();
      return ok({ cancelled: run !== undefined });
    },
  };
}

type AuthRequest = Parameters<Handlers['collect.start']>[0]['auth'];

/** The token source for the request's sign-in (a JWT sign-in happens here; a pasted token is used as is). */
async function signIn(auth: AuthRequest, instanceUrl: string | undefined): Promise<Result<SignedIn>> {
  switch (auth.kind) {
    case 'token':
      return instanceUrl ? ok({ source: pastedToken(auth.accessToken), instanceUrl }) : fail('BAD_REQUEST', 'A pasted access token needs the instance URL of its org');
    case 'jwt':
      try {
        return ok(await jwtBearer({ loginUrl: auth.loginUrl, clientId: auth.clientId, username: auth.username, keyFile: path.resolve(auth.keyFile) }));
      } catch (e) {
        if (e instanceof UnauthorizedError) return fail('UNAUTHORIZED', e.message);
        return fail('BAD_INPUT', `The private key file ${auth.keyFile} could not be used for the JWT sign-in: ${e instanceof Error ? e.message : String(e)}`);
      }
  }
}
