// The Electron shell: lifecycle, window, menu. Everything else is the core behind IPC.
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { app, BrowserWindow, dialog, ipcMain, Menu, net, protocol, session, shell } from 'electron';
import { systemClock } from '../core/api';
import { UI_WRITE_WAIT_MS } from '../core/machineErrors';
import { createWorkspaceSession, type WorkspaceSession } from '../core/workspaceSession';
import { recoveryHint } from '../core/backup/backupFolder';
import { openWorkspace, type Workspace } from '../core/workspace';
import { createDemoWorkspace } from '../core/demo';
import { defaultResources, type Resources } from '../core/resources';
import { currentOsUser } from '../core/osUser';
import { APP_VERSION, PRODUCT_NAME } from '../../shared/version';
import { registerIpc, sendEvent } from './ipc';
import { workerRunner } from '../core/jobs/importRunner';
import { workerBuilder } from '../core/jobs/reportBuilder';
import { printToPdf } from './printToPdf';
import { registerSaveFile } from './saveFile';
import { registerOpenFiles } from './openFiles';
import { PickedFiles } from './pickedFiles';
import { APP_ENTRY, APP_SCHEME, CONTENT_SECURITY_POLICY, resolveAppRequest } from './protocol';
import { hardenWebContents, mainWindowOptions } from './window';
import { buildMenu } from './menu';

// An ASCII data folder: a Chinese productName would otherwise name it, and old native code trips on that.
const dataDir = path.join(app.getPath('appData'), 'bluesky-workstation');
fs.mkdirSync(dataDir, { recursive: true });
app.setPath('userData', dataDir);
app.enableSandbox();
// date fields read 年/月/日 and built-in texts are Chinese even on a Windows set to another display language
app.commandLine.appendSwitch('lang', 'zh-CN');

protocol.registerSchemesAsPrivileged([
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } },
]);

function resources(): Resources {
  return app.isPackaged
    ? { seedsDir: path.join(process.resourcesPath, 'seeds'), migrationsDir: path.join(process.resourcesPath, 'migrations') }
    : defaultResources();
}

const rendererRoot = path.join(__dirname, '..', 'renderer');
const log = (message: string, err?: unknown) => console.error(message, err ?? '');

function serveApp(): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const r = resolveAppRequest(request.url, request.method, rendererRoot);
    if (!r.ok) return new Response(null, { status: r.status });
    const res = await net.fetch(pathToFileURL(r.file).toString());
    const headers = new Headers(res.headers);
    headers.set('Content-Security-Policy', CONTENT_SECURITY_POLICY);
    headers.set('X-Content-Type-Options', 'nosniff');
    return new Response(res.body, { status: res.status, headers });
  });
}

let workspace: Workspace | null = null;
let workspaceSession: WorkspaceSession | null = null;

async function start(): Promise<void> {
  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  session.defaultSession.setPermissionCheckHandler(() => false);
  app.on('web-contents-created', (_e, contents) => hardenWebContents(contents));
  serveApp();

  // `npm start` (unpackaged) opens the demo workspace a newcomer should see; the installed app opens the office's own
  const explicit = process.argv.find((a) => a.startsWith('--workspace='))?.slice('--workspace='.length);
  const demo = !app.isPackaged && !explicit;
  const file = explicit ? path.resolve(explicit) : demo ? path.join(dataDir, 'demo', 'demo-workspace.sqlite') : path.join(dataDir, 'workspace', 'bluesky-workspace.sqlite');
  try {
    workspace = demo ? createDemoWorkspace(file, resources(), { assessments: true }) : openWorkspace(file, { create: true, resources: resources(), busyTimeoutMs: UI_WRITE_WAIT_MS });
  } catch (err) {
    dialog.showErrorBox(PRODUCT_NAME, `无法打开工作区 ${file}：${err instanceof Error ? err.message : String(err)}\n\n${recoveryHint(file)}`.trim());
    app.exit(1);
    return;
  }
  const win = new BrowserWindow(mainWindowOptions(path.join(__dirname, 'preload.cjs')));
  const picked = new PickedFiles();
  const user = currentOsUser();
  // a session, so that restoring a backup from the 设置 page can swap the open workspace
  workspaceSession = createWorkspaceSession({
    workspace,
    context: (open) => ({
      db: open.db,
      file: open.file,
      clock: systemClock,
      user,
      resources: resources(),
      runner: workerRunner(open.file),
      reportBuilder: workerBuilder,
      pdf: printToPdf,
      emit: (event, payload) => sendEvent(win.webContents, event, payload),
    }),
    reopen: (f) => openWorkspace(f, { resources: resources(), busyTimeoutMs: UI_WRITE_WAIT_MS }),
  });
  registerIpc(ipcMain, workspaceSession.api, log, picked);
  registerOpenFiles(ipcMain, { dialog, window: () => (win.isDestroyed() ? null : win), picked, defaultDir: () => app.getPath('documents') });
  registerSaveFile(ipcMain, { dialog, shell, window: () => (win.isDestroyed() ? null : win), defaultDir: () => app.getPath('documents') });
  Menu.setApplicationMenu(buildMenu({ isPackaged: app.isPackaged, version: APP_VERSION, workspacePath: workspace.file }));
  win.once('ready-to-show', () => win.show());
  await win.loadURL(APP_ENTRY);
  // the first briefing should not wait for ExcelJS, docx and ECharts to load
  workerBuilder.warm();
}

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => {
    const [win] = BrowserWindow.getAllWindows();
    if (win) {
      if (win.isMinimized()) win.restore();
      win.focus();
    }
  });
  app.whenReady().then(start, (err: unknown) => log('启动失败', err));
  app.on('window-all-closed', () => {
    // not awaited: quitting does not wait for an import in hand, whose transaction SQLite then rolls back
    if (workspaceSession) void workspaceSession.close();
    else workspace?.db.close();
    workspaceSession = null;
    workspace = null;
    app.quit();
  });
}

