import fs from 'node:fs';
import path from 'node:path';
import type { BrowserWindow, Dialog, IpcMain, Shell } from 'electron';
import { isTrustedSender } from './ipc';
import { SAVE_CHANNEL, SHOW_CHANNEL } from './channels';

const FILTERS: Record<string, { name: string; extensions: string[] }> = {
  xlsx: { name: 'Excel 工作簿', extensions: ['xlsx'] },
  docx: { name: 'Word 文档', extensions: ['docx'] },
  pdf: { name: 'PDF 文件', extensions: ['pdf'] },
};

/**
 * Saving a report: the analyst picks where in the system dialog, the main process writes the bytes. The page can
 * reveal in the file manager only files it saved this way, so it cannot probe the disk.
 */
export function registerSaveFile(ipcMain: IpcMain, deps: { dialog: Dialog; shell: Shell; window: () => BrowserWindow | null; defaultDir: () => string }): void {
  const saved = new Set<string>();
  let lastDir: string | null = null;
  ipcMain.handle(SAVE_CHANNEL, async (event, fileName: unknown, base64: unknown): Promise<string | null> => {
    if (!isTrustedSender(event) || typeof fileName !== 'string' || typeof base64 !== 'string') return null;
    const name = path.basename(fileName).replace(/[\\/:*?"<>|]/g, '_');
    const ext = path.extname(name).slice(1).toLowerCase();
    const win = deps.window();
    const options = { defaultPath: path.join(lastDir ?? deps.defaultDir(), name), filters: FILTERS[ext] ? [FILTERS[ext]] : [] };
    const r = win ? await deps.dialog.showSaveDialog(win, options) : await deps.dialog.showSaveDialog(options);
    if (r.canceled || !r.filePath) return null;
    const tmp = `${r.filePath}.part`;
    fs.writeFileSync(tmp, Buffer.from(base64, 'base64'));
    fs.renameSync(tmp, r.filePath);
    lastDir = path.dirname(r.filePath);
    saved.add(r.filePath);
    return r.filePath;
  });
  ipcMain.handle(SHOW_CHANNEL, (event, file: unknown): boolean => {
    if (!isTrustedSender(event) || typeof file !== 'string' || !saved.has(file)) return false;
    deps.shell.showItemInFolder(file);
    return true;
  });
}
