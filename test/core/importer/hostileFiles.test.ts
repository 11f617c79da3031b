// Files made to hang, exhaust or mislead the importer: each is refused with a message naming the file (and the
// sheet when there is one), through the fast reader and through the SheetJS fallback, and nothing is written.
import { describe, expect, it } from 'vitest';
import { ImportRefusal } from '../../../main/core/importer/refusal';
import { sheetJsReader } from '../../../main/core/importer/workbookReader';
import { defaultReader } from '../../../main/core/importer/xlsxReader';
import * as hostile from '../../fixtures/hostile';
import { DECL, handXlsx, NS, REL, sheet } from '../../fixtures/handXlsx';
import { BOILER_HEADERS, boilerRows } from '../../fixtures/ledgerRows';
import { xlsx } from '../../fixtures/workbooks';
import { readCentralDirectory } from '../../fixtures/zip';
import { check, imp, newWorkspace, tableCounts } from '../../support/importHarness';

/** What each reader makes of the bytes: the refusal's code and message, or 'read'. */
function refusals(bytes: Uint8Array, name = '台账.xlsx'): { fast: string; sheetJs: string } {
  const one = (read: () => unknown): string => {
    try {
      read();
      return 'read';
    } catch (err) {
      if (err instanceof ImportRefusal) return `${err.code}: ${err.message}`;
      throw err;
    }
  };
  return { fast: one(() => defaultReader.read(bytes, name)), sheetJs: one(() => sheetJsReader.read(bytes, name)) };
}

function bothRefuse(bytes: Uint8Array, code: string, message: RegExp): void {
  const r = refusals(bytes);
  for (const got of [r.fast, r.sheetJs]) {
    expect(got.startsWith(`${code}: `), got).toBe(true);
    expect(got).toMatch(message);
    expect(got).toContain('台账.xlsx');
  }
}

const row = (cells: string) => `<row r="1"><c r="A1" t="inlineStr"><is><t>县区</t></is></c>${cells}</row>`;

describe('addresses past Excel\'s grid are refused at once, naming the file and the sheet', () => {
  it.each([
    ['a cell at ZZZZZ99999999', sheet(row('<c r="ZZZZZ99999999"><v>1</v></c>'))],
    ['a cell one column past XFD', sheet(row('<c r="XFE1"><v>1</v></c>'))],
    ['a cell one row past 1,048,576', sheet(row('</row><row r="1048577"><c r="A1048577"><v>1</v></c>').replace('</row></row>', '</row>'))],
    ['a row numbered 99,999,999', sheet(`${row('')}<row r="99999999"><c><v>1</v></c></row>`)],
    ['a row number with twenty digits', sheet(`${row('')}<row r="99999999999999999999"><c><v>1</v></c></row>`)],
    ['a merge reaching row 99,999,999', { sheets: [{ name: 'Sheet1', xml: `<sheetData>${row('')}</sheetData><mergeCells count="1"><mergeCell ref="A1:B99999999"/></mergeCells>` }] }],
    ['a merge reaching column ZZZZZ', { sheets: [{ name: 'Sheet1', xml: `<sheetData>${row('')}</sheetData><mergeCells count="1"><mergeCell ref="A1:ZZZZZ1"/></mergeCells>` }] }],
    ['column widths set up to column 99,999,999', { sheets: [{ name: 'Sheet1', xml: `<cols><col min="1" max="99999999" width="9"/></cols><sheetData>${row('')}</sheetData>` }] }],
    ['a hyperlink over A1:ZZZZZ9999999', { sheets: [{ name: 'Sheet1', xml: `<sheetData>${row('')}</sheetData><hyperlinks><hyperlink ref="A1:ZZZZZ9999999" location="Sheet1!A1"/></hyperlinks>` }] }],
  ])('%s', (_label, book) => {
    bothRefuse(handXlsx(book), 'unreadable', /工作表“Sheet1”中的.*超出 Excel 的范围（最多 1,048,576 行、16,384 列）/);
  });

  it('a dimension past the grid is only a claim: the file reads', () => {
    const r = refusals(handXlsx({ sheets: [{ name: 'Sheet1', xml: `<dimension ref="A1:ZZZZZ99999999"/><sheetData>${row('')}</sheetData>` }] }));
    expect(r).toEqual({ fast: 'read', sheetJs: 'read' });
  });

  it('merges that together would fill the whole grid are refused before they are spread into the rows', () => {
    const rows = `${row('')}<row r="2000"><c r="XFD2000"><v>1</v></c></row>`;
    const merges = Array.from({ length: 4 }, (_, i) => `<mergeCell ref="A${i + 1}:XFD2000"/>`).join('');
    const bytes = handXlsx({ sheets: [{ name: '台账', xml: `<sheetData>${rows}</sheetData><mergeCells count="4">${merges}</mergeCells>` }] });
    const r = check(newWorkspace(), '合并.xlsx', bytes, { unit: '盂县', period: '2020-09' });
    expect(r.error).toMatchObject({ code: 'too_large', message: expect.stringContaining('工作表“台账”中合并单元格覆盖的范围合计超过 6,000,000 个单元格') });
  });
});

