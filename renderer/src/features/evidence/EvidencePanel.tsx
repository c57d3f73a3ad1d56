/**
 * "Open evidence": which files or folders to examine, where outputs go, and the optional scope
 * the investigator already knows (integrations, users, time window, awareness date).
 */
import { useEffect, useState, type FormEvent, type ReactNode } from 'react';
import type { AppInfo, RequestOf } from '../../../../shared/contract.js';
import { splitList } from '../../format.js';
import { useRemembered } from './remembered.js';

interface Props {
  info: AppInfo | null;
  running: boolean;
  /** Progress while running, or how the last run ended. */
  status: ReactNode;
  error: { message: string; code: string } | null;
  /** After a cancelled run: the output folder to run again in, so the same case is completed. */
  resumeOutDir: string | null;
  /** The open case evidence goes into (null: a new case in the output folder's case/). */
  caseDir: string | null;
  /** Evidence paths to fill in (a bundle just collected), each time a new one is given. */
  preset?: { paths: string } | null;
  onRun(request: RequestOf<'investigation.run'>): void;
}

/** The form that starts an investigation run. */
export function EvidencePanel({ info, running, status, error, resumeOutDir, caseDir, preset, onRun }: Props) {
  const [paths, setPaths] = useState('');
  const [touched, setTouched] = useState(false);
  const [outDir, setOutDir] = useState('');
  const [investigator, setInvestigator] = useRemembered('leakscope.investigator');
  const [integrations, setIntegrations] = useState('');
  const [users, setUsers] = useState('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [awareAt, setAwareAt] = useState('');
  const [asObject, setAsObject] = useState('');
  const [copyEvidence, setCopyEvidence] = useState(false);
  const [canaryFile, setCanaryFile] = useState('');
  const [org, setOrg] = useState('');

  useEffect(() => {
    if (info && !touched) setPaths(info.demoEvidencePath);
  }, [info, touched]);

  useEffect(() => {
    if (!preset) return;
    setTouched(true);
    setPaths(preset.paths);
  }, [preset]);

  useEffect(() => {
    if (resumeOutDir) setOutDir(resumeOutDir);
  }, [resumeOutDir]);

  const evidencePaths = splitList(paths, /\n/);
  const canRun = !running && evidencePaths.length > 0;

  function submit(e: FormEvent) {
    e.preventDefault();
    if (!canRun) return;
    onRun({
      evidencePaths,
      ...(outDir.trim() ? { outDir: outDir.trim() } : {}),
      ...(investigator.trim() ? { investigator: investigator.trim() } : {}),
      ...(asObject.trim() ? { asObject: asObject.trim() } : {}),
      ...(copyEvidence ? { copyEvidence: true } : {}),
      ...(canaryFile.trim() ? { canaryFile: canaryFile.trim() } : {}),
      ...(org.trim() ? { org: org.trim() } : {}),
      scope: {
        integrations: splitList(integrations),
        users: splitList(users),
        from: from.trim() || null,
        to: to.trim() || null,
        awareAt: awareAt.trim() || null,
      },
    });
  }

  return (
    <section className="panel" aria-labelledby="open-evidence-title">
      <div className="panel-head">
        <h2 id="open-evidence-title">Open evidence</h2>
        <span className="muted">Event Log Files, Real-Time Event Monitoring exports and record snapshots (CSV/JSON)</span>
        {caseDir && (
          <span className="muted" data-testid="evidence-case">
            into case <code>{caseDir}</code>
          </span>
        )}
      </div>
      <form className="evidence-form" onSubmit={submit}>
        <div className="field field-paths">
          <label htmlFor="evidence-paths">Evidence paths (one per line)</label>
          <textarea
            id="evidence-paths"
            data-testid="evidence-paths"
            rows={3}
            spellCheck={false}
            value={paths}
            placeholder="/cases/acme/evidence"
            onChange={(e) => {
              setTouched(true);
              setPaths(e.target.value);
            }}
          />
          <div className="field-actions">
            <button
              type="button"
              className="button-secondary"
              data-testid="use-demo"
              disabled={!info || running}
              onClick={() => {
                if (!info) return;
                setTouched(true);
                setPaths(info.demoEvidencePath);
              }}
            >
              Use demo evidence
            </button>
          </div>
        </div>
        <div className="field-stack">
          <div className="field">
            <label htmlFor="out-dir">{caseDir ? 'Output folder (the case stays in its own folder)' : 'Output folder (the case lives in its case/ folder)'}</label>
            <input
              id="out-dir"
              data-testid="out-dir"
              spellCheck={false}
              value={outDir}
              placeholder={caseDir ? `${caseDir}/output (default)` : info ? `${info.defaultOutDir} (default)` : ''}
              onChange={(e) => setOutDir(e.target.value)}
            />
          </div>
          <div className="field">
            <label htmlFor="investigator">Investigator (recorded in the custody log with the OS user)</label>
            <input
              id="investigator"
              data-testid="investigator"
              className="input-text"
              autoComplete="name"
              maxLength={200}
              value={investigator}
              placeholder="Your name"
              onChange={(e) => setInvestigator(e.target.value)}
            />
          </div>
          <div className="field">
            <label htmlFor="as-object">Treat these files as exports of (optional sObject, e.g. Contact)</label>
            <input
              id="as-object"
              data-testid="as-object"
              className="input-text"
              spellCheck={false}
              maxLength={80}
              pattern="[A-Za-z][A-Za-z0-9_]*"
              value={asObject}
              placeholder="recognised by header, file name or attributes.type when empty"
              onChange={(e) => setAsObject(e.target.value)}
            />
          </div>
          <div className="field">
            <label htmlFor="canary-file">Canary record ids (optional file: one id a line, or a CSV with an Id column)</label>
            <input
              id="canary-file"
              data-testid="canary-file"
              className="input-text"
              spellCheck={false}
              value={canaryFile}
              placeholder="/path/to/canaries.txt"
              onChange={(e) => setCanaryFile(e.target.value)}
            />
          </div>
          <div className="field">
            <label htmlFor="evidence-org">Org of these snapshots and metadata exports (optional org id, when no Organization export stands beside them)</label>
            <input
              id="evidence-org"
              data-testid="evidence-org"
              className="input-text"
              spellCheck={false}
              maxLength={18}
              pattern="00D[A-Za-z0-9]{12}([A-Za-z0-9]{3})?"
              value={org}
              placeholder="00D… (15 or 18 characters)"
              onChange={(e) => setOrg(e.target.value)}
            />
          </div>
          <label className="checkbox" htmlFor="copy-evidence">
            <input id="copy-evidence" data-testid="copy-evidence" type="checkbox" checked={copyEvidence} onChange={(e) => setCopyEvidence(e.target.checked)} />
            Keep a verified read-only copy of every source in the case
          </label>
        </div>
        <fieldset className="scope">
          <legend>Scope (optional — empty means every export flagged suspicious)</legend>
          <div className="field">
            <label htmlFor="scope-integrations">Integrations (comma-separated)</label>
            <input id="scope-integrations" data-testid="scope-integrations" placeholder="connected app name or 0H4… id" value={integrations} onChange={(e) => setIntegrations(e.target.value)} />
          </div>
          <div className="field">
            <label htmlFor="scope-users">Users (comma-separated)</label>
            <input id="scope-users" data-testid="scope-users" placeholder="username or 005… id" value={users} onChange={(e) => setUsers(e.target.value)} />
          </div>
          <div className="field field-time">
            <label htmlFor="scope-from">From (ISO 8601)</label>
            <input id="scope-from" data-testid="scope-from" placeholder="2025-08-01T00:00:00Z" value={from} onChange={(e) => setFrom(e.target.value)} />
          </div>
          <div className="field field-time">
            <label htmlFor="scope-to">To (ISO 8601)</label>
            <input id="scope-to" data-testid="scope-to" placeholder="2025-08-31T23:59:59Z" value={to} onChange={(e) => setTo(e.target.value)} />
          </div>
          <div className="field field-time">
            <label htmlFor="scope-aware">Became aware at (ISO 8601)</label>
            <input id="scope-aware" data-testid="scope-aware-at" placeholder="2025-09-02T09:00:00Z" value={awareAt} onChange={(e) => setAwareAt(e.target.value)} />
          </div>
        </fieldset>
        <div className="run-row">
          <button type="submit" className="button-primary" data-testid="run-button" disabled={!canRun}>
            {running ? 'Running…' : 'Run investigation'}
          </button>
          {status}
        </div>
        {error && (
          <div className="error-box" role="alert" data-testid="run-error">
            <strong>{error.code}</strong> {error.message}
          </div>
        )}
      </form>
    </section>
  );
}
