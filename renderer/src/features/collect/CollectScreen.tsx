/**
 * Collect: the one step that goes online. The form (org, bundle folder, range, types, objects,
 * sign-in), what the signed-in user needs, the collection's progress with Cancel, then its
 * coverage report and "Import this bundle". The access token lives in this component's state
 * only until it is sent: the field is cleared the moment the request leaves, never stored.
 */
import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { CollectResult } from '../../../../shared/collect.js';
import type { AppInfo, RequestOf } from '../../../../shared/contract.js';
import { api } from '../../bridge.js';
import { splitList } from '../../format.js';
import { newRunId, usePolledProgress } from '../progress/useRunProgress.js';
import { CollectOutcomeView } from './CollectOutcomeView.js';
import { CollectProgressView } from './CollectProgressView.js';
import { NEEDED_PERMISSIONS } from './collectWords.js';
import './collect.css';

interface Props {
  info: AppInfo | null;
  /** "Import this bundle": to the evidence form with the bundle folder filled in. */
  onImport(bundleDir: string): void;
}

type Collection =
  | { kind: 'idle' }
  | { kind: 'running'; runId: string; startedAt: number; cancelling: boolean }
  | { kind: 'done'; outcome: CollectResult }
  | { kind: 'failed'; code: string; message: string; outDir: string };

const DEFAULT_OBJECTS = 'Account, Case, Contact, Lead, Opportunity';
const DAY_MS = 86_400_000;

