/**
 * The organisation profile of the case (what `--profile` gives the CLI), edited in a form: what the organisation is
 * brings organisation-level regimes (GDPR one-stop shop, NIS2, DORA, SEC 8-K, HIPAA, GLBA, NYDFS, CERT-In, DIFC/ADGM).
 * *Show the effect* lists the duties the change would add, remove or alter before anything is saved; *Apply* stores
 * it in the case with a reason (custody `profile.set`) and the duties are recomputed at once.
 */
import { useEffect, useState } from 'react';
import type { DutyKey, ProfilePreview, ProfileView } from '../../../../shared/decisions.js';
import { EMPTY_PROFILE, type OrganisationProfile } from '../../../../shared/duties/profile.js';
import { api } from '../../bridge.js';
import { formatInstant } from '../../format.js';

interface Props {
  caseDir: string;
  readOnly: boolean;
  /** The profile was stored or removed: the duties changed. */
  onApplied(): void;
}

type Flag = 'doraFinancialEntity' | 'usListed' | 'glbaFinancialInstitution' | 'nydfsCoveredEntity' | 'indiaCertIn';
const FLAGS: { key: Flag; label: string }[] = [
  { key: 'usListed', label: 'US-listed company (SEC Form 8-K Item 1.05)' },
  { key: 'doraFinancialEntity', label: 'EU financial entity under DORA' },
  { key: 'glbaFinancialInstitution', label: 'US financial institution (GLBA / FTC Safeguards Rule)' },
  { key: 'nydfsCoveredEntity', label: 'NYDFS covered entity (23 NYCRR Part 500)' },
  { key: 'indiaCertIn', label: 'Systems or users in India (CERT-In Directions)' },
];

/** The profile form, its preview and its apply / remove actions. */
export function ProfileForm({ caseDir, readOnly, onApplied }: Props) {
  const [view, setView] = useState<ProfileView | null>(null);
  const [draft, setDraft] = useState<OrganisationProfile>(EMPTY_PROFILE);
  const [preview, setPreview] = useState<ProfilePreview | null>(null);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [version, setVersion] = useState(0);

  useEffect(() => {
    let live = true;
    void api['profile.get']({ caseDir }).then((r) => {
      if (!live) return;
      if (!r.ok) return setError(r.error.message);
      setView(r.value);
      setDraft(r.value.stored?.profile ?? r.value.inForce?.profile ?? EMPTY_PROFILE);
    });
    return () => {
      live = false;
    };
  }, [caseDir, version]);

  const change = (patch: Partial<OrganisationProfile>) => {
    setPreview(null);
    setDraft((d) => ({ ...d, ...patch }));
  };
  const eu = draft.euMainEstablishment ?? '';
  const euValid = eu === '' || /^[A-Z]{2}$/.test(eu);

  async function showEffect() {
    setBusy(true);
    setError(null);
    const r = await api['profile.preview']({ caseDir, profile: draft });
    setBusy(false);
    if (r.ok) setPreview(r.value);
    else setError(r.error.message);
  }

  async function apply(remove: boolean) {
    setBusy(true);
    setError(null);
    const r = remove ? await api['profile.unset']({ caseDir, reason: reason.trim() }) : await api['profile.set']({ caseDir, profile: draft, reason: reason.trim() });
    setBusy(false);
    if (!r.ok) return setError(r.error.message);
    setPreview(null);
    setReason('');
    setVersion((v) => v + 1);
    onApplied();
  }

  return (
    <details className="profile-form" data-testid="profile-form">
      <summary>
        <strong>Organisation profile</strong>{' '}
        <span className="muted" data-testid="profile-state">
          {view?.stored
            ? `kept in the case since ${formatInstant(view.stored.at)} (${view.stored.reason})`
            : view?.inForce?.source
              ? `from ${view.inForce.source} (the last run's --profile); not kept in the case`
              : 'none: no organisation-level regime is evaluated'}
        </span>
      </summary>
      {readOnly && <p className="muted">Review mode: the profile can be read and its effect shown, not changed.</p>}
      <div className="profile-fields">
        <div className="field">
          <label htmlFor="profile-organisation">Organisation</label>
          <input id="profile-organisation" data-testid="profile-organisation" value={draft.organisation} maxLength={200} onChange={(e) => change({ organisation: e.target.value })} />
        </div>
        <div className="field">
          <label htmlFor="profile-eu">EU/EEA main establishment (GDPR one-stop shop)</label>
          <input
            id="profile-eu"
            data-testid="profile-eu"
            value={eu}
            placeholder="country code, e.g. IE"
            maxLength={2}
            aria-invalid={!euValid}
            onChange={(e) => change({ euMainEstablishment: e.target.value.trim().toUpperCase() || null })}
          />
          {!euValid && <span className="field-error">two letters (ISO 3166-1), e.g. IE</span>}
        </div>
        <div className="field">
          <label htmlFor="profile-nis2">NIS2 entity</label>
          <select id="profile-nis2" data-testid="profile-nis2" value={draft.nis2 ?? ''} onChange={(e) => change({ nis2: (e.target.value || null) as OrganisationProfile['nis2'] })}>
            <option value="">not in scope</option>
            <option value="essential">essential</option>
            <option value="important">important</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor="profile-hipaa">HIPAA</label>
          <select id="profile-hipaa" data-testid="profile-hipaa" value={draft.hipaa ?? ''} onChange={(e) => change({ hipaa: (e.target.value || null) as OrganisationProfile['hipaa'] })}>
            <option value="">not subject</option>
            <option value="covered_entity">covered entity</option>
            <option value="business_associate">business associate</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor="profile-uae">UAE free zone</label>
          <select id="profile-uae" data-testid="profile-uae" value={draft.uaeFreeZone ?? ''} onChange={(e) => change({ uaeFreeZone: (e.target.value || null) as OrganisationProfile['uaeFreeZone'] })}>
            <option value="">none</option>
            <option value="DIFC">DIFC</option>
            <option value="ADGM">ADGM</option>
          </select>
        </div>
        <div className="profile-flags">
          {FLAGS.map((f) => (
            <label key={f.key} className="checkbox">
              <input type="checkbox" data-testid={`profile-${f.key}`} checked={draft[f.key]} onChange={(e) => change({ [f.key]: e.target.checked })} /> {f.label}
            </label>
          ))}
        </div>
      </div>
      <div className="profile-actions">
        <button type="button" className="button-secondary" data-testid="profile-preview" disabled={busy || !euValid} onClick={() => void showEffect()}>
          Show the effect
        </button>
      </div>
      {preview && <ProfileEffect preview={preview} />}
      {!readOnly && (preview || view?.stored) && (
        <div className="profile-apply">
          <div className="field">
            <label htmlFor="profile-reason">Why (recorded in the custody log)</label>
            <input id="profile-reason" data-testid="profile-reason" maxLength={2000} value={reason} placeholder="e.g. engagement letter names the organisation a HIPAA covered entity" onChange={(e) => setReason(e.target.value)} />
          </div>
          {preview && (
            <button type="button" className="button-primary" data-testid="profile-apply" disabled={busy || !reason.trim()} onClick={() => void apply(false)}>
              Apply this profile
            </button>
          )}
          {view?.stored && (
            <button type="button" className="button-secondary" data-testid="profile-remove" disabled={busy || !reason.trim()} onClick={() => void apply(true)}>
              Remove the case profile
            </button>
          )}
        </div>
      )}
      {error && (
        <div className="error-box" role="alert" data-testid="profile-error">
          {error}
        </div>
      )}
    </details>
  );
}

