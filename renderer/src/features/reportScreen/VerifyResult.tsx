/** The outcome of `verify` (a case, or one report of it): failed and noted checks first, the passed ones folded. */
import type { VerifyOutcome } from '../../../../shared/workbench.js';
import { formatInstant } from '../../format.js';

/** Shows a verification's outcome, or nothing before one has run. */
export function VerifyResult({ verify, what }: { verify: VerifyOutcome | { error: string } | null; what: 'case' | 'report' }) {
  if (!verify) return null;
  if ('error' in verify) {
    return (
      <div className="error-box" role="alert">
        {verify.error}
      </div>
    );
  }
  const passed = verify.checks.filter((c) => c.ok && !c.note);
  return (
    <div data-testid={`verify-${what}-result`}>
      <div className={verify.passed ? 'notice notice-ok' : 'error-box'} data-testid="verify-outcome">
        {verify.passed ? `Every check passed (${verify.checks.length})` : `${verify.failed} check(s) failed of ${verify.checks.length}`} · {formatInstant(verify.at)}
      </div>
      <ul className="verify-checks" data-testid="verify-checks">
        {verify.checks.filter((c) => !c.ok || c.note).map((c, i) => (
          <VerifyLine key={`f${i}`} check={c} />
        ))}
      </ul>
      <details className="verify-passed">
        <summary data-testid="verify-passed-summary">
          {passed.length} passed checks ({what === 'report' ? 'files against the manifest, ' : ''}sources unchanged, chain, signatures, seals)
        </summary>
        <ul className="verify-checks">
          {passed.map((c, i) => (
            <VerifyLine key={`p${i}`} check={c} />
          ))}
        </ul>
      </details>
    </div>
  );
}

function VerifyLine({ check }: { check: { ok: boolean; note?: boolean; message: string } }) {
  return (
    <li className={check.ok ? (check.note ? 'check-note' : 'check-ok') : 'check-failed'} data-testid="verify-check">
      <span className="check-mark" aria-hidden="true">
        {check.ok ? (check.note ? 'i' : '✓') : '✗'}
      </span>{' '}
      {check.message}
    </li>
  );
}
