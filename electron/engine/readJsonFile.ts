/** Reads a JSON resource file and validates it with its schema; a bad file is a Result naming the file and the field, never a throw. */
import { existsSync, readFileSync } from 'node:fs';
import type { z } from 'zod';
import { fail, ok, type Result } from '../../shared/result.js';

/** The file's value when it exists, parses and fits `schema`; `missing` names what the file is ("Jurisdiction table"). */
export function readValidatedJson<T>(file: string, schema: z.ZodType<T>, missing: string): Result<T> {
  if (!existsSync(file)) return fail('NOT_FOUND', `${missing} missing: ${file}`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    return fail('BAD_INPUT', `${file}: not valid JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  const checked = schema.safeParse(parsed);
  if (checked.success) return ok(checked.data);
  const issue = checked.error.issues[0];
  return fail('BAD_INPUT', `${file}: ${issue?.path.map(String).join('.') || '(root)'}: ${issue?.message ?? 'invalid'}`);
}
