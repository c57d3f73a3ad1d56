/**
 * The detection rule pack (resources/rules/rules.json): published indicators with their sources,
 * the scripting client families, the Setup Audit Trail actions that count as containment, and the
 * thresholds of every rule. Validated at load, so a bad pack is a clear error naming the field.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { fail, ok, type Result } from '../../../../shared/result.js';
import { CONTAINMENT_KINDS } from './codes.js';

const sourceRef = z.string().min(1);
const regex = z.string().min(1).refine((p) => {
  try {
    new RegExp(p, 'i');
    return true;
  } catch {
    return false;
  }
}, 'not a valid regular expression');
const positive = z.number().positive();
const wholeDays = z.number().int().min(0);

const packSchema = z
  .object({
    version: z.string().regex(/^\d{4}\.\d{1,2}\.\d+$/, 'expected YYYY.M.N'),
    asOf: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
    description: z.string(),
    sources: z.array(z.object({ id: z.string().min(1), title: z.string().min(1), url: z.string().url(), verification: z.string().min(1) })).min(1),
    ips: z.array(z.object({ value: z.ipv4().or(z.ipv6()), source: sourceRef, note: z.string() })),
    userAgents: z.array(z.object({ value: z.string().min(1), family: z.string().regex(/^[a-z0-9._-]+$/, 'a lower-case product name'), source: sourceRef, note: z.string() })),
    scriptingUserAgentFamilies: z.object({ source: sourceRef, families: z.array(z.string().regex(/^[a-z0-9._-]+$/, 'a lower-case product name')).min(1) }),
    containment: z.object({
      source: sourceRef,
      actions: z.array(z.object({
        kind: z.enum(CONTAINMENT_KINDS),
        actions: z.array(z.string().min(1)).optional(),
        display: regex.optional(),
        section: regex.optional(),
      }).refine((a) => a.actions || a.display || a.section, 'needs actions, display or section')),
    }),
    dataExport: z.object({
      source: sourceRef,
      /** Login types that are a person at a browser (ELF LOGIN_TYPE `A`, RTEM LoginType `Application`). */
      interactiveLoginTypes: z.array(z.string().min(1)).min(1),
      /** Earlier exports through a connected app that make a user an integration's run-as user. */
      minIntegrationExports: z.number().int().min(1),
    }),
    thresholds: z.object({
      minHistoryDays: wholeDays,
      establishedDays: z.number().int().min(1),
      volumeSigma: positive,
      volumeWindowDays: z.number().int().min(1).max(366),
      volumeMinHistoryDays: z.number().int().min(2),
      volumeMinExcessRows: z.number().min(0),
      reconWindowMinutes: positive,
      reconMinObjects: z.number().int().min(2),
      enumerationWindowMinutes: positive,
      enumerationMinObjects: z.number().int().min(2),
      offHoursToleranceHours: z.number().int().min(0).max(11),
      offHoursMinHistoryDays: z.number().int().min(1),
    }),
  })
  .superRefine((p, ctx) => {
    const ids = new Set(p.sources.map((s) => s.id));
    const check = (source: string, at: (string | number)[]): void => {
      if (!ids.has(source)) ctx.addIssue({ code: 'custom', path: at, message: `unknown source "${source}" (not in sources)` });
    };
    p.ips.forEach((x, i) => check(x.source, ['ips', i, 'source']));
    p.userAgents.forEach((x, i) => check(x.source, ['userAgents', i, 'source']));
    check(p.scriptingUserAgentFamilies.source, ['scriptingUserAgentFamilies', 'source']);
    check(p.containment.source, ['containment', 'source']);
    check(p.dataExport.source, ['dataExport', 'source']);
  });

export type RulePack = z.infer<typeof packSchema>;
export type Thresholds = RulePack['thresholds'];

/** Validates a parsed rule pack; the error names every bad field by its path. */
export function parseRulePack(value: unknown, origin = 'rule pack'): Result<RulePack> {
  const r = packSchema.safeParse(value);
  if (r.success) return ok(r.data);
  const issues = r.error.issues.slice(0, 5).map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
  return fail('BAD_INPUT', `Invalid ${origin}: ${issues.join('; ')}`);
}

/** Reads and validates resources/rules/rules.json. */
export function loadRulePack(resourcesDir: string): Result<RulePack> {
  const file = path.join(resourcesDir, 'rules', 'rules.json');
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    return fail('BAD_INPUT', `Cannot read the rule pack ${file}: ${e instanceof Error ? e.message : String(e)}`);
  }
  return parseRulePack(value, `rule pack ${file}`);
}
