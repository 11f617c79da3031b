// `npm run web`: the workstation in a browser, served over the loopback bridge.
import os from 'node:os';
import path from 'node:path';
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { systemClock } from '../core/api';
import { createWorkspaceSession } from '../core/workspaceSession';
import { createDemoWorkspace } from '../core/demo';
import { workerBuilder } from '../core/jobs/reportBuilder';
import { UI_WRITE_WAIT_MS } from '../core/machineErrors';
import { openWorkspace } from '../core/workspace';
import { defaultResources } from '../core/resources';
import { currentOsUser } from '../core/osUser';
import { PRODUCT_NAME } from '../../shared/version';
import { startBridge, type Bridge } from './server';
import { workerRunner } from '../core/jobs/importRunner';
import { createPdfPrinter } from '../cli/pdf/chromiumPdf';

const HELP = `用法：npm run web [-- --db PATH] [--port N]

在浏览器中打开工作台（浏览器模式）。不指定 --db 时使用内置演示工作区（每次启动重新生成）。
  --db PATH   打开指定的工作区文件（不存在时创建）
  --port N    监听端口（默认随机空闲端口）；只监听 127.0.0.1`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    args: process.argv.slice(2),
    options: { db: { type: 'string' }, port: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help) {
    process.stdout.write(`${HELP}\n`);
    return;
  }
  const root = path.dirname(defaultResources().seedsDir);
  const staticDir = path.join(root, 'dist', 'renderer');
  if (!fs.existsSync(path.join(staticDir, 'index.html'))) {
    throw new Error(`找不到已构建的界面 ${staticDir}，请先运行 npm run build:renderer（npm run web 会自动构建）。`);
  }
  const cwd = process.env.INIT_CWD ?? process.cwd();
  const ws = values.db
    ? openWorkspace(path.resolve(cwd, values.db), { create: true, busyTimeoutMs: UI_WRITE_WAIT_MS })
    : createDemoWorkspace(path.join(os.tmpdir(), 'bluesky-demo', 'demo-workspace.sqlite'), undefined, { assessments: true });
  let bridge: Bridge | null = null;
  // one Chromium kept open: a dossier PDF then takes seconds, not a browser start and a font load each time
  const pdfPrinter = createPdfPrinter();
  const user = currentOsUser();
  // a session, so that restoring a backup from the 设置 page can swap the open workspace
  const session = createWorkspaceSession({
    workspace: ws,
    context: (open) => ({
      db: open.db,
      file: open.file,
      clock: systemClock,
      user,
      // imports run in a worker thread so the bridge keeps answering (and streaming progress) meanwhile
      runner: workerRunner(open.file),
      reportBuilder: workerBuilder,
      // browser mode runs on a developer's machine: dossiers print through the same Chromium the tests use
      pdf: (html) => pdfPrinter.print(html),
      emit: (event, payload) => bridge?.emit(event, payload),
    }),
    reopen: (file) => openWorkspace(file, { busyTimeoutMs: UI_WRITE_WAIT_MS }),
  });
  const port = values.port ? Number(values.port) : 0;
  bridge = await startBridge({ api: session.api, staticDir, port });
  // the first briefing should not wait for ExcelJS, docx and ECharts to load
  workerBuilder.warm();
  pdfPrinter.warm().catch(() => undefined); // no Chromium: the PDF button says so when pressed
  process.stdout.write(`${PRODUCT_NAME}（浏览器模式）已启动：${bridge.url}\n`);
  process.stdout.write(`工作区：${ws.file}${values.db ? '' : '（演示工作区，每次启动重新生成）'}\n`);
  process.stdout.write('用浏览器打开上面的地址；按 Ctrl+C 退出。\n');
  const stop = async () => {
    await bridge?.close();
    await pdfPrinter.close();
    await session.close();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((err: unknown) => {
  process.stderr.write(`无法启动浏览器模式：${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
