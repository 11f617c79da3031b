// The renderer's only way to the core. Inside Electron the preload provides window.bluesky (IPC);
// in a browser the page talks to the loopback bridge that served it.
import type { ApiEventName, ApiEvents, ApiMethod, ApiRequest, ApiResponse, ApiResult, FileInput } from '../../../shared/api';
import type { FileBlob } from '../../../shared/ledgerModels';
import type { PickedFile, PickPurpose } from '../../../shared/requestPaths';
import { fileToBase64, saveBlob } from '../util/files';

export interface BlueskyBridge {
  invoke(method: string, args: unknown): Promise<ApiResult<unknown>>;
  on(event: string, cb: (payload: unknown) => void): () => void;
  /** In Electron: the system open dialog; the files chosen there are the only paths the app lets the page hand over. */
  openFiles?(purpose: PickPurpose): Promise<PickedFile[] | null>;
  /** In Electron: asks where to save a file the core built and writes it; the chosen path, or null when cancelled. */
  saveFile?(fileName: string, base64: string): Promise<string | null>;
  /** In Electron: shows a file saved through saveFile in the system's file manager. */
  showInFolder?(path: string): Promise<boolean>;
}

declare global {
  interface Window {
    bluesky?: BlueskyBridge;
  }
}

export class ClientError extends Error {
  readonly code: string;
  /** What the core added for the page (e.g. which files of a stopped batch were written). */
  readonly details: unknown;
  constructor(code: string, message: string, details?: unknown) {
    super(message);
    this.name = 'ClientError';
    this.code = code;
    this.details = details;
  }
}

function bridgeToken(): string {
  return document.querySelector<HTMLMetaElement>('meta[name="bluesky-token"]')?.content ?? '';
}

function httpTransport(): BlueskyBridge {
  let stream: EventSource | null = null;
  let subscribers = 0;
  return {
    async invoke(method, args) {
      let res: Response;
      try {
        res = await fetch(`./api/invoke/${encodeURIComponent(method)}`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', 'X-Bluesky-Token': bridgeToken() },
          body: JSON.stringify(args ?? {}),
        });
      } catch {
        return { ok: false, error: { code: 'offline', message: '无法连接工作台后台服务，请确认 npm run web 仍在运行，然后刷新页面。' } };
      }
      try {
        return (await res.json()) as ApiResult<unknown>;
      } catch {
        return { ok: false, error: { code: 'bad_response', message: `工作台后台返回了无法识别的内容（HTTP ${res.status}）。` } };
      }
    },
    on(event, cb) {
      // one stream per page, whatever subscribes: the bridge serves only a few at a time
      stream ??= new EventSource(`./api/events?token=${encodeURIComponent(bridgeToken())}`);
      const source = stream;
      const listener = (e: MessageEvent<string>) => cb(JSON.parse(e.data));
      source.addEventListener(event, listener);
      subscribers++;
      let done = false;
      return () => {
        if (done) return;
        done = true;
        source.removeEventListener(event, listener);
        if (--subscribers === 0 && stream === source) {
          source.close();
          stream = null;
        }
      };
    },
  };
}

let transport: BlueskyBridge | null = null;
function current(): BlueskyBridge {
  transport ??= window.bluesky ?? httpTransport();
  return transport;
}

export async function invoke<M extends ApiMethod>(method: M, args: ApiRequest<M>): Promise<ApiResponse<M>> {
  const r = await current().invoke(method, args);
  if (!r.ok) throw new ClientError(r.error.code, r.error.message, r.error.details);
  return r.result as ApiResponse<M>;
}

export function onEvent<E extends ApiEventName>(event: E, cb: (payload: ApiEvents[E]) => void): () => void {
  return current().on(event, cb as (payload: unknown) => void);
}

/** Tests swap the transport. */
export function setTransport(t: BlueskyBridge | null): void {
  transport = t;
}

/**
 * A dropped file, or one chosen in the browser's file picker, reaches the core as its bytes: the page never names
 * a file on disk. Only the app's own open dialog (pickFiles) hands back paths the app then accepts.
 */
export async function fileInputOf(file: File): Promise<FileInput> {
  return { name: file.name, base64: await fileToBase64(file) };
}

/** Whether files are chosen in the app's open dialog (inside Electron) rather than the browser's picker. */
export function canPickFiles(): boolean {
  return typeof current().openFiles === 'function';
}

/** The app's open dialog; the files chosen (with their paths), or none when cancelled. */
export async function pickFiles(purpose: PickPurpose): Promise<PickedFile[]> {
  return (await current().openFiles?.(purpose)) ?? [];
}

/** How a file the core built reached the analyst. */
export type Delivery = { how: 'saved'; path: string } | { how: 'cancelled' } | { how: 'downloaded'; fileName: string };

/** Inside Electron the analyst picks where to save it; in a browser it is downloaded. */
export async function deliverFile(blob: FileBlob): Promise<Delivery> {
  const t = current();
  if (t.saveFile) {
    const path = await t.saveFile(blob.fileName, blob.base64);
    return path ? { how: 'saved', path } : { how: 'cancelled' };
  }
  saveBlob(blob);
  return { how: 'downloaded', fileName: blob.fileName };
}

/** Whether a saved file can be shown in its folder (only inside Electron). */
export function canShowInFolder(): boolean {
  return typeof current().showInFolder === 'function';
}

export async function showInFolder(path: string): Promise<boolean> {
  return (await current().showInFolder?.(path)) ?? false;
}
