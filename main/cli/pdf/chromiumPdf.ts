// HTML → PDF through Debian's Chromium, for the CLI and browser mode (the Electron shell prints with its own
// webContents.printToPDF). Outside main/core: the core never imports playwright.
import { ApiError } from '../../../shared/api';
import fs from 'node:fs';
import type { Browser, chromium as Chromium } from 'playwright-core';
import { PDF_FOOTER_TEMPLATE, PDF_HEADER_TEMPLATE } from '../../core/reports/pdfPage';
import { DOSSIER_FONT_SAMPLE } from '../../core/reports/dossierHtml';
import { lazyRequire } from '../../core/lazyRequire';

export const DEFAULT_CHROMIUM = '/usr/bin/chromium';

/** The Chromium to print with: $BLUESKY_CHROMIUM, else /usr/bin/chromium; null when it is not there. */
export function chromiumPath(explicit?: string): string | null {
  const file = explicit || process.env.BLUESKY_CHROMIUM || DEFAULT_CHROMIUM;
  return fs.existsSync(file) ? file : null;
}

const LAUNCH_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];



function resolveChromium(explicit?: string): string {
  const wanted = explicit || process.env.BLUESKY_CHROMIUM || DEFAULT_CHROMIUM;
  const executablePath = chromiumPath(wanted);
  if (!executablePath) throw new ApiError('pdf_unavailable', `未找到 Chromium 浏览器（${wanted}），无法生成 PDF；请安装 chromium 或改为导出 .docx。`);
  return executablePath;
}

async function launch(executablePath: string): Promise<Browser> {
  // playwright loads only when a PDF is printed: a CLI command that prints none should not wait for it
  const { chromium } = lazyRequire<{ chromium: typeof Chromium }>('playwright-core');
  return chromium.launch({ executablePath, headless: true, args: LAUNCH_ARGS });
}

async function printWith(browser: Browser, html: string): Promise<Buffer> {
  const context = await browser.newContext({ locale: 'zh-CN', javaScriptEnabled: false, offline: true });
  try {
    const page = await context.newPage();
    await page.setContent(html, { waitUntil: 'load' });
    const pdf = await page.pdf({
      format: 'A4',
      printBackground: true,
      preferCSSPageSize: true,
      displayHeaderFooter: true,
      headerTemplate: PDF_HEADER_TEMPLATE,
      footerTemplate: PDF_FOOTER_TEMPLATE,
    });
    return Buffer.from(pdf);
  } finally {
    await context.close();
  }
}

/** Prints a self-contained HTML page to A4 PDF bytes, with "— N —" page numbers in the footer: one browser per call. */
export async function htmlToPdf(html: string, opts: { executablePath?: string } = {}): Promise<Buffer> {
  const browser = await launch(resolveChromium(opts.executablePath));
  try {
    return await printWith(browser, html);
  } finally {
    await browser.close();
  }
}

export interface PdfPrinter {
  print(html: string): Promise<Buffer>;
  /** Starts the browser and prints a page in the dossier's fonts, so the first real PDF does not pay for either. */
  warm(): Promise<void>;
  close(): Promise<void>;
}

/**
 * One Chromium kept open for a long-running process (browser mode): launched on first use, reused for every PDF,
 * relaunched if it went away, and closed after `idleMs` without a print so it does not hold memory for nothing.
 */
export function createPdfPrinter(opts: { executablePath?: string; idleMs?: number } = {}): PdfPrinter {
  const idleMs = opts.idleMs ?? 10 * 60_000;
  let browser: Promise<Browser> | null = null;
  let idle: NodeJS.Timeout | null = null;
  let busy = 0;
  const current = (): Promise<Browser> => {
    if (!browser) {
      const started = launch(resolveChromium(opts.executablePath));
      browser = started;
      started.then(
        (b) => b.on('disconnected', () => {
          if (browser === started) browser = null;
        }),
        () => {
          if (browser === started) browser = null;
        },
      );
    }
    return browser;
  };
  const closeNow = async () => {
    const open = browser;
    browser = null;
    if (open) await (await open.catch(() => null))?.close().catch(() => undefined);
  };
  const settle = () => {
    if (idle) clearTimeout(idle);
    idle = busy === 0 ? setTimeout(() => void closeNow(), idleMs) : null;
    idle?.unref();
  };
  const run = async (html: string): Promise<Buffer> => {
    busy++;
    if (idle) clearTimeout(idle);
    try {
      return await printWith(await current(), html);
    } finally {
      busy--;
      settle();
    }
  };
  return {
    print: run,
    async warm() {
      await run(DOSSIER_FONT_SAMPLE);
    },
    async close() {
      if (idle) clearTimeout(idle);
      await closeNow();
    },
  };
}
