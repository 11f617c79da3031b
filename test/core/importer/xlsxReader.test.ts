// The fast .xlsx reader must return exactly what the SheetJS reader returns, or say Unsupported and let
// defaultReader hand the file to SheetJS; refusals are the same either way.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import * as XLSX from 'xlsx';
import { describe, expect, it } from 'vitest';
import { ImportRefusal } from '../../../main/core/importer/refusal';
import { sheetJsReader, type WorkbookData } from '../../../main/core/importer/workbookReader';
import { defaultReader, fastXlsxReader, fastXlsxReaderWith, Unsupported } from '../../../main/core/importer/xlsxReader';
import * as hostile from '../../fixtures/hostile';
import { mulberry32 } from '../../fixtures/ids';
import {
  BOILER_HEADERS, INDICATOR_HEADERS, MILESTONE_HEADERS, MINE_HEADERS, PERMIT_HEADERS, VEHICLE_HEADERS,
  boilerRows, indicatorRow, milestoneRow, mineRows, permitRows, utcDate, vehicleRows,
} from '../../fixtures/ledgerRows';
import { csv, hasLibreOffice, sumFormula, xls, xlsx, type Cell, type DateStyle, type SheetSpec } from '../../fixtures/workbooks';
import { DECL, handXlsx, NS, REL, sheet } from '../../fixtures/handXlsx';
import { deflateEntry, readCentralDirectory, writeZip } from '../../fixtures/zip';

const root = path.resolve(import.meta.dirname, '..', '..', '..');

// ---------------------------------------------------------------------------
// comparing

type Outcome = { data: unknown } | { refusal: string };

/** Sets and merge order are not part of the contract: hidden rows as sorted arrays, merges sorted. */
function normalize(w: WorkbookData): unknown {
  return {
    ...w,
    sheets: w.sheets.map((s) => ({
      ...s,
      hiddenRows: [...s.hiddenRows].sort((a, b) => a - b),
      merges: [...s.merges].sort((a, b) => a.s.r - b.s.r || a.s.c - b.s.c || a.e.r - b.e.r || a.e.c - b.e.c),
    })),
  };
}

function outcome(read: () => WorkbookData): Outcome {
  try {
    return { data: normalize(read()) };
  } catch (err) {
    if (err instanceof ImportRefusal) return { refusal: err.code };
    throw err;
  }
}

/**
 * defaultReader always equals SheetJS; the fast reader equals it too ('same') or throws Unsupported ('unsupported').
 * Refusals must agree in code.
 */
function compare(bytes: Uint8Array, name = 'ledger.xlsx'): 'same' | 'unsupported' {
  const expected = outcome(() => sheetJsReader.read(bytes, name));
  expect(outcome(() => defaultReader.read(bytes, name))).toStrictEqual(expected);
  let fast: Outcome;
  try {
    fast = outcome(() => fastXlsxReader.read(bytes, name));
  } catch (err) {
    if (err instanceof Unsupported) return 'unsupported';
    throw err;
  }
  expect(fast).toStrictEqual(expected);
  // scanned as it inflates, a few bytes at a time: the same rows, or left to SheetJS too
  let streamed: Outcome | null = null;
  try {
    streamed = outcome(() => streamingReader.read(bytes, name));
  } catch (err) {
    if (!(err instanceof Unsupported)) throw err;
  }
  if (streamed) expect(streamed).toStrictEqual(expected);
  return 'same';
}

/** The fast reader scanning every worksheet piece by piece, the pieces cut from 7 compressed bytes each. */
const streamingReader = fastXlsxReaderWith({ streamAboveBytes: 0, pieceBytes: 7 });

function expectSame(bytes: Uint8Array, name = 'ledger.xlsx'): void {
  expect(compare(bytes, name)).toBe('same');
}

// ---------------------------------------------------------------------------
// hand-written packages (test/fixtures/handXlsx.ts), for XML no library writes

/** cellXfs 0 General, then one xf per format id below (custom formats 164+ defined in numFmts). */
const FORMAT_IDS = [14, 9, 164, 165, 166, 31, 58, 49, 10, 22, 167, 168, 56, 500, 0];
const STYLES =
  '<numFmts count="6">' +
  '<numFmt numFmtId="164" formatCode="yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;"/>' +
  '<numFmt numFmtId="165" formatCode="[$-804]yyyy/m/d"/>' +
  '<numFmt numFmtId="166" formatCode="0.0%"/>' +
  '<numFmt numFmtId="167" formatCode="#,##0.00_ ;[Red]\\-#,##0.00\\ "/>' +
  '<numFmt numFmtId="168" formatCode="d.m"/>' +
  '<numFmt numFmtId="500" formatCode="yyyy-mm-dd hh:mm"/>' +
  '</numFmts>' +
  '<fonts count="1"><font><sz val="11"/><name val="宋体"/></font></fonts>' +
  '<fills count="1"><fill><patternFill patternType="none"/></fill></fills>' +
  '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>' +
  '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
  `<cellXfs count="${FORMAT_IDS.length + 1}"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>` +
  FORMAT_IDS.map((id) => `<xf numFmtId="${id}" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>`).join('') +
  '</cellXfs>';

const THEME =
  '<a:theme xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" name="Office"><a:themeElements><a:clrScheme name="Office">' +
  '<a:dk1><a:sysClr val="windowText" lastClr="000000"/></a:dk1><a:lt1><a:sysClr val="window" lastClr="FFFFFF"/></a:lt1>' +
  ['1F497D', 'EEECE1', '4F81BD', 'C0504D', '9BBB59', '8064A2', '4BACC6', 'F79646', '0000FF', '800080']
    .map((rgb, i) => {
      const slot = ['dk2', 'lt2', 'accent1', 'accent2', 'accent3', 'accent4', 'accent5', 'accent6', 'hlink', 'folHlink'][i]!;
      return `<a:${slot}><a:srgbClr val="${rgb}"/></a:${slot}>`;
    })
    .join('') +
  '</a:clrScheme><a:fontScheme name="Office"></a:fontScheme><a:fmtScheme name="Office"></a:fmtScheme></a:themeElements></a:theme>';

