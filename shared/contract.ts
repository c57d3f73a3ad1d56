/**
 * The one typed API between the UI and the engine. The Electron main process and the loopback
 * web host both validate every request against these schemas (the renderer is untrusted); the
 * preload bridge and the renderer client are typed from `Api`.
 */
import { z } from 'zod';
import type { Channel } from './channels.js';
import type { AffectedRecord, InvestigationResult, RunProgress } from './domain.js';
import type { Result } from './result.js';

const isoTime = z.string().datetime({ offset: true });
const nonEmpty = z.string().trim().min(1).max(4096);
const runId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);

export const scopeSchema = z
  .object({
    integrations: z.array(nonEmpty).max(200).default([]),
    users: z.array(nonEmpty).max(200).default([]),
    from: isoTime.nullable().default(null),
    to: isoTime.nullable().default(null),
    awareAt: isoTime.nullable().default(null),
  })
  .strict();

export const requestSchemas = {
  'app.info': z.object({}).strict(),
  'investigation.run': z
    .object({
      evidencePaths: z.array(nonEmpty).min(1).max(1000),
      outDir: nonEmpty.optional(),
      caseDir: nonEmpty.optional(),
      scope: scopeSchema.default({ integrations: [], users: [], from: null, to: null, awareAt: null }),
      /** Chosen by the client so it can ask for progress and cancel while the run is under way. */
      runId: runId.optional(),
      /** The investigator's name for the custody log (the OS user is recorded as well). */
      investigator: z.string().trim().min(1).max(200).optional(),
      /** Take every given file as an export of this sObject (e.g. Contact), whatever its name. */
      asObject: z.string().regex(/^[A-Za-z][A-Za-z0-9_]{0,79}$/).optional(),
      /** Keep a verified read-only copy of every source in the case's evidence folder. */
      copyEvidence: z.boolean().optional(),
      /** A file of canary record ids (one a line, or a CSV with an Id column): an export that logged one is confirmed exfiltration. */
      canaryFile: nonEmpty.optional(),
    })
    .strict(),
  'investigation.progress': z.object({ runId }).strict(),
  'investigation.cancel': z.object({ runId }).strict(),
  'investigation.records': z
    .object({
      caseDir: nonEmpty,
      jurisdiction: z.string().trim().min(1).max(16).optional(),
      offset: z.number().int().min(0).default(0),
      limit: z.number().int().min(1).max(1000).default(100),
    })
    .strict(),
  'source.line': z
    .object({
      caseDir: nonEmpty,
      sourceId: z.number().int().min(1),
      record: z.number().int().min(1),
    })
    .strict(),
} satisfies Record<Channel, z.ZodType>;

export interface AppInfo {
  name: string;
  version: string;
  host: 'electron' | 'web';
  demoEvidencePath: string;
  defaultOutDir: string;
}

export interface RecordsPage {
  total: number;
  offset: number;
  records: AffectedRecord[];
}

export interface SourceLine {
  sourceId: number;
  file: string;
  sha256: string;
  record: number;
  /** The physical line the record starts on (records may span lines), when the source is a CSV file. */
  line: number | null;
  /** The record's text exactly as it stands in the file, when the source is a CSV file. */
  raw: string | null;
  /** Column name → value, exactly as parsed from the source. */
  values: Record<string, string | null>;
}

export interface Responses {
  'app.info': AppInfo;
  'investigation.run': InvestigationResult;
  'investigation.progress': RunProgress | null;
  'investigation.cancel': { cancelled: boolean };
  'investigation.records': RecordsPage;
  'source.line': SourceLine;
}

export type RequestOf<C extends Channel> = z.input<(typeof requestSchemas)[C]>;
export type ParsedRequestOf<C extends Channel> = z.output<(typeof requestSchemas)[C]>;
export type ResponseOf<C extends Channel> = Responses[C];

/** What the renderer sees: one async function per channel, each returning a Result. */
export type Api = { [C in Channel]: (request: RequestOf<C>) => Promise<Result<ResponseOf<C>>> };

/** What a host implements: handlers receive requests already validated and defaulted. */
export type Handlers = { [C in Channel]: (request: ParsedRequestOf<C>) => Promise<Result<ResponseOf<C>>> };
