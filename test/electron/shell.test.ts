import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { isAppUrl, resolveAppRequest, APP_ENTRY } from '../../main/electron/protocol';
import { hardenWebContents, mainWindowOptions } from '../../main/electron/window';
import { INVOKE_CHANNEL, isTrustedSender, registerIpc } from '../../main/electron/ipc';
import { createApi } from '../../main/core/api';
import { openWorkspace } from '../../main/core/workspace';

// Loading the real module under Node would try to download Electron; the shell's logic is tested against a stand-in.
vi.mock('electron', () => ({}));

const root = path.resolve('/opt/app/dist/renderer');

describe('the app scheme', () => {
  it('serves the renderer’s own files', () => {
    expect(resolveAppRequest(APP_ENTRY, 'GET', root)).toEqual({ ok: true, file: path.join(root, 'index.html') });
    expect(resolveAppRequest('app://bluesky/assets/index-abc.js', 'GET', root)).toEqual({ ok: true, file: path.join(root, 'assets', 'index-abc.js') });
    expect(resolveAppRequest('app://bluesky/', 'HEAD', root)).toEqual({ ok: true, file: path.join(root, 'index.html') });
  });

  it.each([
    'app://bluesky/../../etc/passwd',
    'app://bluesky/..%2f..%2fetc%2fpasswd',
    'app://bluesky/assets/..%5c..%5c..%5cwindows%5cwin.ini',
    'app://bluesky/%2e%2e/%2e%2e/secret',
    'app://bluesky/assets/%2e%2e%2f%2e%2e%2f%2e%2e%2fhome',
  ])('never reaches outside the renderer folder: %s', (url) => {
    const r = resolveAppRequest(url, 'GET', root);
    if (r.ok) expect(r.file.startsWith(root + path.sep)).toBe(true);
    else expect(r.status).toBe(403);
  });

  it('refuses encoded traversal outright', () => {
    expect(resolveAppRequest('app://bluesky/..%2f..%2fetc%2fpasswd', 'GET', root)).toEqual({ ok: false, status: 403 });
  });

  it.each([
    ['app://bluesky/a%00b.js', 400],
    ['app://bluesky/%E0%A4%A', 400],
    ['app://other/index.html', 404],
    ['https://bluesky/index.html', 404],
  ])('refuses %s with %s', (url, status) => {
    expect(resolveAppRequest(url, 'GET', root)).toEqual({ ok: false, status });
  });

  it('answers only GET and HEAD', () => {
    expect(resolveAppRequest(APP_ENTRY, 'POST', root)).toEqual({ ok: false, status: 405 });
  });

  it('recognizes its own pages and nothing else', () => {
    expect(isAppUrl('app://bluesky/index.html#/plan')).toBe(true);
    expect(isAppUrl('APP://BLUESKY/index.html')).toBe(true);
    for (const u of ['https://example.com', 'file:///etc/passwd', 'app://evil/index.html', 'javascript:alert(1)', 'not a url']) {
      expect(isAppUrl(u)).toBe(false);
    }
  });
});

describe('the main window', () => {
  it('runs the page isolated, sandboxed, without Node', () => {
    const opts = mainWindowOptions('/opt/app/dist/electron/preload.cjs');
    expect(opts.webPreferences).toMatchObject({
      preload: '/opt/app/dist/electron/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
    });
    expect(opts.title).toBe('蓝天督办工作台');
  });

  it('denies navigation away from the app, new windows and webviews', () => {
    const handlers = new Map<string, (e: { url?: string; preventDefault: () => void }) => void>();
    let openHandler: (() => { action: string }) | null = null;
    const contents = {
      on: (name: string, fn: (e: { url?: string; preventDefault: () => void }) => void) => handlers.set(name, fn),
      setWindowOpenHandler: (fn: () => { action: string }) => {
        openHandler = fn;
      },
    };
    hardenWebContents(contents as never);
    const attempt = (event: string, url?: string) => {
      const e = { url, preventDefault: vi.fn() };
      handlers.get(event)!(e);
      return e.preventDefault.mock.calls.length > 0;
    };
    expect(attempt('will-navigate', 'https://example.com/')).toBe(true);
    expect(attempt('will-navigate', 'app://bluesky/index.html#/settings')).toBe(false);
    expect(attempt('will-frame-navigate', 'file:///C:/Windows/')).toBe(true);
    expect(attempt('will-redirect', 'http://127.0.0.1:9/')).toBe(true);
    expect(attempt('will-attach-webview')).toBe(true);
    expect(openHandler!()).toEqual({ action: 'deny' });
  });
});

