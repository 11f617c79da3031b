import fs from 'node:fs';
import path from 'node:path';
import type { BrowserWindow, Dialog, IpcMain, IpcMainInvokeEvent, OpenDialogOptions } from 'electron';
import type { PickedFile, PickPurpose } from '../../shared/requestPaths';
import { isTrustedSender } from './ipc';
import type { PickedFiles } from './pickedFiles';
import { OPEN_CHANNEL } from './channels';

const DIALOGS: Record<PickPurpose, OpenDialogOptions> = {
  ledgers: {
    title: '选择台账文件',
    properties: ['openFile', 'multiSelections'],
    filters: [
      { name: '台账文件（Excel、CSV）', extensions: ['xlsx', 'xls', 'xlsm', 'csv'] },
      { name: '所有文件', extensions: ['*'] },
    ],
  },
  allocation: {
    title: '选择目标分解表',
    properties: ['openFile'],
    filters: [
      { name: '分解表（Excel、CSV）', extensions: ['xlsx', 'xls', 'csv'] },
      { name: '所有文件', extensions: ['*'] },
    ],
  },
  plan: {
    title: '选择方案工作簿',
    properties: ['openFile'],
    filters: [
      { name: '方案工作簿（Excel）', extensions: ['xlsx'] },
      { name: '所有文件', extensions: ['*'] },
    ],
  },
  workspace: {
    title: '选择要恢复的工作区文件',
    properties: ['openFile'],
    filters: [
      { name: '工作区或备份（.sqlite）', extensions: ['sqlite', 'db'] },
      { name: '所有文件', extensions: ['*'] },
    ],
  },
};

const PURPOSES = new Set<unknown>(Object.keys(DIALOGS));

export interface OpenFilesDeps {
  dialog: Pick<Dialog, 'showOpenDialog'>;
  window: () => BrowserWindow | null;
  picked: PickedFiles;
  defaultDir: () => string;
}

type OpenEvent = Pick<IpcMainInvokeEvent, 'senderFrame'> & { sender: Pick<IpcMainInvokeEvent['sender'], 'id' | 'once'> };

/** The open dialog for the page: what the user chose is remembered for that window and returned to it. */
export function openFilesHandler(deps: OpenFilesDeps) {
  let lastDir: string | null = null;
  return async (event: OpenEvent, purpose: unknown): Promise<PickedFile[] | null> => {
    if (!isTrustedSender(event) || !PURPOSES.has(purpose)) return null;
    const owner = event.sender.id;
    const options: OpenDialogOptions = { ...DIALOGS[purpose as PickPurpose], defaultPath: lastDir ?? deps.defaultDir() };
    const win = deps.window();
    const r = win ? await deps.dialog.showOpenDialog(win, options) : await deps.dialog.showOpenDialog(options);
    if (r.canceled || r.filePaths.length === 0) return null;
    const files: PickedFile[] = [];
    for (const p of r.filePaths) {
      // the dialog can be talked into a device or a folder by typing its name; only regular files go on
      const st = fs.statSync(p, { throwIfNoEntry: false });
      if (st?.isFile()) files.push({ name: path.basename(p), path: p, size: st.size });
    }
    if (!deps.picked.knows(owner)) event.sender.once('destroyed', () => deps.picked.forget(owner));
    deps.picked.add(owner, files.map((f) => f.path));
    lastDir = path.dirname(r.filePaths[0]!);
    return files;
  };
}

export function registerOpenFiles(ipcMain: IpcMain, deps: OpenFilesDeps): void {
  ipcMain.handle(OPEN_CHANNEL, openFilesHandler(deps));
}
