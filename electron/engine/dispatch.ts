/**
 * The single entry point both hosts (Electron IPC and the loopback web host) use: validate the
 * untrusted payload against the contract, then call the engine's handler. Nothing reaches a
 * handler unvalidated, and nothing leaves as an exception. A credential in the request (the
 * contract's SECRET_FIELDS) never leaves in an answer: every message and value is cleared of it.
 */
import { isChannel, type Channel } from '../../shared/channels.js';
import { requestSchemas, SECRET_FIELDS, type Handlers } from '../../shared/contract.js';
import { fail, type Result } from '../../shared/result.js';
import { redactIn, secretsOf } from './redact.js';

/** Validates `payload` for `channel` and runs the handler; every failure becomes a Result. */
export async function dispatch(handlers: Handlers, channel: unknown, payload: unknown): Promise<Result<unknown>> {
  if (!isChannel(channel)) return fail('BAD_REQUEST', `Unknown channel: ${String(channel).slice(0, 80)}`);
  const secrets = secretsOf(payload, SECRET_FIELDS[channel] ?? []);
  const answer = await run(handlers, channel, payload);
  return secrets.length ? redactIn(answer, secrets) : answer;
}

async function run(handlers: Handlers, channel: Channel, payload: unknown): Promise<Result<unknown>> {
  const parsed = requestSchemas[channel].safeParse(payload ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue && issue.path.length ? issue.path.join('.') : 'request';
    return fail('BAD_REQUEST', `Invalid ${channel} request: ${where}: ${issue?.message ?? 'invalid'}`);
  }
  try {
    const handler = handlers[channel] as (request: unknown) => Promise<Result<unknown>>;
    return await handler(parsed.data);
  } catch (e) {
    return fail('INTERNAL', `Internal error in ${channel}: ${e instanceof Error ? e.message : String(e)}`);
  }
}
