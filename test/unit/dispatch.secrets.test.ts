/**
 * A credential in a request (`collect.start`'s pasted access token) never comes back out of the
 * dispatcher: not in a validation refusal (whatever field zod complains about), not in a handler's
 * error or answer, not in the message of a handler that throws — while the handler itself gets the
 * token intact.
 */
import { describe, expect, it } from 'vitest';
import type { Handlers } from '../../shared/contract.js';
import { fail, ok } from '../../shared/result.js';
import { dispatch } from '../../electron/engine/dispatch.js';
import { REDACTED } from '../../electron/engine/redact.js';

const TOKEN = '00D5j000000NWDm!AQEAQDispatchTestToken.value_x7Y2';
const base = { instanceUrl: 'https://northwind.my.salesforce.com', outDir: '/tmp/bundle', auth: { kind: 'token', accessToken: TOKEN } };

/** Handlers whose collect.start does what `behave` says with the request it was given. */
function handlersWith(behave: (req: Parameters<Handlers['collect.start']>[0]) => ReturnType<Handlers['collect.start']>): { handlers: Handlers; seen: unknown[] } {
  const seen: unknown[] = [];
  const handlers = new Proxy({} as Handlers, {
    get: (_t, channel) =>
      channel === 'collect.start'
        ? (req: Parameters<Handlers['collect.start']>[0]) => {
            seen.push(req);
            return behave(req);
          }
        : () => Promise.resolve(fail('NOT_FOUND', 'not under test')),
  });
  return { handlers, seen };
}

describe('dispatch keeps the access token out of every answer', () => {
  it('refuses bad collect.start requests without echoing the token, and never calls the handler', async () => {
    const { handlers, seen } = handlersWith(async () => fail('INTERNAL', 'unreachable'));
    const refused: unknown[] = [
      { ...base, auth: { kind: 'token', accessToken: `${TOKEN} with spaces` } },
      { ...base, auth: { kind: 'token', accessToken: TOKEN.repeat(100) } },
      { ...base, auth: { kind: 'token', accessToken: TOKEN, [TOKEN]: true } }, // the token as an unknown key: zod names the key
      { ...base, auth: { kind: TOKEN, accessToken: TOKEN } },
      { ...base, instanceUrl: TOKEN },
      { ...base, instanceUrl: undefined },
      { ...base, outDir: '' },
      { ...base, types: [TOKEN] },
      { ...base, from: '2025-08-01T00:00:00Z', to: '2025-07-01T00:00:00Z' },
      { ...base, instanceUrl: 'http://northwind.example' }, // http only on loopback
    ];
    for (const payload of refused) {
      const r = await dispatch(handlers, 'collect.start', payload);
      expect(r.ok).toBe(false);
      if (r.ok) continue;
      expect(r.error.code).toBe('BAD_REQUEST');
      expect(r.error.message).not.toContain(TOKEN);
      expect(r.error.message).not.toContain(TOKEN.slice(0, 20));
      expect(r.error.message).toMatch(/^Invalid collect\.start request: /);
    }
    expect(seen).toEqual([]);
  });

  it('passes the token to the handler intact, and clears it from its error, its answer and a throw', async () => {
    const echoError = handlersWith(async (req) => fail('UNAUTHORIZED', `refused ${req.auth.kind === 'token' ? req.auth.accessToken : ''} (HTTP 401)`));
    const r1 = await dispatch(echoError.handlers, 'collect.start', base);
    expect(echoError.seen).toMatchObject([{ auth: { kind: 'token', accessToken: TOKEN }, types: [], objects: [], queryAll: false }]);
    expect(r1).toEqual({ ok: false, error: { code: 'UNAUTHORIZED', message: `refused ${REDACTED} (HTTP 401)` } });

    const echoValue = handlersWith(async (req) =>
      ok({ outDir: req.outDir, org: { id: '00D5j000000NWDmEAO', name: null }, saved: 1, verified: 0, bytes: 10, coverage: [], notes: [`Bearer ${req.auth.kind === 'token' ? req.auth.accessToken : ''}`], complete: true, bundle: { files: 1, bytes: 10 } }),
    );
    const r2 = await dispatch(echoValue.handlers, 'collect.start', { ...base, auth: { kind: 'token', accessToken: `  ${TOKEN}\n` } });
    expect(r2.ok && r2.value).toMatchObject({ notes: [`Bearer ${REDACTED}`], outDir: '/tmp/bundle', saved: 1 });

    const throws = handlersWith(async (req) => {
      throw new Error(`socket closed while sending ${req.auth.kind === 'token' ? req.auth.accessToken : ''}`);
    });
    const r3 = await dispatch(throws.handlers, 'collect.start', base);
    expect(r3).toEqual({ ok: false, error: { code: 'INTERNAL', message: `Internal error in collect.start: socket closed while sending ${REDACTED}` } });
  });

  it('leaves other channels and answers alone', async () => {
    const { handlers } = handlersWith(async () => fail('INTERNAL', 'unreachable'));
    const r = await dispatch(handlers, 'collect.progress', { runId: 'ui-1' });
    expect(r).toEqual({ ok: false, error: { code: 'NOT_FOUND', message: 'not under test' } });
  });
});
