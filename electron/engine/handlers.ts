/**
 * The engine behind the contract: one handler per channel. The Electron main process and the
 * loopback web host both serve exactly these (through `dispatch`, which validates requests).
 */
import os from 'node:os';
import path from 'node:path';
import type { Handlers } from '../../shared/contract.js';
import { fail, ok } from '../../shared/result.js';
import { CASE_DB, investigate } from './investigate.js';
import { readAffectedPage, readSourceLine } from './caseQueries.js';
import { resourcesDir as defaultResourcesDir } from './paths.js';

export interface HandlerOptions {
  host: 'electron' | 'web';
  version: string;
  /** Where runs without an explicit outDir go (default ~/Leakscope). */
  outRoot?: string;
  resourcesDir?: string;
}

/** Builds the handlers for one host. */
export function createHandlers(options: HandlerOptions): Handlers {
  const resources = options.resourcesDir ?? defaultResourcesDir();
  const outRoot = options.outRoot ?? path.join(os.homedir(), 'Leakscope');
  const tool = { name: 'Leakscope', version: options.version };
  return {
    'app.info': async () =>
      ok({
        name: 'Leakscope',
        version: options.version,
        host: options.host,
        demoEvidencePath: path.join(resources, 'demo', 'evidence'),
        defaultOutDir: outRoot,
      }),
    'investigation.run': async (req) => {
      const outDir = req.outDir ?? path.join(outRoot, `run-${new Date().toISOString().replace(/[:.]/g, '-')}`);
      return investigate({ evidencePaths: req.evidencePaths, outDir, caseDir: req.caseDir, scope: req.scope, resourcesDir: resources, tool });
    },
    'investigation.records': async (req) => {
      const page = await readAffectedPage(path.join(req.caseDir, CASE_DB), req.jurisdiction ?? null, req.offset, req.limit);
      return page === null ? fail('NOT_FOUND', `No case database in ${req.caseDir}`) : ok(page);
    },
    'source.line': async (req) => {
      const line = await readSourceLine(path.join(req.caseDir, CASE_DB), req.sourceId, req.record);
      return line === null ? fail('NOT_FOUND', `No record ${req.record} of source ${req.sourceId} in ${req.caseDir}`) : ok(line);
    },
  };
}