/** A one-cell workbook with a theme and the given fonts in its styles. */
function themed(theme: string, fonts: string): Buffer {
  return handXlsx({
    ...sheet('<row r="1"><c r="A1" s="1"><v>44104</v></c></row>'),
    styles: `<fonts count="1">${fonts}</fonts><cellXfs count="2"><xf numFmtId="0" fontId="0"/><xf numFmtId="14" fontId="0"/></cellXfs>`,
    parts: { 'xl/theme/theme1.xml': theme },
    overrides: '<Override PartName="/xl/theme/theme1.xml" ContentType="application/vnd.openxmlformats-officedocument.theme+xml"/>',
  });
}

// ---------------------------------------------------------------------------
// workbooks from the fixture generators

const d = utcDate;
const DATE_STYLES: DateStyle[] = ['date', 'serial', 'dotted', 'slashed', 'chinese', 'month', 'monthEnd'];

function messySheet(): SheetSpec {
  const rows = boilerRows({ county: '盂县', count: 12, seed: 7, period: '2020-09' });
  const spec: SheetSpec = {
    name: '锅炉台账',
    titleRows: ['盂县2020年9月燃煤锅炉台账', '填报单位：盂县大气办'],
    header: {
      groups: [
        { text: '县区', span: 1 }, { text: '单位', span: 2 }, { text: '锅炉编号', span: 1 }, { text: '燃料类型', span: 1 },
        { text: '额定蒸发量（蒸吨/小时）', span: 1 }, { text: '用途', span: 1 }, { text: '状态', span: 1 }, { text: '淘汰时间', span: 1 },
        { text: '低氮改造', span: 2 }, { text: '改造后氮氧化物浓度（mg/m³）', span: 1 }, { text: '备注', span: 1 },
      ],
      sub: ['单位名称', '统一社会信用代码', '是否完成', '完成时间'],
    },
    rows,
    mergeDown: [{ col: 0, from: 0, to: 5 }, { col: 6, from: 2, to: 4 }],
    hiddenRows: [3, 8],
    blankRowsAfter: [5],
    serialColumn: true,
    numbersAsText: [5, 11],
    notes: ['注：本表由县大气办汇总。', '联系人：张三  0353-1234567'],
  };
  spec.totalRow = { label: '合计', values: { 5: sumFormula(spec, 5) } };
  return spec;
}

function dateStyleSheet(style: DateStyle): SheetSpec {
  const rows: Cell[][] = [0, 1, 2, 3].map((i) => [`第${i + 1}项`, d(2020, 9, 1 + i * 7), d(2019, 12, 31 - i), i * 1.5]);
  return { name: `日期-${style}`, header: ['事项', '完成日期', '开始日期', '数值'], rows, dateStyle: { 1: style, 2: style } };
}

const ledgerSpecs: [string, () => SheetSpec[]][] = [
  ['mine', () => [{ name: '露天矿山', titleRows: ['盂县露天矿山综合整治台账'], header: [...MINE_HEADERS], rows: mineRows({ county: '盂县', count: 25, seed: 1, period: '2020-09' }) }]],
  ['boiler', () => [{ name: '锅炉', header: [...BOILER_HEADERS], rows: boilerRows({ county: '平定县', count: 25, seed: 2, period: '2020-09' }) }]],
  ['vehicle', () => [{ name: '车辆', header: [...VEHICLE_HEADERS], rows: vehicleRows({ county: '郊区', count: 40, seed: 3, period: '2020-09' }) }]],
  ['permit', () => [{ name: '排污许可', header: [...PERMIT_HEADERS], rows: permitRows({ county: '城区', count: 25, seed: 4, period: '2020-08' }) }]],
  [
    'indicator',
    () => [{
      name: '指标',
      header: [...INDICATOR_HEADERS],
      rows: [
        indicatorRow('市生态环境局', 'PM2.5平均浓度', '2020年9月', 41.5, '微克/立方米'),
        indicatorRow('市生态环境局', '优良天数比例', d(2020, 9, 30), '71.2%', '%', '截至9月底'),
        indicatorRow('市工信局', '焦化产能', '2020-09', 1_250_000, '吨'),
      ],
    }],
  ],
  [
    'milestone',
    () => [{
      name: '销号',
      header: [...MILESTONE_HEADERS],
      rows: [
        milestoneRow('T01', '盂县', '已完成', d(2020, 9, 15), '阳环办发〔2020〕45号'),
        milestoneRow('T02', '平定县', '推进中', null, null, '预计10月完成'),
        milestoneRow('T03', '郊区', '未启动', '2020年10月底', null),
      ],
    }],
  ],
  ['two sheets, one hidden', () => [messySheet(), { name: '填报说明', hidden: true, header: ['说明'], rows: [['请如实填报'], ['“状态”按在用、停用填写']] }]],
  ['every date style', () => DATE_STYLES.map(dateStyleSheet)],
  ['messy layout', () => [messySheet()]],
];