const dutyLabel = (d: DutyKey): string => `${d.jurisdiction} · ${d.recipient.replace(/_/g, ' ')}${d.step ? ` (${d.step.replace(/_/g, ' ')})` : ''}`;
const requiredLabel = (d: DutyKey): string => ({ yes: 'required', assess: 'to assess', no: 'not required' })[d.required];
const dueLabel = (d: DutyKey): string => (d.due ? `due ${formatInstant(d.due)}` : 'no fixed date');

/** The duties a proposed profile would add, remove and change. */
function ProfileEffect({ preview }: { preview: ProfilePreview }) {
  const none = preview.appear.length + preview.disappear.length + preview.change.length === 0;
  return (
    <div className="profile-effect" data-testid="profile-effect">
      <p>
        Regimes now: <em>{preview.regimesNow.map((r) => r.name).join(', ') || 'none'}</em> → with this profile: <em>{preview.regimes.map((r) => r.name).join(', ') || 'none'}</em>.{' '}
        {none ? 'No duty would change.' : `${preview.appear.length} duties would appear, ${preview.disappear.length} disappear, ${preview.change.length} change.`}
      </p>
      {!none && (
        <ul className="profile-changes">
          {preview.appear.map((d) => (
            <li key={`+${dutyLabel(d)}`} className="change-appear" data-testid="profile-appear" data-jurisdiction={d.jurisdiction} data-recipient={d.recipient}>
              <strong>+</strong> {dutyLabel(d)}: {requiredLabel(d)}, {dueLabel(d)}
              {d.why && <span className="muted"> — {d.why}</span>}
            </li>
          ))}
          {preview.disappear.map((d) => (
            <li key={`-${dutyLabel(d)}`} className="change-disappear" data-testid="profile-disappear" data-jurisdiction={d.jurisdiction}>
              <strong>−</strong> {dutyLabel(d)}: {requiredLabel(d)}, {dueLabel(d)}
            </li>
          ))}
          {preview.change.map((c) => (
            <li key={`~${dutyLabel(c.after)}`} className="change-alter" data-testid="profile-change">
              <strong>~</strong> {dutyLabel(c.after)}: {requiredLabel(c.before)}, {dueLabel(c.before)} → {requiredLabel(c.after)}, {dueLabel(c.after)}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
