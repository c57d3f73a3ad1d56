/**
 * One field's data categories changed: pick the categories, see what the change would do to the
 * affected people (per jurisdiction, gained and lost) before applying it, then apply it with a reason.
 */
import { useState } from 'react';
import { DATA_CATEGORIES, type DataCategory } from '../../../../shared/categories/categories.js';
import type { MappingDecision, MappingPreviewView } from '../../../../shared/workbench.js';
import { api } from '../../bridge.js';
import { formatCount } from '../../format.js';

interface Props {
  caseDir: string;
  keyName: string;
  current: string[];
  investigator: string | null;
  onApplied(decisions: MappingDecision[]): void;
  onCancel(): void;
}

/** The editor under a mapping row. */
export function MappingEditor({ caseDir, keyName, current, investigator, onApplied, onCancel }: Props) {
  const [chosen, setChosen] = useState<DataCategory[]>(current.filter((c): c is DataCategory => (DATA_CATEGORIES as readonly string[]).includes(c)));
  const [preview, setPreview] = useState<MappingPreviewView | null>(null);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const toggle = (c: DataCategory) => {
    setPreview(null);
    setChosen((cs) => (cs.includes(c) ? cs.filter((x) => x !== c) : [...cs, c].sort((a, b) => DATA_CATEGORIES.indexOf(a) - DATA_CATEGORIES.indexOf(b))));
  };

  async function showPreview() {
    setBusy(true);
    setError(null);
    const r = await api['mapping.preview']({ caseDir, key: keyName, categories: chosen });
    setBusy(false);
    if (r.ok) setPreview(r.value);
    else setError(r.error.message);
  }

  async function apply() {
    setBusy(true);
    setError(null);
    const r = await api['mapping.set']({ caseDir, key: keyName, categories: chosen, reason: reason.trim(), ...(investigator ? { investigator } : {}) });
    setBusy(false);
    if (r.ok) onApplied(r.value.decisions);
    else setError(r.error.message);
  }

  const gained = preview?.changes.reduce((n, c) => n + c.gained, 0) ?? 0;
  const lost = preview?.changes.reduce((n, c) => n + c.lost, 0) ?? 0;
  return (
    <div className="mapping-editor" data-testid="mapping-editor">
      <div className="mapping-editor-head">
        <strong className="mono">{keyName}</strong> holds:
      </div>
      <div className="category-choices">
        {DATA_CATEGORIES.map((c) => (
          <label key={c} className="checkbox category-choice">
            <input type="checkbox" data-testid={`category-${c}`} checked={chosen.includes(c)} onChange={() => toggle(c)} />
            {c.replace(/_/g, ' ')}
          </label>
        ))}
      </div>
      <div className="mapping-editor-actions">
        <button type="button" className="button-secondary" data-testid="mapping-preview" disabled={busy} onClick={() => void showPreview()}>
          Show the effect
        </button>
        <button type="button" className="link" onClick={onCancel}>
          Cancel
        </button>
      </div>
      {preview && (
        <div className="mapping-preview" data-testid="mapping-preview-result">
          <p>
            <strong>{formatCount(preview.people)}</strong> affected {preview.people === 1 ? 'person has' : 'people have'} this field exposed. Now:{' '}
            <em>{preview.before.join(', ') || 'no category'}</em> → after: <em>{preview.after.join(', ') || 'no category'}</em>.{' '}
            {preview.changes.length === 0 ? 'No person would gain or lose a category.' : `${formatCount(gained)} category gain(s), ${formatCount(lost)} loss(es) across jurisdictions:`}
          </p>
          <div className="mapping-apply-row">
            <div className="field">
              <label htmlFor="mapping-reason">Why (recorded in the custody log)</label>
              <input id="mapping-reason" data-testid="mapping-reason" maxLength={2000} value={reason} placeholder="e.g. the field holds clinic notes" onChange={(e) => setReason(e.target.value)} />
            </div>
            <button type="button" className="button-primary" data-testid="mapping-apply" disabled={busy || !reason.trim()} onClick={() => void apply()}>
              Apply this mapping
            </button>
          </div>
          {preview.changes.length > 0 && (
            <div className="mapping-changes-box">
            <table className="table table-compact" data-testid="mapping-changes">
              <thead>
                <tr>
                  <th>Jurisdiction</th>
                  <th>Category</th>
                  <th className="num">People gaining</th>
                  <th className="num">People losing</th>
                </tr>
              </thead>
              <tbody>
                {preview.changes.map((c) => (
                  <tr key={`${c.jurisdiction}:${c.category}`} data-testid="mapping-change">
                    <td>{c.jurisdiction}</td>
                    <td>{c.category}</td>
                    <td className="num">{c.gained ? `+${formatCount(c.gained)}` : '—'}</td>
                    <td className="num">{c.lost ? `−${formatCount(c.lost)}` : '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            </div>
          )}
        </div>
      )}
      {error && (
        <div className="error-box" role="alert" data-testid="mapping-error">
          {error}
        </div>
      )}
    </div>
  );
}