describe('the fast .xlsx reader returns what the SheetJS reader returns', () => {
  it.each(ledgerSpecs)('fixture workbook: %s', async (_label, sheets) => {
    expectSame(await xlsx({ sheets: sheets() }));
  });

  it('hostile but readable fixtures', async () => {
    expectSame(await hostile.emptyWorkbook());
    expectSame(await hostile.protoHeaders());
    expectSame(await hostile.unrecognizedHeaders());
    // cells without r, rows without r, an inline-string header
    expectSame(hostile.manyCells(2000, 30));
  });

  it('every .xlsx under seeds/demo', () => {
    const dir = path.join(root, 'seeds', 'demo');
    const files = fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.xlsx'));
    expect(files.length).toBeGreaterThan(40);
    for (const f of files) expectSame(fs.readFileSync(path.join(dir, f)), path.basename(f));
  });

  it('ExcelJS workbooks with rich text, booleans, errors, formulas, percent and Chinese date formats, notes and links', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('台账');
    ws.addRow(['县区', '名称', '完成', '比例', '日期1', '日期2', '错误', '公式', '链接']);
    ws.addRow(['盂县', { richText: [{ text: '宏达', font: { bold: true } }, { text: '焦化' }, { text: '有限公司', font: { color: { argb: 'FFFF0000' } } }] }, true, 0.143, d(2020, 9, 30), d(2020, 8, 1), { error: '#N/A' }, { formula: 'D2*100', result: 14.3 }, { text: '附件', hyperlink: 'http://example.com/a' }]);
    ws.addRow(['平定县', '  前后空格  ', false, 1, d(2020, 1, 1), d(2020, 12, 31), { error: '#DIV/0!' }, { formula: 'B3&"x"', result: '  前后空格  x' }, null]);
    ws.addRow(['郊区', 'a & b <c> "d"', null, 0.5, 44104, 44105, { error: '#VALUE!' }, { formula: 'SUM(D2:D4)' }, null]);
    ws.getColumn(4).numFmt = '0.0%';
    ws.getColumn(5).numFmt = 'yyyy"年"m"月"d"日"';
    ws.getColumn(6).numFmt = '[$-804]yyyy/m/d';
    ws.getCell('J2').value = 0.25;
    ws.getCell('J2').numFmt = '0%';
    ws.getCell('K2').value = 12345.678;
    ws.getCell('K2').numFmt = '#,##0.00';
    // styled but empty cells, a note on an empty cell far to the right and below
    ws.getCell('M3').numFmt = '0.00';
    ws.getCell('N4').fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFFF00' } };
    ws.getCell('P9').note = '此处待补充';
    ws.getCell('B2').note = '名称以营业执照为准';
    ws.mergeCells('A6:C6');
    ws.getRow(3).hidden = true;
    const second = wb.addWorksheet('隐藏', { state: 'veryHidden' });
    second.addRow(['x', 1]);
    second.getCell('B2').value = { formula: 'B1+1', shareType: 'shared', ref: 'B2:B4', result: 2 } as ExcelJS.CellFormulaValue;
    second.getCell('B3').value = { sharedFormula: 'B2', result: 3 };
    second.getCell('B4').value = { sharedFormula: 'B2' } as ExcelJS.CellSharedFormulaValue;
    expectSame(Buffer.from(await wb.xlsx.writeBuffer()));
  });

  it('a 1904 date-system workbook', async () => {
    const wb = new ExcelJS.Workbook();
    wb.properties.date1904 = true;
    const ws = wb.addWorksheet('S');
    ws.addRow(['日期', '数值']);
    ws.addRow([d(2020, 9, 30), 1]);
    ws.addRow([d(2020, 1, 1), 2]);
    ws.getColumn(1).numFmt = 'yyyy-mm-dd';
    const bytes = Buffer.from(await wb.xlsx.writeBuffer());
    expectSame(bytes);
    // SheetJS passes the 1904 serial through unchanged (2020-09-30 is 42642 there, 44104 in the 1900 system)
    const row = sheetJsReader.read(bytes, 'x.xlsx').sheets[0]!.rows[1]!;
    expect(row[0]).toStrictEqual(expect.objectContaining({ serial: 42642 }));

    expectSame(handXlsx({ ...sheet('<row r="1"><c r="A1" t="d"><v>2020-09-30</v></c><c r="B1" t="d" s="1"><v>2020-09-30T12:00:00</v></c><c r="C1" s="1"><v>42642</v></c></row>'), workbookPr: '<workbookPr date1904="true"/>', styles: STYLES }));
  });

  it('workbooks SheetJS writes: t="str", t="d", stored (uncompressed) entries, shared strings or not', () => {
    const aoa = [['名称', '日期', '数值', '是否'], ['甲', d(2020, 9, 30), 1.5, true], ['乙 & 丙', d(2020, 2, 29), -2, false], [' ', null, 0, null]];
    for (const cellDates of [false, true]) {
      for (const bookSST of [false, true]) {
        for (const compression of [false, true]) {
          const wb = XLSX.utils.book_new();
          XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet(aoa, { cellDates }), '表一');
          XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet([['仅一格']]), '表二');
          expectSame(Buffer.from(XLSX.write(wb, { type: 'buffer', bookType: 'xlsx', bookSST, compression, cellDates })));
        }
      }
    }
  });

  it('hand-written XML: every cell type, formats, escapes, positions and hidden rows', () => {
    const sst = [
      '<si><t>纯文本</t></si>',
      '<si><t xml:space="preserve">  前后空格  </t></si>',
      '<si><r><t>富</t></r><r><rPr><b/><sz val="11"/><color rgb="FFFF0000"/><rFont val="宋体"/><family val="2"/><charset val="134"/></rPr><t xml:space="preserve">文本 </t></r></si>',
      '<si><t>東京</t><rPh sb="0" eb="2"><t>トウキョウ</t></rPh><phoneticPr fontId="1"/></si>',
      '<si><r><t>山西</t></r><rPh sb="0" eb="2"><t>シャンシー</t></rPh></si>',
      '<si><t>a &amp; b &lt;c&gt; &quot;d&quot; &apos;e&apos; &#20013;&#x6587; _x0041_ tab_x0009_end &AMP;</t></si>',
      '<si><t>第一行&#13;\n第二行\r\n第三行</t></si>',
      '<si><t></t></si>',
      '<si><t>_x005F_x0041_ 下划线</t></si>',
    ];
    const xml =
      '<row r="1" spans="1:12"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c><c r="D1" t="s"><v>3</v></c>' +
      '<c r="E1" t="s"><v>4</v></c><c r="F1" t="s"><v>5</v></c><c r="G1" t="s"><v>6</v></c><c r="H1" t="s"><v>7</v></c><c r="I1" t="s"><v>8</v></c></row>' +
      '<row r="2"><c r="A2" t="inlineStr"><is><t>行内</t></is></c><c r="B2" t="inlineStr"><is><r><t>富</t></r><r><rPr><i/></rPr><t xml:space="preserve"> 行内</t></r></is></c>' +
      '<c r="C2" t="inlineStr"><is><t xml:space="preserve"> &lt;x&gt; _x4E2D_ </t></is></c><c r="D2" t="inlineStr"><is><t></t></is></c><c r="E2" t="inlineStr"/>' +
      '<c r="F2" t="str"><f>"a"&amp;"b"</f><v>a&amp;b</v></c><c r="G2" t="str"><f>A1</f><v>&amp;lt;二次&amp;gt;</v></c><c r="H2" t="str"><f>""</f><v></v></c>' +
      '<c r="I2" t="b"><v>1</v></c><c r="J2" t="b"><v>0</v></c><c r="K2" t="b"><v>true</v></c><c r="L2" t="b"/><c r="M2" t="e"><v>#N/A</v></c><c r="N2" t="e"><f>1/0</f><v>#DIV/0!</v></c></row>' +
      '<row r="3" hidden="1" ht="0" customHeight="1"><c r="A3" s="1"><v>44104</v></c><c r="B3" s="2"><v>0.143</v></c><c r="C3" s="3"><v>44104</v></c><c r="D3" s="4"><v>44104.5</v></c>' +
      '<c r="E3" s="5"><v>0.12345</v></c><c r="F3" s="6"><v>44104</v></c><c r="G3" s="7"><v>44104</v></c><c r="H3" s="8"><v>123</v></c><c r="I3" s="9"><v>-0.5</v></c>' +
      '<c r="J3" s="10"><v>44104.25</v></c><c r="K3" s="11"><v>1234.5</v></c><c r="L3" s="12"><v>44104</v></c><c r="M3" s="13"><v>0.5</v></c><c r="N3" s="14"><v>44104</v></c>' +
      '<c r="O3" s="15"><v>44104</v></c><c r="P3" s="99"><v>7</v></c></row>' +
      '<row r="4"><c r="A4"><v>1</v></c><c><v>2</v></c><c><v>-3.25</v></c><c r="F4"><v>1E-3</v></c><c><v>0.30000000000000004</v></c><c><v>123456789012345678</v></c>' +
      '<c><v>-0</v></c><c><v>.5</v></c><c><v>007</v></c><c t="n"><v>12</v></c><c t=""><v>13</v></c><c t="n"/><c s="1"/></row>' +
      '<row><c><v>10</v></c><c t="inlineStr"><is><t>无r的行</t></is></c></row>' +
      '<row r="7" hidden="true"><c r="C7" t="d"><v>2020-09-30</v></c><c r="D7" t="d" s="1"><v>2020-09-30T08:30:00</v></c><c r="E7" t="d" s="1"><v>2020-09-30 08:30:00.5</v></c><c r="F7" t="d"><v>12:30:15</v></c></row>' +
      '<row r="8" hidden="0"/><row r="9" hidden="1"/><row r="10" ht="30" customHeight="1"><c r="B10"><v>1</v></c></row><row r="11" hidden="1" outlineLevel="1"/>' +
      '<row r="12"><c r="A12"><f>SUM(A4:C4)</f></c><c r="B12"><f>B4*2</f><v>4</v></c><c r="C12" t="n"><f>C4</f></c><c r="D12"><f t="shared" ref="D12:D14" si="0">A12+1</f><v>1</v></c><c r="E12"><f t="array" ref="E12:E13">A4:A5</f><v>1</v></c></row>' +
      '<row r="13"><c r="D13"><f t="shared" si="0"/></c><c r="E13"/><c r="F13"><f t="shared" si="7"/></c><c r="G13"><f/></c></row>' +
      '<row r="14"><c r="D14"><f t="shared" si="0"></f></c><c r="E14"/></row>' +
      '<row r="16"><c r="C16"><v>3</v></c><c r="A16"><v>1</v></c><c r="A16"><v>2</v></c><c r="B17"><v>17</v></c><c><v>18</v></c></row>';
    const tail = '<mergeCells count="4"><mergeCell ref="A1:C1"/><mergeCell ref="D12:D14"/><mergeCell ref="F1"/><mergeCell ref="A20:B21"/></mergeCells>';
    expectSame(handXlsx({ sheets: [{ name: '全部类型', xml: `<dimension ref="A1:P16"/><sheetData>${xml}</sheetData>${tail}` }], sst, styles: STYLES }));
    // the same, every part stored rather than deflated
    expectSame(handXlsx({ sheets: [{ name: '全部类型', xml: `<sheetData>${xml}</sheetData>${tail}` }], sst, styles: STYLES, stored: true }));
    // no styles part at all, so no number is a date
    expectSame(handXlsx({ sheets: [{ name: 'S', xml: `<sheetData>${xml}</sheetData>` }], sst }));
  });

  it('hand-written XML: row attributes in every spelling SheetJS files under r and hidden', () => {
    const xml =
      '<row R="2" HIDDEN="1"><c r="A2"><v>1</v></c></row>' +
      '<row r="3" x:hidden="true" x14ac:dyDescent="0.25" spans="1:2"><c r="A3"><v>2</v></c></row>' +
      '<row r="4" hidden_x="1"><c r="A4"><v>3</v></c></row>' +
      '<row r="5" xmlns:hidden="1"><c r="A5"><v>4</v></c></row>' +
      '<row r="6" Hidden="1" ht="12"/><row r="6" ht="15"/>' +
      '<row r="7" hidden="1"/><row r="7" customHeight="1"/>' +
      '<row r="8" hidden="1"/><row r="8" outlineLevel="0"/>' +
      '<row r="9" hidden="yes"/><row r="10" hidden="1" ht=""/>';
    expectSame(handXlsx(sheet(xml)));
  });

  it('hand-written XML: comments, notes and links on empty cells make empty cells', () => {
    const comments =
      `<comments xmlns="${NS}"><authors><author>张三</author></authors><commentList>` +
      '<comment ref="F8" authorId="0"><text><r><t>批注一</t></r></text></comment>' +
      '<comment ref="B2" authorId="0"><text><t>批注二</t></text></comment>' +
      '</commentList></comments>';
    const vml =
      '<xml xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:x="urn:schemas-microsoft-com:office:excel">' +
      '<v:shapetype id="_x0000_t202" coordsize="21600,21600" o:spt="202"/>' +
      '<v:shape id="_x0000_s1025" type="#_x0000_t202"><x:ClientData ObjectType="Note"><x:Row>11</x:Row><x:Column>2</x:Column></x:ClientData></v:shape>' +
      '<v:shape id="_x0000_s1026" type="#_x0000_t202"><x:ClientData ObjectType="Note"><x:Row>1</x:Row><x:Column>1</x:Column></x:ClientData></v:shape>' +
      '</xml>';
    const threaded =
      '<ThreadedComments xmlns="http://schemas.microsoft.com/office/spreadsheetml/2018/threadedcomments">' +
      '<threadedComment ref="H3" id="{1}" personId="{2}"><text>讨论</text></threadedComment></ThreadedComments>';
    const rels =
      `<Relationship Id="rId1" Type="${REL}/comments" Target="../comments1.xml"/>` +
      `<Relationship Id="rId2" Type="${REL}/vmlDrawing" Target="../drawings/vmlDrawing1.vml"/>` +
      '<Relationship Id="rId3" Type="http://schemas.microsoft.com/office/2017/10/relationships/threadedComment" Target="../threadedComments/threadedComment1.xml"/>' +
      `<Relationship Id="rId4" Type="${REL}/hyperlink" Target="http://example.com" TargetMode="External"/>`;
    const xml =
      '<sheetData><row r="1"><c r="A1"><v>1</v></c></row><row r="2"><c r="A2"><v>2</v></c></row></sheetData>' +
      '<hyperlinks><hyperlink ref="J5" r:id="rId4"/><hyperlink ref="A14:B15" location="Sheet1!A1"/></hyperlinks><legacyDrawing r:id="rId2"/>';
    expectSame(
      handXlsx({
        sheets: [{ name: 'Sheet1', xml, rels }],
        parts: { 'xl/comments1.xml': comments, 'xl/drawings/vmlDrawing1.vml': vml, 'xl/threadedComments/threadedComment1.xml': threaded },
        overrides: '<Override PartName="/xl/comments1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.comments+xml"/>',
      }),
    );
  });

  it.skipIf(!hasLibreOffice())('workbooks LibreOffice wrote', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bluesky-lo-'));
    try {
      const inputs = [
        ['messy.xlsx', await xlsx({ sheets: [messySheet(), { name: '说明', hidden: true, header: ['说明'], rows: [['x']] }] })],
        ['dates.xlsx', await xlsx({ sheets: DATE_STYLES.map(dateStyleSheet) })],
        ['demo.xlsx', fs.readFileSync(path.join(root, 'seeds', 'demo', '2020-09', '盂县-锅炉台账-2020年9月（示例数据）.xlsx'))],
      ] as const;
      for (const [name, bytes] of inputs) fs.writeFileSync(path.join(dir, name), bytes);
      fs.mkdirSync(path.join(dir, 'out'));
      execFileSync(
        'soffice',
        [`-env:UserInstallation=file://${path.join(dir, 'profile')}`, '--headless', '--convert-to', 'xlsx:Calc MS Excel 2007 XML', '--outdir', path.join(dir, 'out'), ...inputs.map(([n]) => path.join(dir, n))],
        { stdio: 'ignore', timeout: 120_000 },
      );
      for (const [name] of inputs) expectSame(fs.readFileSync(path.join(dir, 'out', name)), name);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('themed font colours', () => {
    expectSame(themed(THEME, '<font><sz val="11"/><color theme="1"/></font><font><color theme="11" tint="-0.25"/></font><font><color rgb="FFFF0000"/></font>'));
    expectSame(themed('', '<font><color theme="11" tint="0.5"/></font>'));
  });

  it('hidden and very hidden sheets, in workbook order, whatever the part names', () => {
    const book = handXlsx({
      sheets: [
        { name: '乙', xml: '<sheetData><row r="1"><c r="A1"><v>2</v></c></row></sheetData>', state: 'veryHidden' },
        { name: '甲 &amp; 丙', xml: '<sheetData/><mergeCells count="1"><mergeCell ref="A1:B1"/></mergeCells>' },
        { name: '空', xml: '<dimension ref="A1"/>' },
        { name: '丁', xml: '<sheetData><row r="3"><c r="B3" t="inlineStr"><is><t>d</t></is></c></row></sheetData>', state: 'hidden' },
      ],
    });
    expectSame(book);
    expect(fastXlsxReader.read(book, 'x.xlsx').sheets.map((s) => [s.name, s.hidden])).toStrictEqual([['乙', true], ['甲 & 丙', false], ['空', false], ['丁', true]]);
  });
});

