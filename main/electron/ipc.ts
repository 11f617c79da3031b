import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron';
import { API_EVENT_NAMES, type ApiEventName, type ApiEvents, type ApiImpl, type ApiResult } from '../../shared/api';
import { dispatch, type Logger } from '../core/dispatch';
import { isAppUrl } from './protocol';
import { PickedFiles, refusePaths } from './pickedFiles';

import { EVENT_CHANNEL, INVOKE_CHANNEL } from './channels';

export { EVENT_CHANNEL, INVOKE_CHANNEL };

/** Only the top frame of our own page may call the core. Read synchronously: senderFrame can turn null after an await. */
export function isTrustedSender(event: Pick<IpcMainInvokeEvent, 'senderFrame'>): boolean {
  const frame = event.senderFrame;
  if (!frame || frame.parent !== null) return false;
  return isAppUrl(frame.url);
}

/** Without `picked`, no request may name a file at all. */
export function registerIpc(ipcMain: IpcMain, api: ApiImpl, log: Logger, picked: PickedFiles = new PickedFiles()): void {
  ipcMain.handle(INVOKE_CHANNEL, async (event, method: unknown, args: unknown): Promise<ApiResult<unknown>> => {
    if (!isTrustedSender(event)) {
      log(`[ipc] 拒绝了来自不受信任页面的调用：${String(method).slice(0, 60)}`);
      return { ok: false, error: { code: 'forbidden', message: '拒绝来自不受信任页面的调用。' } };
    }
    // only files this window's user chose in the open dialog; read before any await, like the sender
    const refused = refusePaths(picked, event.sender.id, args);
    if (refused) {
      log(`[ipc] 拒绝了未经选择的文件路径：${String(method).slice(0, 60)}`);
      return { ok: false, error: refused };
    }
    return dispatch(api, method, args, log);
  });
}

export function sendEvent<E extends ApiEventName>(contents: WebContents, event: E, payload: ApiEvents[E]): void {
  if (!API_EVENT_NAMES.includes(event)) return;
  if (!contents.isDestroyed()) contents.send(EVENT_CHANNEL, event, payload);
}
