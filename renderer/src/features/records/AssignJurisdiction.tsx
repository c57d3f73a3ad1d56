/**
 * A jurisdiction given by hand to one affected record whose address placed it nowhere (or, marked as an override,
 * somewhere else): the code from the rule tables, the reason, the investigator's name. The engine records it in the
 * custody log, applies it to the case and recomputes the duties at once; taking it back is one click and a reason.
 */
import { useEffect, useState } from 'react';
import type { AffectedRecord } from '../../../../shared/domain.js';
import { api } from '../../bridge.js';
import './records.css';

type Code = { code: string; name: string; hasRule: boolean };
let codesOnce: Promise<Code[]> | null = null;
/** The assignable codes, asked of the engine once per page. */
function assignableCodes(): Promise<Code[]> {
  codesOnce ??= api['jurisdiction.codes']({}).then((r) => (r.ok ? r.value.codes : []));
  return codesOnce;
}

const NAME_KEY = 'leakscope.investigatorName';
function rememberedName(): string {
  try {
    return window.sessionStorage.getItem(NAME_KEY) ?? '';
  } catch {
    return '';
  }
}

interface Props {
  caseDir: string;
  record: AffectedRecord;
  onDone(message: string): void;
  onCancel(): void;
}

/** The form under a record's row: assign (or override) its jurisdiction, or take an assignment back. */
export function AssignJurisdiction({ caseDir, record, onDone, onCancel }: Props) {
  const [codes, setCodes] = useState<Code[]>([]);
  const [code, setCode] = useState('');
  const [reason, setReason] = useState('');
  const [name, setName] = useState(rememberedName);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const assigned = record.assignment !== null;
  const unresolved = record.jurisdiction.code === 'ZZ';

  useEffect(() => {
    void assignableCodes().then(setCodes);
  }, []);

  const chosen = codes.find((c) => c.code === code.trim().toUpperCase()) ?? null;
  const who = name.trim() ? { investigator: name.trim() } : {};

  async function submit() {
    setBusy(true);
    setError(null);
    try {
      window.sessionStorage.setItem(NAME_KEY, name.trim());
    } catch {
      // storage disabled: the name is simply not remembered
    }
    const ref = { caseDir, orgId: record.orgId, object: record.object, recordId: record.id, reason: reason.trim(), ...who };
    const r = assigned && !chosen ? await api['jurisdiction.unassign'](ref) : await api['jurisdiction.assign']({ ...ref, jurisdiction: chosen?.code ?? code.trim().toUpperCase() });
    setBusy(false);
    if (r.ok) onDone(assigned && !chosen ? `${record.id}: assignment taken back; duties recomputed` : `${record.id} assigned to ${chosen?.code ?? code}; duties recomputed`);
    else setError(r.error.message);
  }

  return (
    <div className="assign-form" data-testid="assign-form">
      <p className="assign-title">
        {assigned ? (
          <>
            <strong>Assigned by hand</strong> to <span className="mono">{record.jurisdiction.code}</span> by {record.assignment?.by}: {record.assignment?.reason}
            {record.assignment?.previous && record.assignment.previous !== 'ZZ' ? ` (its address gave ${record.assignment.previous})` : ''}. Choose another code, or leave
            it empty to take the assignment back.
          </>
        ) : unresolved ? (
          <>Its address places this record in no jurisdiction. Give the jurisdiction you know from elsewhere (a contract, a call, another system) and why.</>
        ) : (
          <>
            <strong>Override</strong>: the address placed this record in <span className="mono">{record.jurisdiction.code}</span> ({record.jurisdiction.basis}). An override is
            marked as assigned by hand wherever the record is listed.
          </>
        )}
      </p>
      <div className="assign-fields">
        <div className="field">
          <label htmlFor={`assign-code-${record.id}`}>Jurisdiction code</label>
          <input
            id={`assign-code-${record.id}`}
            data-testid="assign-code"
            list="assignable-codes"
            value={code}
            placeholder="e.g. US-CA, DE, CA-QC"
            autoComplete="off"
            onChange={(e) => setCode(e.target.value)}
          />
          <span className="muted assign-code-name" data-testid="assign-code-name">
            {chosen ? `${chosen.name}${chosen.hasRule ? '' : ' — no notice rule recorded'}` : code.trim() ? 'not a code of the rule tables' : ''}
          </span>
        </div>
        <div className="field assign-reason">
          <label htmlFor={`assign-reason-${record.id}`}>Why (recorded in the custody log)</label>
          <input id={`assign-reason-${record.id}`} data-testid="assign-reason" maxLength={2000} value={reason} placeholder="e.g. the signed contract gives a Californian address" onChange={(e) => setReason(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor={`assign-name-${record.id}`}>Your name</label>
          <input id={`assign-name-${record.id}`} data-testid="assign-name" maxLength={200} value={name} placeholder="else the OS user" onChange={(e) => setName(e.target.value)} />
        </div>
        <div className="assign-actions">
          <button
            type="button"
            className="button-primary"
            data-testid="assign-apply"
            disabled={busy || !reason.trim() || (chosen === null && !(assigned && code.trim() === ''))}
            onClick={() => void submit()}
          >
            {assigned && code.trim() === '' ? 'Take the assignment back' : unresolved || assigned ? 'Assign' : 'Override'}
          </button>
          <button type="button" className="link" onClick={onCancel}>
            Cancel
          </button>
        </div>
      </div>
      <datalist id="assignable-codes">
        {codes.map((c) => (
          <option key={c.code} value={c.code}>
            {c.name}
          </option>
        ))}
      </datalist>
      {error && (
        <div className="error-box" role="alert" data-testid="assign-error">
          {error}
        </div>
      )}
    </div>
  );
}