describe('DOCTYPE and entity declarations are refused, in any part, before any parser reads it', () => {
  const doctype = '<!DOCTYPE lol [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>';
  it.each([
    ['the worksheet', handXlsx({ sheets: [{ name: 'Sheet1', raw: true, xml: `${DECL}${doctype}<worksheet xmlns="${NS}" xmlns:r="${REL}"><sheetData>${row('')}</sheetData></worksheet>` }] })],
    ['the shared strings', handXlsx({ ...sheet('<row r="1"><c r="A1" t="s"><v>0</v></c></row>'), sstXml: `${DECL}${doctype}<sst xmlns="${NS}"><si><t>县区</t></si></sst>` })],
    ['a part no reader needs', handXlsx({ ...sheet(row('')), parts: { 'docProps/app.xml': `${DECL}<!DOCTYPE Properties SYSTEM "file:///etc/passwd"><Properties/>` } })],
  ])('in %s', (_label, bytes) => {
    bothRefuse(bytes, 'unreadable', /含有 Excel 工作簿中不允许的内容（“.+”中有 DOCTYPE 或实体声明）/);
  });

  it('in a "CSV" that is really markup, which SheetJS would read as a web page', () => {
    const bytes = Buffer.from(`<?xml version="1.0"?>${doctype}<html><table><tr><td>县区</td></tr><tr><td>&lol2;</td></tr></table></html>`, 'utf8');
    expect(refusals(bytes, '台账.csv').sheetJs).toMatch(/^unreadable: 文件“台账.csv”含有 Excel 工作簿中不允许的内容/);
  });
});

describe('a damaged worksheet is called damaged, not empty', () => {
  const good = `${DECL}<worksheet xmlns="${NS}" xmlns:r="${REL}"><dimension ref="A1:B2"/><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>县区</t></is></c><c r="B1"><v>1</v></c></row></sheetData><mergeCells count="1"><mergeCell ref="A1:B1"/></mergeCells></worksheet>`;
  it.each([
    ['cut short before its cells', good.slice(0, good.indexOf('<sheetData') - 5)],
    ['cut short inside its cells', good.slice(0, good.indexOf('<v>1') + 2)],
    ['cut short after its cells', good.slice(0, good.indexOf('<mergeCell ') + 8)],
    ['an element never closed', good.replace('</mergeCells>', '')],
    ['tags closed in the wrong order', good.replace('</sheetData><mergeCells count="1">', '<mergeCells count="1"></sheetData>')],
    ['garbage between elements', good.replace('<dimension', '\u0000\u0001<<dimension')],
  ])('%s', (_label, xml) => {
    const bytes = handXlsx({ sheets: [{ name: '锅炉台账', raw: true, xml }] });
    bothRefuse(bytes, 'unreadable', /工作表“锅炉台账”已损坏（.+），无法读取。请用 Excel 或 WPS 打开确认后重新保存/);
    const r = check(newWorkspace(), '台账.xlsx', bytes, { unit: '盂县', period: '2020-09' });
    expect(r.error!.message).not.toMatch(/没有任何数据/);
  });

  it('a cell pointing at a shared string that is not there', () => {
    const bytes = handXlsx({ ...sheet('<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>x</v></c></row>', { name: '锅炉台账' }), sst: ['<si><t>县区</t></si>'] });
    bothRefuse(bytes, 'unreadable', /工作表“锅炉台账”已损坏（内容无法解析）/);
  });

  it('the pristine sheet still reads', () => {
    expect(refusals(handXlsx({ sheets: [{ name: '锅炉台账', raw: true, xml: good }] }))).toEqual({ fast: 'read', sheetJs: 'read' });
  });
});