/** Random rows of random cells (types, styles, positions, escapes, formulas, hidden rows) for a differential check. */
function randomSheetXml(next: () => number): string {
  const pick = <T,>(a: readonly T[]): T => a[Math.floor(next() * a.length)]!;
  const texts = ['a', '中文', ' sp ', '&amp;', '&lt;b&gt;', '&#65;', '&#x4E2D;', '_x0041_', '&quot;q&quot;', 'x\r\ny', '', '&AMP;', '&amp;lt;'];
  const values = ['0', '1', '2', '5', '9', '-1', '44104', '44104.5', '0.143', '1.5', '.5', '1e-3', '007', 'abc', ' 5', '+5', '99999999999999999', 'true', '#N/A'];
  const dates = ['2020-09-30', '2020-09-30T08:00:00', '2020-09-30 08:00:00.5', '2020-09-30T08:00:00.000Z', '12:30:15'];
  const col = (c: number) => XLSX.utils.encode_col(c);
  let xml = '';
  let r = 0;
  for (let i = 0, n = 1 + Math.floor(next() * 6); i < n; i++) {
    const withR = next() < 0.8;
    r = withR ? r + 1 + Math.floor(next() * 2) : r + 1;
    const attrs = (withR ? ` r="${r}"` : '') + (next() < 0.2 ? ` hidden="${pick(['1', '0', 'true'])}"` : '') + (next() < 0.2 ? ' ht="15"' : '');
    if (withR && next() < 0.1) {
      xml += `<row${attrs}/>`;
      continue;
    }
    xml += `<row${attrs}>`;
    let c = -1;
    for (let k = 0, m = Math.floor(next() * 6); k < m; k++) {
      const cellR = next() < 0.7;
      c = cellR ? Math.max(0, c + 1 + Math.floor(next() * 3) - (next() < 0.1 ? 3 : 0)) : c + 1;
      const t = pick(['', '', ' t="s"', ' t="str"', ' t="inlineStr"', ' t="b"', ' t="e"', ' t="n"', ' t="d"', ' t=""', ' t="x"']);
      const style = next() < 0.4 ? ` s="${pick(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '01', '99'])}"` : '';
      let body = next() < 0.25 ? pick(['<f>A1+1</f>', '<f t="shared" ref="A1:A3" si="0">A1*2</f>', '<f t="shared" si="0"/>', '<f/>', '<f t="array" ref="B1:B2">A1:A2</f>']) : '';
      if (t === ' t="inlineStr"') body += next() < 0.8 ? `<is>${pick(['<t>' + pick(texts) + '</t>', '<r><t>a</t></r><r><t>' + pick(texts) + '</t></r>'])}</is>` : '';
      else if (t === ' t="s"') body += next() < 0.9 ? `<v>${Math.floor(next() * 10)}</v>` : '';
      else if (t === ' t="str"') body += next() < 0.9 ? `<v>${pick(texts)}</v>` : '';
      else if (t === ' t="d"') body += `<v>${pick(dates)}</v>`;
      else if (next() < 0.85) body += `<v>${pick(values)}</v>`;
      const open = `<c${cellR ? ` r="${col(c)}${r}"` : ''}${style}${t}`;
      xml += body || next() < 0.5 ? `${open}>${body}</c>` : `${open}/>`;
    }
    xml += '</row>';
  }
  return xml;
}

