// HTML → PDF through Debian's Chromium, for the CLI and browser mode (the Electron shell prints with its own
// webContents.printToPDF). Outside main/core: the core never imports playwright.
import { ApiError } from '../../../shared/api';
import fs from 'node:fs';
import { PDF_FOOTER_TEMPLATE, PDF_HEADER_TEMPLATE } from '../../core/reports/pdfPage';

export const DEFAULT_CHROMIUM = '/usr/bin/chromium';

/** The Chromium to print with: $BLUESKY_CHROMIUM, else /usr/bin/chromium; null when it is not there. */
export function chromiumPath(explicit?: string): string | null {
  const file = explicit || process.env.BLUESKY_CHROMIUM || DEFAULT_CHROMIUM;
  return fs.existsSync(file) ? file : null;
}

/** Prints a self-contained HTML page to A4 PDF bytes, with "— N —" page numbers in the footer. */
export async function htmlToPdf(html: string, opts: { executablePath?: string } = {}): Promise<Buffer> {
  const wanted = opts.executablePath || process.env.BLUESKY_CHROMIUM || DEFAULT_CHROMIUM;
  const executablePath = chromiumPath(wanted);
  if (!executablePath) throw new ApiError('pdf_unavailable', `未找到 Chromium 浏览器（${wanted}），无法生成 PDF；请安装 chromium 或改为导出 .docx。`);
  // playwright loads only when a PDF is printed: a CLI command that prints none should not wait for it
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({
    executablePath,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    const context = await browser.newContext({ locale: 'zh-CN', javaScriptEnabled: false, offline: true });
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
    await browser.close();
  }
}