describe('a corrupt zip is not called password-protected', () => {
  async function ledger(): Promise<Buffer> {
    return xlsx({ sheets: [{ name: 'S', header: [...BOILER_HEADERS], rows: boilerRows({ county: '盂县', count: 5, seed: 3, period: '2020-09' }) }] });
  }

  it('an encryption flag in one header of one entry is damage', async () => {
    const bytes = await ledger();
    const e = readCentralDirectory(bytes).find((x) => /sheet1\.xml$/.test(x.name))!;
    bytes.writeUInt16LE(bytes.readUInt16LE(e.localOffset + 6) | 1, e.localOffset + 6);
    const r = refusals(bytes);
    expect(r.fast).toMatch(/^unreadable: .*已损坏/);
    expect(r.sheetJs).toMatch(/^unreadable: .*已损坏/);
  });

  it('an entry encrypted in both its headers is a password-protected package', async () => {
    const bytes = await ledger();
    const e = readCentralDirectory(bytes).find((x) => /sheet1\.xml$/.test(x.name))!;
    bytes.writeUInt16LE(bytes.readUInt16LE(e.cdOffset + 8) | 1, e.cdOffset + 8);
    bytes.writeUInt16LE(bytes.readUInt16LE(e.localOffset + 6) | 1, e.localOffset + 6);
    expect(refusals(bytes).sheetJs).toMatch(/^encrypted: .*设置了打开密码/);
  });

  it('truncations of a workbook, at every tenth of its length, are never "encrypted"', async () => {
    const bytes = await ledger();
    for (let k = 1; k < 10; k++) {
      const r = refusals(bytes.subarray(0, Math.floor((bytes.length * k) / 10)));
      expect(r.fast).toMatch(/^unreadable: /);
      expect(r.sheetJs).toMatch(/^unreadable: /);
    }
  });
});

describe('zip bombs are refused before they inflate, and with --unit and --period none of their rows is stored', () => {
  it.each([
    ['300 MB of rows in 1 MB, its sizes declared small', () => hostile.lyingBomb(), 'too_large', /解压后的大小与文件声明的不符/],
    ['300 MB of rows in 1 MB, declared honestly', () => hostile.ratioBomb(), 'too_large', /声明解压后是压缩数据的约 \d+ 倍.*疑似压缩炸弹/],
    ['two entries sharing their data', () => hostile.overlappingEntries(), 'unreadable', /内部部件互相重叠/],
    ['1.2 GB declared', () => hostile.zipBomb(), 'too_large', /解压后超过 1024 MB/],
  ])('%s', (_label, make, code, message) => {
    const bytes = make();
    bothRefuse(bytes, code, message);
    const ws = newWorkspace();
    const before = tableCounts(ws);
    const r = imp(ws, '盂县车辆淘汰台账.xlsx', bytes, { unit: '盂县', period: '2020-09' });
    expect(r.status).toBe('refused');
    expect(r.error).toMatchObject({ code, message: expect.stringMatching(message) });
    expect(tableCounts(ws)).toEqual(before);
  });
});

describe('every file is read and checked within a time bound', () => {
  it('a reader that never returns is stopped: the file is refused, nothing is written, and the next file imports', async () => {
    const ws = newWorkspace();
    const before = tableCounts(ws);
    const forever = { read: (): never => { for (;;) { /* a parser caught in a loop */ } } };
    const r = imp(ws, '盂县锅炉台账.xlsx', Buffer.from('PK'), { reader: forever, timeLimitMs: 300, unit: '盂县', period: '2020-09' });
    expect(r.status).toBe('refused');
    expect(r.error).toEqual({
      code: 'unreadable',
      message: '文件“盂县锅炉台账.xlsx”无法在限定时间（1 秒）内读取，可能已损坏或含有异常内容。请用 Excel 或 WPS 打开确认后重新保存，再重新导入。',
    });
    expect(tableCounts(ws)).toEqual(before);
    const ok = await xlsx({ sheets: [{ name: 'S', titleRows: ['盂县2020年9月锅炉台账'], header: [...BOILER_HEADERS], rows: boilerRows({ county: '盂县', count: 3, seed: 1, period: '2020-09' }) }] });
    expect(imp(ws, 'ok.xlsx', ok)).toMatchObject({ status: 'imported', rows: { total: 3 } });
  });
});
