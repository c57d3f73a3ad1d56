/** The versioned indicator and heuristic rule pack in resources/rules/indicators.json. */
import { readFileSync } from 'node:fs';
import path from 'node:path';

export interface IndicatorPack {
  version: string;
  asOf: string;
  ips: { value: string; source: string; note: string }[];
  userAgents: { value: string; source: string; note: string }[];
  scriptingUserAgentPatterns: string[];
  thresholds: {
    baselineMinEvents: number;
    newnessWindowHours: number;
    reconWindowMinutes: number;
    reconMinObjects: number;
    volumeMinRows: number;
    volumeFactor: number;
    volumeMinPriorExports: number;
  };
}

/** Reads the rule pack from the resources folder. */
export function loadIndicators(resourcesDir: string): IndicatorPack {
  return JSON.parse(readFileSync(path.join(resourcesDir, 'rules', 'indicators.json'), 'utf8')) as IndicatorPack;
}
