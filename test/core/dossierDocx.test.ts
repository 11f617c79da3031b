import { describe, expect, it } from 'vitest';
import { buildDossierDocx } from '../../main/core/reports/dossierDocx';
import { renderDossierHtml } from '../../main/core/reports/dossierHtml';
import { dossierBlocks, titleLines } from '../../main/core/reports/dossierText';
import { ACCOUNTABILITY_CLAUSE, CLAUSE_14, CLAUSE_6, CLAUSE_9, GUIDANCE_CLAUSE, HOSTILE_NOTE, dossierData } from '../fixtures/dossierData';
import { unzipAll } from '../support/unzip';

const unzipDocx = unzipAll;

const xml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
/** A run's whole text, as docx writes it. */
const wholeRun = (text: string) => `<w:t xml:space="preserve">${xml(text)}</w:t>`;
const tableRows = (doc: string) => doc.split(/<w:tr[ >]/).slice(1);

describe('约谈材料 .docx', () => {
  it('has the title, the unit, the lagging targets and the deadline for rectification', async () => {
    const data = dossierData();
    const doc = unzipDocx(await buildDossierDocx(data)).get('word/document.xml')!;
    const lines = titleLines(data.title);
    expect(lines.join('')).toBe(data.title);
    for (const line of lines) expect(doc).toContain(xml(line));
    expect(doc).toContain('盂县人民政府（盂县）');
    expect(doc).toContain('__________（职务）');
    expect(doc).toContain('截至2020年9月30日，完成 4,800 亩，完成率 40.0%，低于时序进度 74.8% 34.8 个百分点，已连续 2 个月滞后。');
    expect(doc).toContain('12,000 亩（1.2万亩）');
    expect(doc).toContain('整改期限：2020年10月31日。');
    expect(doc).toContain('于2020年10月31日前');
    // issued 2020-10-08T17:30Z is the 9th in Beijing
    expect(doc).toContain('2020年10月9日');
    expect(doc).not.toContain('2020年10月8日');
  });

  it('quotes each breached clause verbatim, each paragraph of it in one run', async () => {
    const doc = unzipDocx(await buildDossierDocx(dossierData())).get('word/document.xml')!;
    expect(doc).toContain(wholeRun(`“${CLAUSE_14}”`));
    expect(doc).toContain(wholeRun(`“${CLAUSE_9}”`));
    const paras = CLAUSE_6.split('\n');
    expect(doc).toContain(wholeRun(`“${paras[0]}`));
    expect(doc).toContain(wholeRun(`“${paras[1]}`));
    expect(doc).toContain(wholeRun(`“${paras[2]}”`));
    expect(doc).toContain(wholeRun(`“${ACCOUNTABILITY_CLAUSE}”`));
    expect(doc).toContain(wholeRun(`“${GUIDANCE_CLAUSE}”`));
  });

  it('cites a task once however many of its targets lag', async () => {
    const data = dossierData();
    const mine = data.items[0]!;
    const twice = { ...data, items: [mine, { ...mine, target: { ...mine.target, id: 'T14-builtup-mines-closed', description: '关闭建成区及周边露天矿山' } }] };
    const doc = unzipDocx(await buildDossierDocx(twice)).get('word/document.xml')!;
    expect(doc.split(xml(CLAUSE_14)).length - 1).toBe(1);
  });

  it('shows every evidence row with its file, sheet and row number, and says how many more there are', async () => {
    const data = dossierData();
    const doc = unzipDocx(await buildDossierDocx(data)).get('word/document.xml')!;
    const rows = tableRows(doc);
    for (const e of data.items.flatMap((i) => i.evidence)) {
      const row = rows.find((r) => r.includes(xml(e.file)) && r.includes(`第${e.row}行`));
      expect(row, `${e.file} 第${e.row}行`).toBeDefined();
      expect(row).toContain(xml(e.sheet));
      if (e.holdsBack) expect(row).toContain('拖后腿');
    }
    expect(doc).toContain('另有 5 行，详见工作区台账（第14项目标“废弃露天矿山恢复治理”）');
    // what a submitter typed stays text
    expect(doc).toContain(xml(HOSTILE_NOTE));
    expect(doc).not.toContain('<script>');
  });

  it('lists the earlier warning, or says there was none', async () => {
    const data = dossierData();
    const rows = tableRows(unzipDocx(await buildDossierDocx(data)).get('word/document.xml')!);
    const warning = rows.find((r) => r.includes('2020年8月31日'));
    expect(warning).toContain('预警');
    expect(warning).toContain('整改中');
    const none = unzipDocx(await buildDossierDocx({ ...data, history: [] })).get('word/document.xml')!;
    expect(none).toContain('问责台账中没有对该单位的预警或问责记录。');
  });

  it('is typeset as an official document: A4, 仿宋 body, header rows that repeat, page numbers', async () => {
    const parts = unzipDocx(await buildDossierDocx(dossierData()));
    const doc = parts.get('word/document.xml')!;
    expect(doc).toMatch(/<w:pgSz w:w="11906" w:h="16838"/);
    expect(doc).toMatch(/<w:pgMar w:top="2098" w:right="1474" w:bottom="1984" w:left="1587"/);
    expect(doc).toMatch(/w:eastAsia="仿宋/);
    expect(doc).toMatch(/w:eastAsia="黑体"/);
    expect(doc).toMatch(/<w:spacing [^>]*w:line="580" w:lineRule="exact"/);
    // one repeated header row per table: progress, three evidence tables, history
    const tables = doc.split('<w:tbl>').length - 1;
    expect(tables).toBe(5);
    expect(doc.split('<w:tblHeader/>').length - 1).toBe(tables);
    const footer = [...parts.entries()].find(([name]) => /^word\/footer\d*\.xml$/.test(name))![1];
    expect(footer).toContain('PAGE');
    expect(footer).toContain('— ');
    // Word and WPS fall back from the GB2312 faces to the ones Windows ships
    expect(parts.get('word/fontTable.xml')).toContain('<w:font w:name="仿宋_GB2312"><w:altName w:val="仿宋"/>');
  });

  it('depends only on its data: creator and creation time come from the dossier, and a rebuild says the same', async () => {
    const data = dossierData();
    const a = unzipDocx(await buildDossierDocx(data));
    const b = unzipDocx(await buildDossierDocx(data));
    const core = a.get('docProps/core.xml')!;
    expect(core).toContain('<dc:creator>市大气办 张磊</dc:creator>');
    expect(core).toContain('<dcterms:created xsi:type="dcterms:W3CDTF">2020-10-08T17:30:00Z</dcterms:created>');
    expect(b.get('docProps/core.xml')).toBe(core);
    expect(b.get('word/document.xml')).toBe(a.get('word/document.xml'));
  });

  it('says the same words in the same order as the HTML the PDF is printed from', async () => {
    const data = dossierData();
    const doc = unzipDocx(await buildDossierDocx(data)).get('word/document.xml')!;
    const unescape = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');
    const docxText = [...doc.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => unescape(m[1]!)).join('');
    const html = renderDossierHtml(data);
    const body = html.slice(html.indexOf('<body>'), html.indexOf('</body>'));
    const htmlText = unescape(body.replace(/\n/g, '').replace(/<[^>]*>/g, ''));
    expect(docxText).toContain(CLAUSE_14);
    expect(htmlText).toBe(docxText);
  });

  it('lays every table out on the 156 mm text width', () => {
    for (const block of dossierBlocks(dossierData())) {
      if (block.kind === 'table') expect(block.columns.reduce((w, c) => w + c.widthMm, 0)).toBe(156);
    }
  });
});