describe('random sheets read alike', () => {
  it('400 seeded random worksheets: the fast reader equals SheetJS or leaves the file to it', () => {
    const next = mulberry32(20201010);
    const sst = ['<si><t>a</t></si>', '<si><t xml:space="preserve"> b </t></si>', '<si><r><t>c</t></r><r><rPr><b/></rPr><t>d</t></r></si>', '<si><t>e</t><rPh sb="0" eb="1"><t>E</t></rPh></si>', '<si><t></t></si>', '<si><t>&amp;amp;</t></si>', '<si><t>&#20013;_x0041_</t></si>', '<si><t>line1\r\nline2</t></si>', '<si><t>九</t></si>'];
    const styles = '<numFmts count="2"><numFmt numFmtId="164" formatCode="yyyy&quot;年&quot;m&quot;月&quot;"/><numFmt numFmtId="165" formatCode="0.00%"/></numFmts>' + `<cellXfs count="10">${[0, 14, 9, 164, 165, 31, 58, 22, 10, 49].map((id) => `<xf numFmtId="${id}"/>`).join('')}</cellXfs>`;
    let same = 0;
    for (let i = 0; i < 400; i++) {
      const tail = next() < 0.3 ? '<hyperlinks><hyperlink ref="G9" location="A1"/></hyperlinks><mergeCells count="2"><mergeCell ref="A1:B2"/><mergeCell ref="C3"/></mergeCells>' : '';
      const book = handXlsx({ sheets: [{ name: 'S', xml: `<sheetData>${randomSheetXml(next)}</sheetData>${tail}` }], sst, styles, workbookPr: next() < 0.2 ? '<workbookPr date1904="1"/>' : '' });
      if (compare(book) === 'same') same++;
    }
    // the rest is mostly shared formulas shifted left of column A, which SheetJS drops whole sheets for
    expect(same).toBeGreaterThan(300);
  });
});