describe('IPC', () => {
  const ws = openWorkspace(':memory:');
  const api = createApi({ db: ws.db, file: ':memory:', clock: { now: () => new Date() }, user: 'tester' });
  const frame = (url: string, parent: unknown = null) => ({ senderFrame: { url, parent }, sender: { id: 1 } });

  it('trusts only the top frame of the app’s own page', () => {
    expect(isTrustedSender(frame('app://bluesky/index.html') as never)).toBe(true);
    expect(isTrustedSender(frame('app://bluesky/index.html', {}) as never)).toBe(false);
    expect(isTrustedSender(frame('https://evil.example/') as never)).toBe(false);
    expect(isTrustedSender({ senderFrame: null } as never)).toBe(false);
  });

  it('routes a trusted call through the validating dispatcher and refuses the rest', async () => {
    let handler: ((event: unknown, method: unknown, args: unknown) => Promise<unknown>) | null = null;
    const ipcMain = { handle: (channel: string, fn: typeof handler) => channel === INVOKE_CHANNEL && (handler = fn) };
    const log = vi.fn();
    registerIpc(ipcMain as never, api, log);
    const ok = (await handler!(frame('app://bluesky/index.html'), 'plan.get', {})) as { ok: boolean; result: { tasks: unknown[] } };
    expect(ok.ok).toBe(true);
    expect(ok.result.tasks).toHaveLength(22);
    expect(await handler!(frame('https://evil.example/'), 'plan.get', {})).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(log).toHaveBeenCalledOnce();
    expect(await handler!(frame('app://bluesky/index.html'), '__proto__', {})).toMatchObject({ ok: false, error: { code: 'unknown_method' } });
    expect(await handler!(frame('app://bluesky/index.html'), 'units.resolve', { name: 5 })).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
  });
});

describe('the build of the shell', () => {
  it('bundles main and preload as CommonJS; the sandboxed preload needs nothing but electron', async () => {
    const { spawnSync } = await import('node:child_process');
    const fs = await import('node:fs');
    const os = await import('node:os');
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'bluesky-shell-'));
    const r = spawnSync(process.execPath, [path.resolve('scripts/build-electron.mjs'), out], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(fs.readFileSync(path.join(out, 'package.json'), 'utf8'))).toEqual({ type: 'commonjs' });
    const requires = (file: string) => [...fs.readFileSync(path.join(out, file), 'utf8').matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1]);
    expect(new Set(requires('preload.cjs'))).toEqual(new Set(['electron']));
    const { builtinModules } = await import('node:module');
    const external = (file: string) => new Set(requires(file).filter((m) => !m!.startsWith('node:') && !builtinModules.includes(m!)));
    // native modules stay outside the bundle (N-API, so the same binary serves Node and Electron)
    expect(external('main.cjs')).toEqual(new Set(['electron', 'better-sqlite3', '@resvg/resvg-js']));
    // the workers run the core alone: no electron in them, and the report worker never opens the workspace
    expect(external('import-worker.cjs')).toEqual(new Set(['better-sqlite3']));
    expect(external('report-worker.cjs')).toEqual(new Set(['@resvg/resvg-js']));
    fs.rmSync(out, { recursive: true, force: true });
  });
});
