import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { inject } from 'vitest';
import { createWorkspaceSession, type WorkspaceSession } from '../../main/core/workspaceSession';
import { openWorkspace, type Workspace } from '../../main/core/workspace';
import { demoWorkspace } from '../support/demoWorkspace';
import { startBridge, type Bridge } from '../../main/bridge/server';
import { workerRunner } from '../../main/core/jobs/importRunner';
import { inlineBuilder } from '../../main/core/jobs/reportBuilder';

export const SCREENSHOT_DIR = path.resolve(import.meta.dirname, '..', '..', 'test-output', 'screenshots');

export interface AppUnderTest {
  page: Page;
  bridge: Bridge;
  /** The workspace as opened; after a restore, session.current() is the one in use. */
  ws: Workspace;
  session: WorkspaceSession;
  consoleErrors: string[];
  screenshot(name: string): Promise<string>;
  close(): Promise<void>;
}

/**
 * A temp workspace behind the real bridge, with the production renderer open in Debian's Chromium.
 * demo: the demo ledgers; assessments (with demo): also August and September saved, August's proposals confirmed.
 */
export async function openApp(
  opts: { prepare?: (ws: Workspace) => void; demo?: boolean; assessments?: boolean; fileName?: string } = {},
): Promise<AppUnderTest> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bluesky-e2e-'));
  const ws = opts.demo
    ? demoWorkspace(path.join(dir, opts.fileName ?? 'demo.sqlite'), opts.assessments ? { assessments: true } : {})
    : openWorkspace(path.join(dir, opts.fileName ?? 'ws.sqlite'), { create: true });
  opts.prepare?.(ws);
  let bridge: Bridge | null = null;
  // as in browser mode: a session, so that restoring a backup swaps the open workspace
  const session = createWorkspaceSession({
    workspace: ws,
    context: (open) => ({
      db: open.db,
      file: open.file,
      clock: { now: () => new Date('2020-10-08T09:00:00+08:00') },
      user: '测试分析员',
      runner: workerRunner(open.file),
      reportBuilder: inlineBuilder,
      // dossiers print to PDF through Debian's Chromium, as in browser mode
      pdf: async (html) => (await import('../../main/cli/pdf/chromiumPdf')).htmlToPdf(html),
      emit: (event, payload) => bridge?.emit(event, payload),
    }),
    reopen: (file) => openWorkspace(file),
  });
  bridge = await startBridge({ api: session.api, staticDir: inject('rendererDir'), log: () => {} });
  const browser: Browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN', deviceScaleFactor: 1 });
  const page = await context.newPage();
  const consoleErrors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') consoleErrors.push(m.text());
  });
  page.on('pageerror', (e) => consoleErrors.push(e.message));
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const live = bridge;
  return {
    page,
    bridge: live,
    ws,
    session,
    consoleErrors,
    async screenshot(name) {
      const file = path.join(SCREENSHOT_DIR, `${name}.png`);
      await page.screenshot({ path: file, fullPage: false });
      return file;
    },
    async close() {
      await browser.close();
      await bridge.close();
      await session.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