describe('what the fast reader leaves to SheetJS, through defaultReader', () => {
  const cases: [string, () => Buffer | Promise<Buffer>][] = [
    [
      'x:-prefixed elements everywhere',
      () =>
        handXlsx({
          sheets: [{
            name: 'S',
            raw: true,
            xml: `${DECL}<x:worksheet xmlns:x="${NS}" xmlns:r="${REL}"><x:sheetData><x:row r="1"><x:c r="A1" t="s"><x:v>0</x:v></x:c><x:c r="B1"><x:v>2</x:v></x:c></x:row><x:row r="2" hidden="1"><x:c r="A2" t="inlineStr"><x:is><x:t>行内</x:t></x:is></x:c></x:row></x:sheetData><x:mergeCells><x:mergeCell ref="A1:B1"/></x:mergeCells></x:worksheet>`,
          }],
          workbookXml: `${DECL}<x:workbook xmlns:x="${NS}" xmlns:r="${REL}"><x:sheets><x:sheet name="S" sheetId="1" r:id="rId10"/></x:sheets></x:workbook>`,
          sstXml: `${DECL}<x:sst xmlns:x="${NS}" count="1" uniqueCount="1"><x:si><x:t>前缀</x:t></x:si></x:sst>`,
        }),
    ],
    ['x:-prefixed worksheet only', () => handXlsx({ sheets: [{ name: 'S', raw: true, xml: `${DECL}<x:worksheet xmlns:x="${NS}"><x:sheetData><x:row r="1"><x:c r="A1"><x:v>1</x:v></x:c></x:row></x:sheetData></x:worksheet>` }] })],
    [
      'strict OOXML namespace',
      () =>
        handXlsx({
          ...sheet('<row r="1"><c r="A1"><v>1</v></c></row>'),
          workbookXml: `${DECL}<workbook xmlns="http://purl.oclc.org/ooxml/spreadsheetml/main" xmlns:r="http://purl.oclc.org/ooxml/officeDocument/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId10"/></sheets></workbook>`,
        }),
    ],
    ['a shared formula shifted left of column A (SheetJS drops the sheet)', () => handXlsx(sheet('<row r="1"><c r="B1"><f t="shared" ref="A1:B2" si="0">A1*2</f><v>2</v></c></row><row r="2"><c r="A2"><f t="shared" si="0"/><v>4</v></c></row>'))],
    ['a shared-string index past the table (SheetJS drops the sheet)', () => handXlsx({ ...sheet('<row r="1"><c r="A1" t="s"><v>5</v></c></row>'), sst: ['<si><t>a</t></si>'] })],
    ['<t/> in a shared string', () => handXlsx({ ...sheet('<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>'), sst: ['<si><t/></si>', '<si><t>b</t></si>'] })],
    ['CDATA in a shared string', () => handXlsx({ ...sheet('<row r="1"><c r="A1" t="s"><v>0</v></c></row>'), sst: ['<si><t><![CDATA[<b>x</b> & y]]></t></si>'] })],
    ['a comment inside sheetData', () => handXlsx(sheet('<!-- <row r="1"><c r="A1"><v>9</v></c></row> --><row r="2"><c r="A2"><v>1</v></c></row>'))],
    ['a font colour past the theme (SheetJS refuses the file)', () => themed(THEME, '<font><color theme="12"/></font>')],
    ['a theme without a:themeElements (SheetJS refuses the file)', () => themed(THEME.replaceAll('a:themeElements', 'a:elements'), '<font/>')],
    ['a lower-case cell reference', () => handXlsx(sheet('<row r="1"><c r="b1"><v>1</v></c></row>'))],
    ['<row/> without r', () => handXlsx(sheet('<row r="1"><c r="A1"><v>1</v></c></row><row hidden="1"/>'))],
    ['t="d" in a form only Date() reads', () => handXlsx(sheet('<row r="1"><c r="A1" t="d"><v>Sep 30 2020</v></c></row>'))],
    [
      'a chartsheet beside a worksheet',
      () =>
        handXlsx({
          sheets: [
            { name: '数据', xml: '<sheetData><row r="1"><c r="A1"><v>1</v></c></row></sheetData>' },
            { name: '图表', raw: true, relType: `${REL}/chartsheet`, xml: `${DECL}<chartsheet xmlns="${NS}" xmlns:r="${REL}"><sheetViews><sheetView workbookViewId="0"/></sheetViews></chartsheet>` },
          ],
        }),
    ],
    ['an .xlsx whose entries use an unsupported compression method', async () => {
      const b = await xlsx({ sheets: [{ name: 'S', header: ['a'], rows: [[1]] }] });
      for (const e of readCentralDirectory(b)) if (e.name.endsWith('sheet1.xml')) {
        b.writeUInt16LE(12, e.cdOffset + 10);
        b.writeUInt16LE(12, e.localOffset + 8);
      }
      return b;
    }],
  ];

  it.each(cases)('%s', async (_label, make) => {
    compare(await make());
  });

  it('the x:-prefixed workbook is read by SheetJS through defaultReader', () => {
    const b = cases[0]![1]() as Buffer;
    expect(() => fastXlsxReader.read(b, 'x.xlsx')).toThrow(Unsupported);
    const w = defaultReader.read(b, 'x.xlsx');
    expect(w.sheets[0]!.rows[0]).toStrictEqual(['前缀', 2]);
  });

  it('.xls and CSV go to SheetJS; the fast reader itself does not take them', async () => {
    const spec = { sheets: [{ name: 'S', header: [...BOILER_HEADERS], rows: boilerRows({ county: '盂县', count: 5, seed: 1, period: '2020-09' }) }] };
    const files: [Buffer, string][] = [[xls(spec), 'a.xls'], [csv([[...BOILER_HEADERS], ...spec.sheets[0]!.rows], 'utf8'), 'a.csv'], [csv([['县区'], ['盂县']], 'gbk'), 'b.csv']];
    for (const [bytes, name] of files) {
      expect(normalize(defaultReader.read(bytes, name))).toStrictEqual(normalize(sheetJsReader.read(bytes, name)));
      expect(() => fastXlsxReader.read(bytes, name)).toThrow(Unsupported);
    }
  });
});