/** The Collect screen. */
export function CollectScreen({ info, onImport }: Props) {
  const [instanceUrl, setInstanceUrl] = useState('');
  const [outDir, setOutDir] = useState('');
  const [outTouched, setOutTouched] = useState(false);
  const [range] = useState(defaultRange);
  const [from, setFrom] = useState(range.from);
  const [to, setTo] = useState(range.to);
  const [types, setTypes] = useState('');
  const [objects, setObjects] = useState(DEFAULT_OBJECTS);
  const [queryAll, setQueryAll] = useState(true);
  const [authKind, setAuthKind] = useState<'token' | 'jwt'>('token');
  const [token, setToken] = useState('');
  const [keyFile, setKeyFile] = useState('');
  const [clientId, setClientId] = useState('');
  const [username, setUsername] = useState('');
  const [loginUrl, setLoginUrl] = useState('https://login.salesforce.com');
  const [run, setRun] = useState<Collection>({ kind: 'idle' });
  const top = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (info && !outTouched) setOutDir(defaultBundleDir(info.defaultOutDir));
  }, [info, outTouched]);

  const runId = run.kind === 'running' ? run.runId : null;
  const progress = usePolledProgress('collect.progress', runId);

  const running = run.kind === 'running';
  const signInReady = authKind === 'token' ? token.trim().length > 0 && instanceUrl.trim().length > 0 : keyFile.trim() && clientId.trim() && username.trim();
  const canCollect = !running && outDir.trim().length > 0 && Boolean(signInReady);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!canCollect) return;
    const id = newRunId();
    const auth: RequestOf<'collect.start'>['auth'] =
      authKind === 'token'
        ? { kind: 'token', accessToken: token }
        : { kind: 'jwt', keyFile: keyFile.trim(), clientId: clientId.trim(), username: username.trim(), loginUrl: loginUrl.trim() };
    const request: RequestOf<'collect.start'> = {
      ...(instanceUrl.trim() ? { instanceUrl: instanceUrl.trim() } : {}),
      outDir: outDir.trim(),
      ...(from.trim() ? { from: from.trim() } : {}),
      ...(to.trim() ? { to: to.trim() } : {}),
      types: splitList(types),
      objects: splitList(objects),
      queryAll,
      auth,
      runId: id,
    };
    // The token has left: it is not kept in the form, nor anywhere else on this page.
    setToken('');
    setRun({ kind: 'running', runId: id, startedAt: Date.now(), cancelling: false });
    const r = await api['collect.start'](request);
    setRun(r.ok ? { kind: 'done', outcome: r.value } : { kind: 'failed', code: r.error.code, message: r.error.message, outDir: request.outDir });
    top.current?.scrollIntoView({ block: 'start' });
  }

  async function cancel() {
    if (run.kind !== 'running') return;
    setRun({ ...run, cancelling: true });
    const r = await api['collect.cancel']({ runId: run.runId });
    if (!r.ok || !r.value.cancelled) setRun((s) => (s.kind === 'running' && s.runId === run.runId ? { ...s, cancelling: false } : s));
  }

  return (
    <div className="collect-screen" data-testid="collect-screen" ref={top}>
      {run.kind === 'failed' && <CollectFailure code={run.code} message={run.message} outDir={run.outDir} />}
      {run.kind === 'done' && <CollectOutcomeView outcome={run.outcome} onImport={onImport} />}
      <section className="panel" aria-labelledby="collect-title">
        <div className="panel-head">
          <h2 id="collect-title">Collect from a live org</h2>
          <span className="muted">read-only: only GET calls, and Bulk API 2.0 query jobs, which are left for Salesforce to expire</span>
        </div>
        <form className="evidence-form collect-form" onSubmit={(e) => void submit(e)} autoComplete="off">
          <div className="field-stack">
            <div className="field">
              <label htmlFor="collect-instance-url">Instance URL (the org’s My Domain address)</label>
              <input id="collect-instance-url" data-testid="collect-instance-url" type="url" spellCheck={false} value={instanceUrl} placeholder="https://northwind.my.salesforce.com" onChange={(e) => setInstanceUrl(e.target.value)} />
            </div>
            <div className="field">
              <label htmlFor="collect-out-dir">Bundle folder (new or empty; an earlier bundle of this org is continued)</label>
              <input
                id="collect-out-dir"
                data-testid="collect-out-dir"
                spellCheck={false}
                value={outDir}
                onChange={(e) => {
                  setOutTouched(true);
                  setOutDir(e.target.value);
                }}
              />
            </div>
            <div className="collect-range">
              <div className="field field-time">
                <label htmlFor="collect-from">From (ISO 8601, UTC)</label>
                <input id="collect-from" data-testid="collect-from" spellCheck={false} value={from} onChange={(e) => setFrom(e.target.value)} />
              </div>
              <div className="field field-time">
                <label htmlFor="collect-to">To</label>
                <input id="collect-to" data-testid="collect-to" spellCheck={false} value={to} onChange={(e) => setTo(e.target.value)} />
              </div>
            </div>
            <div className="muted collect-hint">Salesforce keeps Event Log Files 30 days (a Developer Edition one day): collect before they are gone.</div>
            <div className="field">
              <label htmlFor="collect-types">Log types and RTEM objects (comma-separated; empty: every log file type and every RTEM object)</label>
              <input id="collect-types" data-testid="collect-types" spellCheck={false} value={types} placeholder="every type — or e.g. API, RestApi, Login, ApiEvent, ReportEvent" onChange={(e) => setTypes(e.target.value)} />
            </div>
            <div className="field">
              <label htmlFor="collect-objects">Objects to snapshot through Bulk API 2.0 (comma-separated)</label>
              <input id="collect-objects" data-testid="collect-objects" spellCheck={false} value={objects} onChange={(e) => setObjects(e.target.value)} />
            </div>
            <label className="checkbox" htmlFor="collect-query-all">
              <input id="collect-query-all" data-testid="collect-query-all" type="checkbox" checked={queryAll} onChange={(e) => setQueryAll(e.target.checked)} />
              Include deleted and archived records in the snapshots (queryAll) — a record deleted after the leak still counts
            </label>
          </div>
          <div className="field-stack">
            <fieldset className="collect-auth">
              <legend>Sign in</legend>
              <div className="collect-auth-kinds" role="radiogroup" aria-label="How to sign in">
                <label className="checkbox">
                  <input type="radio" name="collect-auth" data-testid="collect-auth-token" checked={authKind === 'token'} onChange={() => setAuthKind('token')} />
                  Pasted access token
                </label>
                <label className="checkbox">
                  <input type="radio" name="collect-auth" data-testid="collect-auth-jwt" checked={authKind === 'jwt'} onChange={() => setAuthKind('jwt')} />
                  JWT bearer (connected app key file)
                </label>
              </div>
              {authKind === 'token' ? (
                <div className="field">
                  <label htmlFor="collect-token">Access token (e.g. from <code>sf org display</code>; sent once, kept in memory only, never saved)</label>
                  <input id="collect-token" data-testid="collect-token" type="password" autoComplete="off" spellCheck={false} maxLength={4096} value={token} onChange={(e) => setToken(e.target.value)} />
                </div>
              ) : (
                <>
                  <div className="field">
                    <label htmlFor="collect-key-file">Private key file (PEM) of the connected app’s certificate</label>
                    <input id="collect-key-file" data-testid="collect-key-file" spellCheck={false} value={keyFile} placeholder="/path/to/server.key" onChange={(e) => setKeyFile(e.target.value)} />
                  </div>
                  <div className="field">
                    <label htmlFor="collect-client-id">Consumer key of the connected app</label>
                    <input id="collect-client-id" data-testid="collect-client-id" spellCheck={false} value={clientId} placeholder="3MVG9…" onChange={(e) => setClientId(e.target.value)} />
                  </div>
                  <div className="field">
                    <label htmlFor="collect-username">Username (pre-authorised for the app)</label>
                    <input id="collect-username" data-testid="collect-username" spellCheck={false} autoComplete="off" value={username} placeholder="responder@northwind.com" onChange={(e) => setUsername(e.target.value)} />
                  </div>
                  <div className="field">
                    <label htmlFor="collect-login-url">Login URL</label>
                    <input id="collect-login-url" data-testid="collect-login-url" spellCheck={false} value={loginUrl} onChange={(e) => setLoginUrl(e.target.value)} />
                  </div>
                </>
              )}
              <div className="muted collect-hint">A browser sign-in (web login) is in the CLI: <code>leakscope collect --web-login</code>.</div>
            </fieldset>
            <div className="collect-needs" data-testid="collect-permissions">
              <div className="collect-needs-title">The signed-in user needs</div>
              <ul>
                {NEEDED_PERMISSIONS.map((p) => (
                  <li key={p.name}>
                    <strong>{p.name}</strong> <span className="muted">— {p.why}</span>
                  </li>
                ))}
              </ul>
              <div className="muted">What the user may not read is reported “not permitted”, never skipped silently.</div>
            </div>
          </div>
          <div className="run-row">
            <button type="submit" className="button-primary" data-testid="collect-start" disabled={!canCollect}>
              {running ? 'Collecting…' : 'Collect'}
            </button>
            {!canCollect && !running && (
              <span className="run-status muted" data-testid="collect-missing">
                {missingWords(authKind, { url: instanceUrl.trim() !== '', out: outDir.trim() !== '', token: token.trim() !== '', jwt: Boolean(keyFile.trim() && clientId.trim() && username.trim()) })}
              </span>
            )}
            {run.kind === 'running' && <CollectProgressView progress={progress} startedAt={run.startedAt} cancelling={run.cancelling} onCancel={() => void cancel()} />}
          </div>
        </form>
      </section>
    </div>
  );
}

