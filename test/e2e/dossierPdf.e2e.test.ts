import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { beforeAll, describe, expect, it } from 'vitest';
import { createPdfPrinter, htmlToPdf } from '../../main/cli/pdf/chromiumPdf';
import { renderDossierHtml } from '../../main/core/reports/dossierHtml';
import { titleLines } from '../../main/core/reports/dossierText';
import { dossierData } from '../fixtures/dossierData';

const OUT = path.resolve(import.meta.dirname, '..', '..', 'test-output', 'dossier');
const PDF = path.join(OUT, 'dossier.pdf');

let pdf: Buffer;

beforeAll(async () => {
  fs.rmSync(OUT, { recursive: true, force: true });
  fs.mkdirSync(OUT, { recursive: true });
  pdf = await htmlToPdf(renderDossierHtml(dossierData()), { executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium' });
  fs.writeFileSync(PDF, pdf);
});

describe('约谈材料 printed to PDF through Chromium', () => {
  it('is an A4 PDF of several pages', () => {
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const info = execFileSync('pdfinfo', [PDF], { encoding: 'utf8' });
    const size = /Page size:\s+([\d.]+) x ([\d.]+) pts/.exec(info);
    expect(size).not.toBeNull();
    expect(Math.round(Number(size![1]))).toBe(595);
    expect(Math.round(Number(size![2]))).toBe(842);
    expect(Number(/Pages:\s+(\d+)/.exec(info)![1])).toBeGreaterThanOrEqual(2);
  });

  it('carries its Chinese text as text, with the deadline and page numbers', () => {
    const text = execFileSync('pdftotext', ['-layout', PDF, '-'], { encoding: 'utf8' });
    for (const line of titleLines(dossierData().title)) expect(text).toContain(line);
    expect(text).toContain('整改期限：2020年10月31日。');
    expect(text).toMatch(/—\s*1\s*—/);
    expect(text).toMatch(/—\s*2\s*—/);
  });

  it('renders pages that are not blank', () => {
    execFileSync('pdftoppm', ['-png', '-r', '50', PDF, path.join(OUT, 'page')]);
    const pages = fs.readdirSync(OUT).filter((f) => /^page-\d+\.png$/.test(f)).sort();
    expect(pages.length).toBeGreaterThanOrEqual(2);
    // an empty A4 page at 50 dpi compresses to well under 2 KB; a page of Chinese text to tens of KB
    expect(fs.statSync(path.join(OUT, pages[0]!)).size).toBeGreaterThan(15_000);
  });

  it('says plainly when Chromium is missing', async () => {
    await expect(htmlToPdf('<p>x</p>', { executablePath: '/nonexistent/chromium' })).rejects.toThrow(
      '未找到 Chromium 浏览器（/nonexistent/chromium），无法生成 PDF；请安装 chromium 或改为导出 .docx。',
    );
  });

  it('in browser mode, one kept-open Chromium prints dossier after dossier, and starts again after it was closed', async () => {
    const printer = createPdfPrinter({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium' });
    try {
      await printer.warm();
      const html = renderDossierHtml(dossierData());
      const [a, b] = await Promise.all([printer.print(html), printer.print(html)]);
      for (const one of [a, b]) {
        const file = path.join(OUT, 'kept-open.pdf');
        fs.writeFileSync(file, one);
        expect(execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' })).toContain('整改期限：2020年10月31日。');
      }
      await printer.close();
      expect((await printer.print('<p>关闭后再次打印</p>')).subarray(0, 5).toString('latin1')).toBe('%PDF-');
    } finally {
      await printer.close();
    }
  });

  it('a kept-open printer without Chromium says so on each print', async () => {
    const printer = createPdfPrinter({ executablePath: '/nonexistent/chromium' });
    await expect(printer.print('<p>x</p>')).rejects.toThrow('未找到 Chromium 浏览器（/nonexistent/chromium）');
    await printer.close();
  });
});
