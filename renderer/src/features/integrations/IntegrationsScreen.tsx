/**
 * Integrations: each connected app per org, most rows exported first, a page at a time
 * (`integrations.page`); one opened shows its users, IPs with country and network, user agents,
 * objects read, and what it could read beside what it did read (`integrations.detail`).
 */
import { useEffect, useState } from 'react';
import type { IntegrationDetail, IntegrationsPage } from '../../../../shared/workbench.js';
import { api } from '../../bridge.js';
import { DailyBaseline, OVER, ROWS } from './DailyBaseline.js';
import { formatCount, formatInstant } from '../../format.js';
import './integrations.css';

const PAGE = 100;

/** The Integrations screen. */
export function IntegrationsScreen({ caseDir }: { caseDir: string }) {
  const [offset, setOffset] = useState(0);
  const [page, setPage] = useState<IntegrationsPage | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [open, setOpen] = useState<{ orgId: string | null; appId: string | null } | null>(null);

  useEffect(() => {
    let live = true;
    void api['integrations.page']({ caseDir, offset, limit: PAGE }).then((r) => {
      if (!live) return;
      if (r.ok) setPage(r.value);
      else setError(r.error.message);
    });
    return () => {
      live = false;
    };
  }, [caseDir, offset]);

  const key = (o: { orgId: string | null; appId: string | null }) => `${o.orgId ?? ''}\u001f${o.appId ?? ''}`;
  return (
    <div className="integrations-screen" data-testid="integrations-screen">
      <section className="panel" aria-labelledby="integrations-title">
        <div className="panel-head">
          <h2 id="integrations-title">Integrations</h2>
          <span className="muted" data-testid="integrations-total" data-total={page?.total ?? ''}>
            {page ? `${formatCount(page.total)} connected app(s) across orgs · those with suspicious exports first, then by rows exported` : 'Loading…'}
          </span>
          {page && page.total > PAGE && (
            <span className="push-right pager">
              <button type="button" className="button-secondary" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - PAGE))}>
                ← Previous
              </button>
              <button type="button" className="button-secondary" disabled={offset + PAGE >= page.total} onClick={() => setOffset(offset + PAGE)}>
                Next →
              </button>
            </span>
          )}
        </div>
        {error && (
          <div className="error-box" role="alert">
            {error}
          </div>
        )}
        <div className="table-wrap">
          <table className="table" data-testid="integrations-table">
            <thead>
              <tr>
                <th>Integration</th>
                <th>Org</th>
                <th className="num">Exports</th>
                <th className="num">Rows</th>
                <th className="num">Suspicious</th>
                <th className="num">Users</th>
                <th className="num">IPs</th>
                <th>First – last</th>
              </tr>
            </thead>
            <tbody>
              {(page?.rows ?? []).map((r) => (
                <tr key={key(r)} data-testid="integration-row" data-app-id={r.appId ?? ''} className={open && key(open) === key(r) ? 'row-selected' : r.suspicious ? 'row-suspicious' : undefined}>
                  <td>
                    <button type="button" className="link" data-testid="integration-open" onClick={() => setOpen(open && key(open) === key(r) ? null : { orgId: r.orgId, appId: r.appId })}>
                      {r.appName ?? r.appId ?? '(not attributed to a connected app)'}
                    </button>
                    {r.appId && <div className="muted mono">{r.appId}</div>}
                  </td>
                  <td>{r.orgName ?? r.orgId ?? '—'}</td>
                  <td className="num">{formatCount(r.exports)}</td>
                  <td className="num" data-testid="integration-rows">{formatCount(r.rows)}</td>
                  <td className="num">{r.suspicious ? <span className="text-danger">{formatCount(r.suspicious)}</span> : '0'}</td>
                  <td className="num">{formatCount(r.users)}</td>
                  <td className="num">{formatCount(r.ips)}</td>
                  <td className="nowrap">
                    {formatInstant(r.first, false)} – {formatInstant(r.last, false)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
      {open && <IntegrationPanel key={key(open)} caseDir={caseDir} orgId={open.orgId} appId={open.appId} />}
    </div>
  );
}

function IntegrationPanel({ caseDir, orgId, appId }: { caseDir: string; orgId: string | null; appId: string | null }) {
  const [d, setD] = useState<IntegrationDetail | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    void api['integrations.detail']({ caseDir, orgId, appId }).then((r) => (r.ok ? setD(r.value) : setError(r.error.message)));
  }, [caseDir, orgId, appId]);
  if (error) return <div className="error-box">{error}</div>;
  if (!d) return <div className="muted pad">Loading…</div>;
  const neverRead = d.access?.filter((a) => a.couldRead && !a.didRead && a.object !== '*') ?? [];
  return (
    <section className="panel integration-detail" data-testid="integration-detail" aria-label={`Integration ${d.appName ?? d.appId ?? ''}`}>
      <div className="panel-head">
        <h2>{d.appName ?? d.appId ?? '(not attributed)'}</h2>
        <span className="muted">
          {d.orgName ?? d.orgId ?? 'org unknown'} · {formatCount(d.exports)} exports · {formatCount(d.rows)} rows · {formatInstant(d.first)} – {formatInstant(d.last)}
        </span>
      </div>
      <div className="integration-grid">
        <div>
          <h3>Users</h3>
          <table className="table table-compact" data-testid="integration-users">
            <thead>
              <tr>
                <th>User</th>
                <th className="num">Exports</th>
                <th className="num">Rows</th>
              </tr>
            </thead>
            <tbody>
              {d.topUsers.map((u) => (
                <tr key={u.userId ?? ''}>
                  <td className="cell-wrap">{u.username ?? u.userId ?? '—'}</td>
                  <td className="num">{formatCount(u.exports)}</td>
                  <td className="num">{formatCount(u.rows)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <div>
          <h3>IP addresses</h3>
          <table className="table table-compact" data-testid="integration-ips">
            <thead>
              <tr>
                <th>IP</th>
                <th>Country · network</th>
                <th className="num">Exports</th>
              </tr>
            </thead>
            <tbody>
              {d.topIps.map((i) => (
                <tr key={i.ip}>
                  <td className="mono">{i.ip}</td>
                  <td className="cell-wrap">{[i.country, i.owner, i.asn !== null ? `AS${i.asn}` : null, i.network].filter(Boolean).join(' · ') || '—'}</td>
                  <td className="num">{formatCount(i.exports)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <div>
          <h3>Objects read</h3>
          <table className="table table-compact" data-testid="integration-objects">
            <thead>
              <tr>
                <th>Object</th>
                <th className="num">Exports</th>
                <th className="num">Rows</th>
                <th className="num">COUNT() only</th>
              </tr>
            </thead>
            <tbody>
              {d.objects.map((o) => (
                <tr key={o.object}>
                  <td>{o.object}</td>
                  <td className="num">{formatCount(o.exports)}</td>
                  <td className="num">{formatCount(o.rows)}</td>
                  <td className="num">{formatCount(o.countOnly)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <div>
          <h3>User agents</h3>
          <ul className="agent-list">
            {d.agents.map((a) => (
              <li key={a.userAgent}>
                <code>{a.userAgent}</code> <span className="muted">{formatCount(a.exports)}</span>
              </li>
            ))}
          </ul>
        </div>
      </div>
      <div className="pad" data-testid="integration-daily">
        <h3>Daily volume against its baseline</h3>
        {d.daily === null ? (
          <p className="muted">No baseline in this case (it is computed by the flags stage of an investigation).</p>
        ) : d.daily.length === 0 ? (
          <p className="muted">No day with rows read by this integration.</p>
        ) : (
          <>
            {d.baselineRule && (
              <p className="muted">
                Each object's daily rows against this integration's own trailing {d.baselineRule.windowDays}-day mean and σ of the days before. A day is flagged above
                mean + {d.baselineRule.sigma}σ and mean + {formatCount(d.baselineRule.minExcessRows)} rows, once {d.baselineRule.minHistoryDays} days of history exist; no band is drawn before that.
              </p>
            )}
            <p className="daily-legend" aria-hidden="true">
              <span className="swatch" style={{ background: ROWS }} /> rows read that day <span className="swatch" style={{ background: OVER }} /> above the threshold{' '}
              <span className="swatch swatch-line" /> trailing mean <span className="swatch swatch-band" /> band from the mean to the threshold
            </p>
            {d.baselineRule === null && (
              <p className="muted">The rule pack could not be read, so no threshold is drawn.</p>
            )}
            <div className="daily-grid">
              {d.daily.map((s) => (
                <DailyBaseline key={s.object} series={s} rule={d.baselineRule} />
              ))}
            </div>
          </>
        )}
      </div>
      <div className="integration-grid">
        <div>
          <h3>OAuth tokens</h3>
          {d.tokens === null ? (
            <p className="muted">The case holds no OauthToken export.</p>
          ) : d.tokens.length === 0 ? (
            <p className="muted">No token of this app in the OauthToken export.</p>
          ) : (
            <table className="table table-compact" data-testid="integration-tokens">
              <thead>
                <tr>
                  <th>Token</th>
                  <th>User</th>
                  <th>Created</th>
                  <th>Last used</th>
                  <th className="num">Uses</th>
                </tr>
              </thead>
              <tbody>
                {d.tokens.map((t, i) => (
                  <tr key={t.id ?? i}>
                    <td className="mono">{t.id ?? '—'}</td>
                    <td className="mono">{t.userId ?? '—'}</td>
                    <td>{formatInstant(t.created)}</td>
                    <td>{formatInstant(t.lastUsed)}</td>
                    <td className="num">{formatCount(t.useCount)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
        <div>
          <h3>Setup Audit Trail</h3>
          {d.auditTrail === null ? (
            <p className="muted">The case holds no Setup Audit Trail export.</p>
          ) : d.auditTrail.length === 0 ? (
            <p className="muted">No change to this app or its users in the Setup Audit Trail.</p>
          ) : (
            <table className="table table-compact" data-testid="integration-audit">
              <thead>
                <tr>
                  <th>When</th>
                  <th>Change</th>
                  <th>Detail</th>
                </tr>
              </thead>
              <tbody>
                {d.auditTrail.map((a, i) => (
                  <tr key={`${a.at}:${a.kind}:${i}`}>
                    <td>{formatInstant(a.at)}</td>
                    <td>{a.kind.replace(/_/g, ' ')}</td>
                    <td className="cell-wrap">{a.detail ?? ''}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
      </div>
      <div className="pad">
        <h3>Could read vs did read</h3>
        {d.access === null ? (
          <p className="muted">The case holds no profile or permission-set snapshot, so what this integration could read is not known.</p>
        ) : (
          <>
            <p data-testid="integration-never-read">
              {neverRead.length
                ? `${formatCount(neverRead.length)} object(s) it could read and never read — candidates for least privilege: ${neverRead.slice(0, 20).map((a) => a.object).join(', ')}${neverRead.length > 20 ? ', …' : ''}`
                : 'It read everything it could read (or the grants are unknown).'}
            </p>
            <div className="scroll-box">
              <table className="table table-compact" data-testid="integration-access">
                <thead>
                  <tr>
                    <th>User</th>
                    <th>Object</th>
                    <th>Could read</th>
                    <th>Did read</th>
                    <th className="num">Rows read</th>
                    <th>Via</th>
                  </tr>
                </thead>
                <tbody>
                  {d.access.map((a) => (
                    <tr key={`${a.userId}:${a.object}`} className={a.didRead && a.couldRead === false ? 'row-suspicious' : undefined}>
                      <td className="mono">{a.userId}</td>
                      <td>{a.object === '*' ? 'every object (View All Data / Modify All)' : a.object}</td>
                      <td>{a.couldRead === null ? '?' : a.couldRead ? 'yes' : 'no'}</td>
                      <td>{a.didRead ? 'yes' : '—'}</td>
                      <td className="num">{formatCount(a.rowsRead)}</td>
                      <td className="cell-wrap muted">{a.via ?? ''}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </>
        )}
      </div>
    </section>
  );
}
