// Inside the app, the page may hand the core only files its user chose in the app's own open dialog.
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { INVOKE_CHANNEL, registerIpc } from '../../main/electron/ipc';
import { PickedFiles } from '../../main/electron/pickedFiles';
import { OPEN_CHANNEL } from '../../main/electron/channels';
import { openFilesHandler, registerOpenFiles } from '../../main/electron/openFiles';
import { createApi } from '../../main/core/api';
import { openWorkspace } from '../../main/core/workspace';
import type { ApiImpl } from '../../shared/api';
import { xlsx } from '../fixtures/workbooks';
import { BOILER_HEADERS, boilerRows } from '../fixtures/ledgerRows';
import { suiteDir } from '../support/tmp';

// the preload's view of electron: what it exposes to the page, and what it sends over IPC
const exposed = vi.hoisted(() => ({ api: null as Record<string, (...a: unknown[]) => unknown> | null, sent: [] as unknown[][] }));
vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (_key: string, api: Record<string, (...a: unknown[]) => unknown>) => (exposed.api = api) },
  ipcRenderer: { invoke: (...args: unknown[]) => exposed.sent.push(args), on: () => {}, removeListener: () => {} },
}));

const APP_PAGE = 'app://bluesky/index.html';

/** One window's web contents, as the IPC handlers see it; `destroy` fires what closing the window fires. */
function fakeWindow(id: number, url = APP_PAGE) {
  const onDestroyed: (() => void)[] = [];
  return {
    // the handlers read only these fields of the real event
    event: { senderFrame: { url, parent: null }, sender: { id, once: (name: string, fn: () => void) => name === 'destroyed' && onDestroyed.push(fn) } } as never,
    destroy: () => onDestroyed.splice(0).forEach((fn) => fn()),
  };
}

/** A system dialog that "chooses" the given paths, or is cancelled with null. */
function fakeDialog(answer: () => string[] | null) {
  const shown: unknown[] = [];
  return {
    shown,
    dialog: {
      showOpenDialog: async (...args: unknown[]) => {
        shown.push(args.at(-1));
        const paths = answer();
        return { canceled: paths === null, filePaths: paths ?? [] };
      },
    },
  };
}

let dir: string;
let ledgerPath: string;
let otherPath: string;
const ws = openWorkspace(':memory:');
const core = createApi({ db: ws.db, file: ':memory:', clock: { now: () => new Date() }, user: 'tester' });
const reached: string[] = [];
// the core, recording which methods a request reached
const api = new Proxy(core, {
  get: (target, method: string) => (req: unknown) => {
    reached.push(method);
    return (target[method as keyof ApiImpl] as (r: unknown) => unknown)(req);
  },
}) as ApiImpl;

function wire(picked: PickedFiles) {
  let invoke: ((event: unknown, method: unknown, args: unknown) => Promise<{ ok: boolean; error?: { code: string; message: string }; result?: any }>) | null = null;
  registerIpc({ handle: (channel: string, fn: typeof invoke) => channel === INVOKE_CHANNEL && (invoke = fn) } as never, api, () => {}, picked);
  return invoke!;
}

beforeAll(async () => {
  dir = suiteDir('bluesky-open-');
  ledgerPath = path.join(dir, '盂县锅炉台账（9月）.xlsx');
  otherPath = path.join(dir, '别的文件.xlsx');
  const bytes = await xlsx({
    sheets: [{ name: '锅炉台账', titleRows: ['盂县2020年9月燃煤锅炉台账'], header: [...BOILER_HEADERS], rows: boilerRows({ county: '盂县', count: 9, seed: 3, period: '2020-09' }) }],
  });
  fs.writeFileSync(ledgerPath, bytes);
  fs.writeFileSync(otherPath, bytes);
});

