/**
 * What was normal for each actor (a connected app, or a user where no app is known) before an
 * export: which IPs and user agents it used and when each was first seen, and how many events
 * it produced per day. Computed in DuckDB over all events, not only exports.
 */
import type { CaseDb } from '../store/duck.js';

export interface ActorBaseline {
  firstSeenIp: Map<string, number>;
  firstSeenUa: Map<string, number>;
  /** [day start ms, events that day], ascending. */
  daily: [number, number][];
}

/** Baselines keyed by actor (app id, else user id). */
export async function buildBaselines(db: CaseDb): Promise<Map<string, ActorBaseline>> {
  const out = new Map<string, ActorBaseline>();
  const get = (k: string): ActorBaseline => {
    let b = out.get(k);
    if (!b) out.set(k, (b = { firstSeenIp: new Map(), firstSeenUa: new Map(), daily: [] }));
    return b;
  };
  const actor = `coalesce(app_id, user_id)`;
  const ips = await db.all<{ k: string; v: string; ms: number }>(
    `SELECT ${actor} AS k, client_ip AS v, epoch_ms(min(ts)) AS ms FROM events_attr
     WHERE ${actor} IS NOT NULL AND client_ip IS NOT NULL AND ts IS NOT NULL GROUP BY 1, 2`,
  );
  for (const r of ips) get(r.k).firstSeenIp.set(r.v, r.ms);
  const uas = await db.all<{ k: string; v: string; ms: number }>(
    `SELECT ${actor} AS k, user_agent AS v, epoch_ms(min(ts)) AS ms FROM events_attr
     WHERE ${actor} IS NOT NULL AND user_agent IS NOT NULL AND ts IS NOT NULL GROUP BY 1, 2`,
  );
  for (const r of uas) get(r.k).firstSeenUa.set(r.v, r.ms);
  const days = await db.all<{ k: string; d: number; n: number }>(
    `SELECT ${actor} AS k, epoch_ms(date_trunc('day', ts)) AS d, count(*)::BIGINT AS n FROM events_attr
     WHERE ${actor} IS NOT NULL AND ts IS NOT NULL GROUP BY 1, 2 ORDER BY 1, 2`,
  );
  for (const r of days) get(r.k).daily.push([r.d, r.n]);
  return out;
}

/** Events an actor produced on days that ended before `beforeMs`. */
export function eventsBefore(b: ActorBaseline | undefined, beforeMs: number): number {
  if (!b) return 0;
  let n = 0;
  for (const [day, count] of b.daily) if (day + 86_400_000 <= beforeMs) n += count;
  return n;
}
