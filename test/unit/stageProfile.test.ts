/** LEAKSCOPE_PROFILE (stageProfile.ts): silent unless set; when set, one line per stage, also for a stage that throws. */
import { describe, expect, it } from 'vitest';
import { stageProfile } from '../../electron/engine/stageProfile.js';

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
});