/** Why the collection stopped, at the top, with what to do. */
function CollectFailure({ code, message, outDir }: { code: string; message: string; outDir: string }) {
  if (code === 'CANCELLED') {
    return (
      <div className="notice" role="status" data-testid="collect-cancelled">
        <div>
          <strong>Collection stopped at your request.</strong> The bundle in <code>{outDir}</code> keeps every complete file, listed with its SHA-256; collect
          again into the same folder with the same options to continue where it stopped.
        </div>
        <div className="notice-detail muted">{message}</div>
      </div>
    );
  }
  return (
    <div className="error-box collect-error" role="alert" data-testid="collect-error" data-code={code}>
      <strong>{failureTitle(code)}</strong>
      <div data-testid="collect-error-message">{message}</div>
      <div className="collect-error-action">→ {failureAction(code, outDir)}</div>
    </div>
  );
}

function failureTitle(code: string): string {
  if (code === 'UNAUTHORIZED') return 'Salesforce refused the sign-in';
  if (code === 'BAD_REQUEST') return 'The collection could not start';
  return 'The collection stopped';
}

function failureAction(code: string, outDir: string): string {
  if (code === 'UNAUTHORIZED') return 'Paste a fresh access token below (the field was cleared; a token expires with its session) and press Collect: the same bundle folder is continued.';
  if (code === 'BAD_REQUEST') return 'Correct the form (the message names the field) and collect again.';
  return `Check the instance URL and the connection, then collect again into ${outDir}: files already saved are verified and skipped.`;
}

/** What is still to fill in before Collect can start. */
function missingWords(kind: 'token' | 'jwt', has: { url: boolean; out: boolean; token: boolean; jwt: boolean }): string {
  const missing = [
    ...(kind === 'token' && !has.url ? ['the instance URL'] : []),
    ...(!has.out ? ['a bundle folder'] : []),
    ...(kind === 'token' && !has.token ? ['the access token'] : []),
    ...(kind === 'jwt' && !has.jwt ? ['the key file, consumer key and username'] : []),
  ];
  return missing.length ? `To collect, give ${missing.join(', ').replace(/, ([^,]*)$/, ' and $1')}.` : '';
}

/** The last 30 days up to now, to the minute (the log files Salesforce still keeps). */
function defaultRange(): { from: string; to: string } {
  const now = Math.floor(Date.now() / 60_000) * 60_000;
  const iso = (ms: number): string => new Date(ms).toISOString().replace(/:00\.000Z$/, 'Z');
  return { from: iso(now - 30 * DAY_MS), to: iso(now) };
}

/** A new dated folder for the bundle under the default output folder. */
function defaultBundleDir(root: string): string {
  const separator = root.includes('\\') && !root.includes('/') ? '\\' : '/';
  const stamp = new Date().toISOString().slice(0, 16).replace(/[:]/g, '-');
  return `${root.replace(/[\\/]+$/, '')}${separator}bundles${separator}collect-${stamp}`;
}