describe('refusals are the same through either reader', () => {
  const cases: [string, () => Buffer | Promise<Buffer>, string][] = [
    ['a truncated workbook', async () => hostile.truncated(await xlsx({ sheets: [{ name: 'S', header: [...BOILER_HEADERS], rows: boilerRows({ county: '盂县', count: 30, seed: 1, period: '2020-09' }) }] })), 'unreadable'],
    ['a workbook cut just short of its end', async () => hostile.truncated(await xlsx({ sheets: [{ name: 'S', header: ['a'], rows: [[1]] }] }), 0.98), 'unreadable'],
    ['a zip bomb', () => hostile.zipBomb(), 'too_large'],
    ['an image called .xlsx', () => hostile.notAWorkbook(), 'unreadable'],
    ['an empty file', () => hostile.emptyFile(), 'empty'],
    ['a password-protected workbook', () => hostile.encryptedXlsx(), 'encrypted'],
    ['a zip that is no workbook', () => writeZip([deflateEntry('word/document.xml', '<w:document/>')]), 'unreadable'],
  ];

  it.each(cases)('%s', async (_label, make, code) => {
    const bytes = await make();
    const refusal = (read: () => unknown) => {
      try {
        read();
      } catch (err) {
        return err instanceof ImportRefusal ? err.code : `not a refusal: ${String(err)}`;
      }
      return 'read';
    };
    expect(refusal(() => sheetJsReader.read(bytes, 'x.xlsx'))).toBe(code);
    expect(refusal(() => defaultReader.read(bytes, 'x.xlsx'))).toBe(code);
    const fast = refusal(() => fastXlsxReader.read(bytes, 'x.xlsx'));
    expect([code, expect.stringContaining('Unsupported')]).toContainEqual(fast);
  });

  it('6,200,000 cells: past what SheetJS may hold, so its reader refuses them; the fast reader, a few bytes a cell, reads them', () => {
    // 200,000 × 31 cells (SheetJS refuses on counting them, before it parses: that would take half a minute)
    const bytes = hostile.manyCells(200_000, 31);
    let err: unknown;
    try {
      sheetJsReader.read(bytes, '大表.xlsx');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ImportRefusal);
    expect(err).toMatchObject({ code: 'too_large', message: expect.stringContaining('单元格超过 6,000,000 个') });
    expect(defaultReader.read(bytes, '大表.xlsx').cellCount).toBe(200_001 * 31);
  });
});

