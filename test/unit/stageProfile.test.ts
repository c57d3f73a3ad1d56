/** LEAKSCOPE_PROFILE (stageProfile.ts): silent unless set; when set, one line per stage, also for a stage that throws. */
import { describe, expect, it } from 'vitest';
import { stageProfile } from '../../electron/engine/stageProfile.js';
import { CaseDb } from '../../electron/engine/store/duck.js';
import { sql } from '../../electron/engine/store/sql.js';

describe('stageProfile', () => {
  it('passes results through and writes nothing when LEAKSCOPE_PROFILE is unset or 0', async () => {
    for (const env of [{}, { LEAKSCOPE_PROFILE: '0' }, { LEAKSCOPE_PROFILE: '' }]) {
      const lines: string[] = [];
      const p = stageProfile(env, (l) => lines.push(l));
      expect(await p.stage('intake', () => 42)).toBe(42);
      expect(lines).toEqual([]);
    }
  });

  it('writes one line per stage with wall, CPU and memory, in the order the stages end', async () => {
    const lines: string[] = [];
    const p = stageProfile({ LEAKSCOPE_PROFILE: '1' }, (l) => lines.push(l));
    expect(await p.stage('reconstruction', async () => 'done')).toBe('done');
    await expect(p.stage('exports.json', () => Promise.reject(new Error('disk full')))).rejects.toThrow('disk full');
    expect(lines).toHaveLength(2);
    const shape = /^profile (.+): \d+\.\d\d s wall, \d+\.\d\d CPU-s, RSS \d+ MB \(peak \d+ MB\)\n$/;
    expect(lines.map((l) => shape.exec(l)?.[1])).toEqual(['reconstruction', 'exports.json']);
  });

  it('adds what DuckDB holds once the case is open, and at level 2 the temporary tables a stage left behind', async () => {
    const db = await CaseDb.open(':memory:');
    try {
      let open: CaseDb | null = null;
      const lines: string[] = [];
      const p = stageProfile({ LEAKSCOPE_PROFILE: '2' }, (l) => lines.push(l), () => open);
      await p.stage('open case', () => { open = db; });
      await p.stage('reconstruction', () => db.run(sql`CREATE TEMP TABLE rc_left AS SELECT range AS i FROM range(3000)`));
      expect(lines[0]).toMatch(/; DuckDB \d+ MB in memory, \d+ MB spilled \[by tag, MB in memory\+spilled: .*\] \[temporary tables: none\]\n$/);
      expect(lines[1]).toMatch(/\[temporary tables: rc_left 3000 rows\]\n$/);
    } finally {
      db.close();
    }
  });
});
