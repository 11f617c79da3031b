// Sandboxed preload: it may require only 'electron'. The page gets a few functions, never ipcRenderer itself.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';

import { EVENT_CHANNEL, EVENT_NAMES, INVOKE_CHANNEL, OPEN_CHANNEL, SAVE_CHANNEL, SHOW_CHANNEL } from './channels';

const EVENTS = new Set<string>(EVENT_NAMES);

contextBridge.exposeInMainWorld('bluesky', {
  invoke: (method: string, args: unknown) => ipcRenderer.invoke(INVOKE_CHANNEL, String(method), args),
  // the system open dialog: the files chosen there are the only paths the main process lets the page pass on
  openFiles: (purpose: string) => ipcRenderer.invoke(OPEN_CHANNEL, String(purpose)),
  // a report the core built: the main process asks where to save it; the page learns only the path chosen
  saveFile: (fileName: string, base64: string) => ipcRenderer.invoke(SAVE_CHANNEL, String(fileName), String(base64)),
  showInFolder: (file: string) => ipcRenderer.invoke(SHOW_CHANNEL, String(file)),
  on(event: string, cb: (payload: unknown) => void): () => void {
    if (!EVENTS.has(event)) throw new Error(`未知事件：${event}`);
    // the IpcRendererEvent (and with it event.sender) never reaches the page
    const listener = (_e: IpcRendererEvent, name: string, payload: unknown) => {
      if (name === event) cb(payload);
    };
    ipcRenderer.on(EVENT_CHANNEL, listener);
    return () => {
      ipcRenderer.removeListener(EVENT_CHANNEL, listener);
    };
  },
});