/** What a reader returns, or that it left the file to SheetJS. */
function readOrLeft(reader: typeof fastXlsxReader, bytes: Uint8Array): Outcome | 'left to SheetJS' {
  try {
    return outcome(() => reader.read(bytes, 'x.xlsx'));
  } catch (err) {
    if (err instanceof Unsupported) return 'left to SheetJS';
    throw err;
  }
}

describe('a big worksheet is scanned as it inflates, never whole', () => {
  // inflated here from 7, 333 or 64 KB compressed bytes at a time, or by a worker thread in pieces of 1,000 bytes or 64 KB
  const cuts = [
    ...[7, 333, 65_536].map((pieceBytes) => [`${pieceBytes} compressed bytes`, fastXlsxReaderWith({ streamAboveBytes: 0, pieceBytes })] as const),
    ...[1000, 65_536].map((threadPieceBytes) => [`${threadPieceBytes} bytes from a worker`, fastXlsxReaderWith({ streamAboveBytes: Infinity, threadAboveBytes: 0, threadPieceBytes })] as const),
  ];

  it('reads a 3,000-row vehicle ledger exactly as the whole-XML scan does, however the XML is cut', async () => {
    const rows = vehicleRows({ county: '盂县', count: 3000, seed: 11, period: '2020-09' });
    const bytes = await xlsx({ sheets: [{ name: '淘汰台账', titleRows: ['盂县2020年9月车辆淘汰台账'], header: [...VEHICLE_HEADERS], rows }] });
    const whole = outcome(() => fastXlsxReader.read(bytes, 'x.xlsx'));
    for (const [, reader] of cuts) expect(outcome(() => reader.read(bytes, 'x.xlsx'))).toStrictEqual(whole);
  });

  it('reads rows that never close with </row> (self-closed, hidden) and a sheet cut short, as the whole-XML scan does', () => {
    const closed = Array.from({ length: 300 }, (_, i) => `<row r="${i + 1}" hidden="1"/>`).join('');
    const xml = `${DECL}<worksheet xmlns="${NS}" xmlns:r="${REL}"><sheetData>${closed}<row r="301"><c r="B301"><v>7</v></c></row></sheetData><mergeCells count="1"><mergeCell ref="A1:B2"/></mergeCells></worksheet>`;
    for (const text of [xml, xml.slice(0, xml.indexOf('<row r="301"') + 20)]) {
      const bytes = handXlsx({ sheets: [{ name: 'S', raw: true, xml: text }] });
      const whole = readOrLeft(fastXlsxReader, bytes);
      if (text === xml) expect(whole).toHaveProperty('data');
      for (const [, reader] of cuts) expect(readOrLeft(reader, bytes)).toStrictEqual(whole);
    }
  });

  it('refuses a sheet larger than the zip says, as the whole-XML scan does', () => {
    const bomb = hostile.lyingBomb(3_000_000, 200_000);
    expect(outcome(() => fastXlsxReader.read(bomb, 'x.xlsx'))).toStrictEqual({ refusal: 'too_large' });
    for (const [, reader] of cuts) expect(outcome(() => reader.read(bomb, 'x.xlsx'))).toStrictEqual({ refusal: 'too_large' });
  });

  it('leaves a sheet whose deflate data is damaged to SheetJS, as the whole-XML scan does, wherever the damage is', async () => {
    const rows = vehicleRows({ county: '盂县', count: 2000, seed: 5, period: '2020-09' });
    const good = Buffer.from(await xlsx({ sheets: [{ name: '淘汰台账', header: [...VEHICLE_HEADERS], rows }] }));
    const entry = readCentralDirectory(good).find((e) => /worksheets\/sheet1\.xml$/.test(e.name))!;
    const start = entry.localOffset + 30 + good.readUInt16LE(entry.localOffset + 26) + good.readUInt16LE(entry.localOffset + 28);
    for (const at of [0.02, 0.5, 0.97]) {
      const bad = Buffer.from(good);
      bad.fill(0xff, start + Math.floor(entry.compressedSize * at), start + Math.floor(entry.compressedSize * at) + 64);
      expect(readOrLeft(fastXlsxReader, bad)).toBe('left to SheetJS');
      // 7-byte pieces add nothing here but time
      for (const [, reader] of cuts.slice(1)) expect(readOrLeft(reader, bad)).toBe('left to SheetJS');
    }
  });

  it('refuses a DOCTYPE anywhere in the sheet, cut in two or not, even after rows it has already read', () => {
    const rows = Array.from({ length: 400 }, (_, i) => `<row r="${i + 1}"><c r="A${i + 1}"><v>${i}</v></c></row>`).join('');
    for (const decl of ['<!DOCTYPE x>', '<!  \n  ENTITY x "y">']) {
      const bytes = handXlsx({ sheets: [{ name: 'S', raw: true, xml: `${DECL}<worksheet xmlns="${NS}" xmlns:r="${REL}"><sheetData>${rows}</sheetData>${decl}</worksheet>` }] });
      for (const reader of [fastXlsxReader, ...cuts.map((c) => c[1])]) {
        expect(() => reader.read(bytes, 'x.xlsx')).toThrow(/中有 DOCTYPE 或实体声明/);
      }
    }
  });
});
