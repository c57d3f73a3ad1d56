/**
 * Flags exports an investigator should look at first, each flag with a stable code and a
 * sentence that names the evidence: known indicators (IP, user agent), an IP or scripting client
 * new to the integration, COUNT() reconnaissance across objects, and volume far above baseline.
 */
import type { LogicalExport, SuspicionReason } from '../../../shared/domain.js';
import { eventsBefore, type ActorBaseline } from './baseline.js';
import type { IndicatorPack } from './indicators.js';

const HOUR = 3_600_000;

/** Sets `suspicious` and `reasons` on every export (in place) and returns them. */
export function flagExports(exports: LogicalExport[], baselines: Map<string, ActorBaseline>, pack: IndicatorPack): LogicalExport[] {
  const t = pack.thresholds;
  const iocIps = new Map(pack.ips.map((i) => [i.value, i]));
  const iocUas = new Map(pack.userAgents.map((u) => [u.value.toLowerCase(), u]));
  const scripting = pack.scriptingUserAgentPatterns.map((p) => new RegExp(p, 'i'));
  const isScripting = (ua: string): boolean => scripting.some((r) => r.test(ua));
  const countQueries = exports.filter((x) => x.countOnly);
  for (const x of exports) {
    const reasons: SuspicionReason[] = [];
    const actorKey = x.integration.connectedAppId ?? x.user.id;
    const actorName = x.integration.name ?? x.integration.connectedAppId ?? x.user.username ?? x.user.id ?? 'the actor';
    const b = actorKey ? baselines.get(actorKey) : undefined;
    const start = Date.parse(x.start);
    const learnedBefore = start - t.newnessWindowHours * HOUR;
    const hasBaseline = eventsBefore(b, learnedBefore) >= t.baselineMinEvents;
    const ip = x.sourceIp;
    if (ip && iocIps.has(ip)) reasons.push({ code: 'ioc_ip', message: `Source IP ${ip} is a published indicator (${iocIps.get(ip)!.source}: ${iocIps.get(ip)!.note}).` });
    const ua = x.userAgent;
    if (ua && iocUas.has(ua.toLowerCase())) reasons.push({ code: 'ioc_user_agent', message: `User agent "${ua}" is a published indicator (${iocUas.get(ua.toLowerCase())!.source}).` });
    if (b && hasBaseline && ip && ip !== 'Salesforce.com IP' && (b.firstSeenIp.get(ip) ?? start) >= learnedBefore) {
      const known = [...b.firstSeenIp].filter(([, ms]) => ms < learnedBefore).length;
      reasons.push({
        code: 'new_ip_for_integration',
        message: `${ip} was first seen for ${actorName} at ${new Date(b.firstSeenIp.get(ip) ?? start).toISOString()}; before that it used ${known} other address(es) over ${eventsBefore(b, learnedBefore)} events.`,
      });
    }
    if (b && hasBaseline && ua && isScripting(ua)) {
      const priorScripting = [...b.firstSeenUa].some(([u, ms]) => ms < learnedBefore && isScripting(u));
      if (!priorScripting) reasons.push({ code: 'scripting_user_agent', message: `Scripting client "${ua}"; ${actorName} had used no scripting client before.` });
    }
    const recon = reconObjects(x, countQueries, t.reconWindowMinutes * 60_000);
    if (recon.length >= t.reconMinObjects) {
      reasons.push({ code: 'recon_count_queries', message: `COUNT() queries on ${recon.length} objects (${recon.join(', ')}) within ${t.reconWindowMinutes} minutes from the same session, or the same integration and address.` });
    }
    const spike = volumeSpike(x, exports, t);
    if (spike) reasons.push({ code: 'volume_spike', message: spike });
    x.reasons = reasons;
    x.suspicious = reasons.length > 0;
  }
  return exports;
}

/** Same session, or the same integration (or user) from the same address: one operator at work. */
function sameOperator(a: LogicalExport, b: LogicalExport): boolean {
  if (a.sessionKey && a.sessionKey === b.sessionKey) return true;
  if (a.loginKey && a.loginKey === b.loginKey) return true;
  return sameActorKey(a, b) && a.sourceIp !== null && a.sourceIp === b.sourceIp;
}

function reconObjects(x: LogicalExport, countQueries: LogicalExport[], windowMs: number): string[] {
  const start = Date.parse(x.start);
  const lo = start - windowMs;
  const hi = x.countOnly ? start + windowMs : start;
  const objects = new Set<string>();
  for (const o of countQueries) {
    const t = Date.parse(o.start);
    if ( o.object && t >= lo && t <= hi && sameOperator(x, o)) objects.add(o.object);
  }
  return [...objects].sort();
}

function volumeSpike(x: LogicalExport, all: LogicalExport[], t: IndicatorPack['thresholds']): string | null {
  if (x.countOnly || x.rows === null || x.rows < t.volumeMinRows) return null;
  const before = Date.parse(x.start) - t.newnessWindowHours * HOUR;
  const prior = all.filter((o) => !o.countOnly && o.rows !== null && Date.parse(o.start) < before && sameActorKey(o, x));
  if (prior.length < t.volumeMinPriorExports) return null;
  const max = Math.max(...prior.map((o) => o.rows ?? 0));
  if (x.rows <= t.volumeFactor * Math.max(max, 1)) return null;
  return `${x.rows.toLocaleString('en-US')} rows, more than ${t.volumeFactor}× the largest of ${prior.length} earlier exports by the same actor (${max.toLocaleString('en-US')}).`;
}

function sameActorKey(a: LogicalExport, b: LogicalExport): boolean {
  const ka = a.integration.connectedAppId ?? a.user.id;
  return ka !== null && ka === (b.integration.connectedAppId ?? b.user.id);
}
