/**
 * The channels only the desktop app can serve: the system's open dialog for evidence, and opening a report's file with
 * the application the system has for it. Electron's `dialog` and `shell` are injected (the unit tests pass fakes);
 * every path is checked here, in the main process, before the renderer sees it or the shell opens it.
 */
import type { Dialog, OpenDialogOptions, Shell } from 'electron';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { Handlers } from '../../shared/contract.js';
import { fail, ok } from '../../shared/result.js';
import { resolveReportFile } from '../engine/caseReports.js';

export interface HostOnlyDeps {
  dialog: Pick<Dialog, 'showOpenDialog'>;
  shell: Pick<Shell, 'openPath'>;
  platform: NodeJS.Platform;
}

/** The dialog's properties: on macOS one dialog takes files and folders; elsewhere it is one or the other (Electron's rule). */
export function pickerProperties(what: 'files' | 'folders', platform: NodeJS.Platform): OpenDialogOptions['properties'] {
  if (platform === 'darwin') return ['openFile', 'openDirectory', 'multiSelections'];
  return what === 'folders' ? ['openDirectory', 'multiSelections'] : ['openFile', 'multiSelections'];
}

/** Why a path the dialog returned cannot be evidence, or null (absolute, and an existing file or folder). */
export async function evidencePathRefusal(p: string): Promise<string | null> {
  if (typeof p !== 'string' || p.length === 0 || p.length > 4096 || p.includes('\0')) return 'not a path';
  if (!path.isAbsolute(p)) return 'not an absolute path';
  const info = await stat(p).catch(() => null);
  if (!info) return 'does not exist';
  if (!info.isFile() && !info.isDirectory()) return 'neither a file nor a folder';
  return null;
}

/** The Electron host's own handlers for `evidence.pick` and `report.open`. */
export function hostOnlyHandlers(deps: HostOnlyDeps): Pick<Handlers, 'evidence.pick' | 'report.open'> {
  return {
    'evidence.pick': async (req) => {
      const chosen = await deps.dialog.showOpenDialog({
        title: req.what === 'folders' ? 'Choose evidence folders' : 'Choose evidence files',
        buttonLabel: 'Use as evidence',
        properties: pickerProperties(req.what, deps.platform),
      });
      if (chosen.canceled) return ok({ paths: [], refused: [] });
      const paths: string[] = [];
      const refused: { path: string; reason: string }[] = [];
      for (const p of chosen.filePaths.slice(0, 1000)) {
        const reason = await evidencePathRefusal(p);
        if (reason) refused.push({ path: String(p).slice(0, 4096), reason });
        else paths.push(p);
      }
      return ok({ paths, refused });
    },
    'report.open': async (req) => {
      const file = await resolveReportFile(req.caseDir, req.reportId, req.file);
      if (!file.ok) return file;
      // openPath resolves to an error message, '' when the file was handed to its application.
      const problem = await deps.shell.openPath(file.value);
      return problem ? fail('BAD_INPUT', `Could not open ${req.file}: ${problem}`) : ok({ opened: file.value });
    },
  };
}
