/**
 * The recent cases of this machine: a small JSON file in the host's config folder (never inside a
 * case), so the Cases screen can offer what was worked on last. A missing or unreadable file is an
 * empty list, never a crash; without a folder (tests, embedded hosts) the list lives in memory.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { RecentCase } from '../../shared/workbench.js';

export const RECENT_CASES_FILE = 'recent-cases.json';
const MAX_RECENT = 20;

/** Remembers and lists the cases opened on this machine, most recent first. */
export class RecentCases {
  private memory: RecentCase[] = [];

  /** `configDir` null keeps the list in memory only. */
  constructor(private readonly configDir: string | null) {}

  /** The list, most recent first (an unreadable file reads as empty). */
  list(): RecentCase[] {
    if (this.configDir === null) return [...this.memory];
    try {
      const parsed = JSON.parse(readFileSync(path.join(this.configDir, RECENT_CASES_FILE), 'utf8')) as { cases?: unknown };
      return Array.isArray(parsed.cases) ? parsed.cases.filter(isRecentCase).slice(0, MAX_RECENT) : [];
    } catch {
      return [];
    }
  }

  /** Puts `entry` first (replacing an earlier entry of the same folder) and keeps the newest 20. */
  remember(entry: RecentCase): RecentCase[] {
    const earlier = this.list().find((c) => c.caseDir === entry.caseDir);
    const merged = { ...entry, name: entry.name ?? earlier?.name ?? null };
    const next = [merged, ...this.list().filter((c) => c.caseDir !== entry.caseDir)].slice(0, MAX_RECENT);
    if (this.configDir === null) this.memory = next;
    else {
      mkdirSync(this.configDir, { recursive: true });
      const file = path.join(this.configDir, RECENT_CASES_FILE);
      const partial = `${file}.${process.pid}.partial`;
      writeFileSync(partial, `${JSON.stringify({ version: 1, cases: next }, null, 2)}\n`, 'utf8');
      renameSync(partial, file);
    }
    return next;
  }
}

function isRecentCase(v: unknown): v is RecentCase {
  if (typeof v !== 'object' || v === null) return false;
  const c = v as Record<string, unknown>;
  return typeof c['caseDir'] === 'string' && typeof c['openedAt'] === 'string' && (c['mode'] === 'investigate' || c['mode'] === 'review')
    && (c['name'] === null || typeof c['name'] === 'string') && (c['reviewer'] === null || typeof c['reviewer'] === 'string');
}

/** The default config folder of the loopback host: $LEAKSCOPE_CONFIG_DIR, else $XDG_CONFIG_HOME/leakscope, else ~/.config/leakscope. */
export function defaultConfigDir(env: NodeJS.ProcessEnv, home: string): string {
  if (env['LEAKSCOPE_CONFIG_DIR']) return env['LEAKSCOPE_CONFIG_DIR'];
  return path.join(env['XDG_CONFIG_HOME'] || path.join(home, '.config'), 'leakscope');
}