describe('the open dialog', () => {
  it('returns what the user chose, with sizes, and only then lets the page import it', async () => {
    const picked = new PickedFiles();
    const invoke = wire(picked);
    const win = fakeWindow(7);
    const { dialog, shown } = fakeDialog(() => [ledgerPath]);
    const open = openFilesHandler({ dialog, window: () => null, picked, defaultDir: () => dir });

    reached.length = 0;
    const before = await invoke(win.event, 'imports.check', { files: [{ name: '盂县锅炉台账（9月）.xlsx', path: ledgerPath }] });
    expect(before).toMatchObject({ ok: false, error: { code: 'path_not_picked' } });
    expect(before.error!.message).toContain('只能读取在“选择文件”对话框中选中的文件');
    expect(before.error!.message).toContain(ledgerPath);
    expect(reached).toEqual([]);

    expect(await open(win.event, 'ledgers')).toEqual([{ name: '盂县锅炉台账（9月）.xlsx', path: ledgerPath, size: fs.statSync(ledgerPath).size }]);
    expect(shown[0]).toMatchObject({ title: '选择台账文件', properties: ['openFile', 'multiSelections'], defaultPath: dir });

    const after = await invoke(win.event, 'imports.check', { files: [{ name: '盂县锅炉台账（9月）.xlsx', path: ledgerPath }] });
    expect(after.ok).toBe(true);
    expect(after.result.submissions[0].rows.total).toBe(9);
    expect(reached).toEqual(['imports.check']);
    // the next dialog opens where the last file was
    await open(win.event, 'allocation');
    expect(shown[1]).toMatchObject({ title: '选择目标分解表', properties: ['openFile'], defaultPath: dir });
  });

  it('a chosen file opens nothing else: not another file, not a folder, not a device', async () => {
    const picked = new PickedFiles();
    const invoke = wire(picked);
    const win = fakeWindow(3);
    await openFilesHandler({ dialog: fakeDialog(() => [ledgerPath]).dialog, window: () => null, picked, defaultDir: () => dir })(win.event, 'ledgers');
    reached.length = 0;
    for (const args of [
      { files: [{ name: 'a.xlsx', path: ledgerPath }, { name: 'b.xlsx', path: otherPath }] },
      { files: [{ name: 'zero', path: '/dev/zero' }] },
      { files: [{ name: 'up', path: `${dir}${path.sep}..${path.sep}${path.basename(dir)}${path.sep}别的文件.xlsx` }] },
      { files: [{ name: 'case', path: ledgerPath.toUpperCase() }] },
    ]) {
      expect(await invoke(win.event, 'imports.check', args)).toMatchObject({ ok: false, error: { code: 'path_not_picked' } });
    }
    expect(await invoke(win.event, 'imports.returnWorkbook', { path: otherPath })).toMatchObject({ ok: false, error: { code: 'path_not_picked' } });
    expect(await invoke(win.event, 'allocations.import', { file: { name: 'x.xlsx', path: '/etc/passwd' } })).toMatchObject({ ok: false, error: { code: 'path_not_picked' } });
    expect(reached).toEqual([]);
  });

  it('keeps each window’s choices to itself and forgets them when the window closes', async () => {
    const picked = new PickedFiles();
    const invoke = wire(picked);
    const first = fakeWindow(1);
    const second = fakeWindow(2);
    await openFilesHandler({ dialog: fakeDialog(() => [ledgerPath]).dialog, window: () => null, picked, defaultDir: () => dir })(first.event, 'ledgers');
    const args = { files: [{ name: 'a.xlsx', path: ledgerPath }] };
    expect(await invoke(second.event, 'imports.check', args)).toMatchObject({ ok: false, error: { code: 'path_not_picked' } });
    expect((await invoke(first.event, 'imports.check', args)).ok).toBe(true);
    first.destroy();
    expect(await invoke(first.event, 'imports.check', args)).toMatchObject({ ok: false, error: { code: 'path_not_picked' } });
  });

  it('a cancelled dialog, a folder or a device chosen, an unknown purpose or another page: nothing is allowed', async () => {
    const picked = new PickedFiles();
    const win = fakeWindow(4);
    const open = (answer: () => string[] | null, purpose: unknown = 'ledgers', event: unknown = win.event) =>
      openFilesHandler({ dialog: fakeDialog(answer).dialog, window: () => null, picked, defaultDir: () => dir })(event as never, purpose);
    expect(await open(() => null)).toBeNull();
    expect(await open(() => [dir, '/dev/null'])).toEqual([]);
    expect(picked.has(4, dir) || picked.has(4, '/dev/null')).toBe(false);
    const { dialog, shown } = fakeDialog(() => [ledgerPath]);
    const handler = openFilesHandler({ dialog, window: () => null, picked, defaultDir: () => dir });
    expect(await handler(win.event, 'anything')).toBeNull();
    expect(await handler(fakeWindow(4, 'https://evil.example/').event, 'ledgers')).toBeNull();
    expect(shown).toHaveLength(0);
    expect(picked.has(4, ledgerPath)).toBe(false);
  });

  it('requests naming no file pass as before', async () => {
    const invoke = wire(new PickedFiles());
    const r = await invoke(fakeWindow(9).event, 'units.resolve', { name: '盂县' });
    expect(r).toMatchObject({ ok: true, result: { unit: '盂县' } });
  });

  it('is what the page gets instead of a dropped file’s path', async () => {
    await import('../../main/electron/preload');
    expect(Object.keys(exposed.api!).sort()).toEqual(['invoke', 'on', 'openFiles', 'saveFile', 'showInFolder']);
    exposed.api!.openFiles!('ledgers');
    expect(exposed.sent).toEqual([[OPEN_CHANNEL, 'ledgers']]);
    const handled: string[] = [];
    registerOpenFiles({ handle: (channel: string) => handled.push(channel) } as never, { dialog: fakeDialog(() => null).dialog, window: () => null, picked: new PickedFiles(), defaultDir: () => dir });
    expect(handled).toEqual([OPEN_CHANNEL]);
  });
});
