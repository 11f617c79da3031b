// Error cells and formulas saved without their result read as FormulaProblem cells, alike through both readers and
// in every format: a number the submitter's file does not hold is not an empty cell.
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { FormulaProblem, isBlank, type CellValue } from '../../../main/core/importer/values';
import { sheetJsReader } from '../../../main/core/importer/workbookReader';
import { defaultReader, fastXlsxReader } from '../../../main/core/importer/xlsxReader';
import { handXlsx, sheet } from '../../fixtures/handXlsx';
import { csv, FIXED_TIME, hasLibreOffice, libreOfficeXls, xls } from '../../fixtures/workbooks';
import { pinZipTimes } from '../../fixtures/zip';

const error = (text: string) => new FormulaProblem('error', text);
const noValue = (formula: string) => new FormulaProblem('no_cached_value', formula);

/** The first sheet's rows through the fast reader, which must read the file itself and agree with SheetJS and defaultReader. */
function readXlsx(bytes: Buffer): CellValue[][] {
  const sheetJs = sheetJsReader.read(bytes, '台账.xlsx');
  const fast = fastXlsxReader.read(bytes, '台账.xlsx');
  expect(fast).toStrictEqual(sheetJs);
  expect(defaultReader.read(bytes, '台账.xlsx')).toStrictEqual(sheetJs);
  return fast.sheets[0]!.rows;
}

/** A ledger as a program that does not calculate writes it: error values, formulas with and without results. */
async function ledger(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.created = FIXED_TIME;
  wb.modified = FIXED_TIME;
  const ws = wb.addWorksheet('台账');
  ws.addRow(['县区', '完成数', '完成率', '合计', '折算']);
  ws.addRow(['盂县', { error: '#DIV/0!' }, { error: '#N/A' }, { formula: 'B2+C2', result: { error: '#DIV/0!' } }]);
  ws.addRow(['平定县', { error: '#VALUE!' }, { error: '#REF!' }, { formula: 'SUM(B3:C3)' }]);
  ws.addRow(['郊区', 12, 0.5, { formula: 'B4*2', result: 24 }]);
  ws.addRow(['城区', 7, { formula: 'B5/10', result: 0.7 }, { formula: 'A5&"合计"', result: '城区合计' }]);
  ws.addRow([null, { error: '#DIV/0!' }, { formula: '1/0' }, { error: '#NAME?' }]);
  // one shared formula down column E, saved without results
  ws.getCell('E2').value = { formula: 'B2*100+$C$4', shareType: 'shared', ref: 'E2:E6' } as ExcelJS.CellFormulaValue;
  for (const r of [3, 4, 5, 6]) ws.getCell(`E${r}`).value = { sharedFormula: 'E2' } as ExcelJS.CellSharedFormulaValue;
  return pinZipTimes(Buffer.from(await wb.xlsx.writeBuffer()));
}

describe('.xlsx: error cells and formulas without a cached value', () => {
  it('a workbook ExcelJS wrote: errors, formulas with and without results, a shared formula without results', async () => {
    const rows = readXlsx(await ledger());
    expect(rows).toStrictEqual([
      ['县区', '完成数', '完成率', '合计', '折算'],
      ['盂县', error('#DIV/0!'), error('#N/A'), error('#DIV/0!'), noValue('B2*100+$C$4')],
      ['平定县', error('#VALUE!'), error('#REF!'), noValue('SUM(B3:C3)'), noValue('B3*100+$C$4')],
      // a formula with a cached value is that value
      ['郊区', 12, 0.5, 24, noValue('B4*100+$C$4')],
      ['城区', 7, 0.7, '城区合计', noValue('B5*100+$C$4')],
      [null, error('#DIV/0!'), noValue('1/0'), error('#NAME?'), noValue('B6*100+$C$4')],
    ]);
    // a row of nothing but problems is not a blank row
    expect(rows[5]!.some((v) => !isBlank(v))).toBe(true);
  });

  it('every error SheetJS has a code for, and the ones it has none for', () => {
    const known = ['#NULL!', '#DIV/0!', '#VALUE!', '#REF!', '#NAME?', '#NUM!', '#N/A', '#GETTING_DATA'];
    const cells = known.map((e, i) => `<c r="${String.fromCharCode(65 + i)}1" t="e"><v>${e}</v></c>`).join('');
    const rows = readXlsx(
      handXlsx(sheet(
        `<row r="1">${cells}</row>` +
          // errors of newer Excel, and an error cell without its text: SheetJS keeps no text for them
          '<row r="2"><c r="A2" t="e"><f>SEQUENCE(3)</f><v>#SPILL!</v></c><c r="B2" t="e"><v>#CALC!</v></c><c r="C2" t="e"/><c r="D2" t="e" s="0"><f>1/0</f></c></row>',
      )),
    );
    expect(rows[0]).toStrictEqual(known.map(error));
    expect(rows[1]).toStrictEqual([error('#UNKNOWN!'), error('#UNKNOWN!'), error('#UNKNOWN!'), error('#UNKNOWN!')]);
  });

  it('formula text as SheetJS words it: escapes, _xlfn., shared formulas shifted across rows and columns', () => {
    const rows = readXlsx(
      handXlsx(sheet(
        '<row r="1"><c r="A1"><f>IF(B1&gt;0,"是&amp;否",C1)</f></c><c r="B1"><f>_xlfn.IFS(A1=1,"一",TRUE,"二")</f></c>' +
          '<c r="C1" t="s"><f>"文本"&amp;D1</f></c><c r="D1" t="n"><f>D2</f><v></v></c></row>' +
          '<row r="2"><c r="B2"><f t="shared" ref="B2:D4" si="0">A2+$A$1+A$1+$A2</f></c><c r="C2"><f t="shared" si="0"/></c><c r="D2"><f t="shared" si="0"/><v>9</v></c></row>' +
          '<row r="3"><c r="B3"><f t="shared" si="0"/></c><c r="D3"><f t="shared" si="0"></f></c></row>' +
          '<row r="4"><c r="D4" t="s"><f t="shared" si="0"/></c></row>',
      )),
    );
    expect(rows).toStrictEqual([
      [noValue('IF(B1>0,"是&否",C1)'), noValue('IFS(A1=1,"一",TRUE,"二")'), noValue('"文本"&D1'), noValue('D2')],
      [null, noValue('A2+$A$1+A$1+$A2'), noValue('B2+$A$1+B$1+$A2'), 9],
      [null, noValue('A3+$A$1+A$1+$A3'), null, noValue('C3+$A$1+C$1+$A3')],
      [null, null, null, noValue('C4+$A$1+C$1+$A4')],
    ]);
  });

  it('an array formula without results: every cell of it holds the formula', () => {
    const rows = readXlsx(
      handXlsx(sheet(
        '<row r="1"><c r="A1"><f t="array" ref="A1:C2">ROW(A1:C2)*2</f></c><c r="B1"/><c r="C1" t="n"/></row>' +
          '<row r="2"><c r="A2"/><c r="B2"><v>4</v></c><c r="C2" s="0"/><c r="D2"/></row>',
      )),
    );
    const f = noValue('ROW(A1:C2)*2');
    expect(rows).toStrictEqual([[f, f, f], [f, 4, f, null]]);
  });

  it('what SheetJS makes of a formula without a result depends on the cell type: t="str" is empty, t="b" is FALSE', () => {
    const rows = readXlsx(handXlsx(sheet('<row r="1"><c r="A1" t="str"><f>A2&amp;"x"</f><v></v></c><c r="B1" t="b"><f>A2&gt;1</f></c><c r="C1"><f>1+1</f><v>2</v></c></row>')));
    expect(rows).toStrictEqual([[null, false, 2]]);
  });

  it('a text cell that reads "#N/A" is text, not an error', () => {
    const rows = readXlsx(handXlsx({ ...sheet('<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="inlineStr"><is><t>#DIV/0!</t></is></c></row>'), sst: ['<si><t>#N/A</t></si>'] }));
    expect(rows).toStrictEqual([['#N/A', '#DIV/0!']]);
  });
});

describe('.xls and CSV: error cells', () => {
  it('an .xls SheetJS wrote keeps error values and cached results', async () => {
    const bytes = xls(await ledger());
    const data = sheetJsReader.read(bytes, '台账.xls');
    expect(defaultReader.read(bytes, '台账.xls')).toStrictEqual(data);
    const rows = data.sheets[0]!.rows;
    expect(rows[1]!.slice(0, 4)).toStrictEqual(['盂县', error('#DIV/0!'), error('#N/A'), error('#DIV/0!')]);
    expect(rows[2]!.slice(0, 3)).toStrictEqual(['平定县', error('#VALUE!'), error('#REF!')]);
    expect(rows[3]!.slice(0, 4)).toStrictEqual(['郊区', 12, 0.5, 24]);
    expect(rows[5]![1]).toStrictEqual(error('#DIV/0!'));
    expect(rows[5]![3]).toStrictEqual(error('#NAME?'));
  });

  it.skipIf(!hasLibreOffice())(
    'an .xls LibreOffice wrote, formulas and all',
    async () => {
      const bytes = libreOfficeXls(await ledger())!;
      const rows = defaultReader.read(bytes, '台账.xls').sheets[0]!.rows;
      expect(rows[1]!.slice(0, 4)).toStrictEqual(['盂县', error('#DIV/0!'), error('#N/A'), error('#DIV/0!')]);
      expect(rows[2]!.slice(0, 3)).toStrictEqual(['平定县', error('#VALUE!'), error('#REF!')]);
      expect(rows[3]!.slice(0, 4)).toStrictEqual(['郊区', 12, 0.5, 24]);
      // LibreOffice calculates what was saved without a result: 1/0 is #DIV/0!
      expect(rows[5]!.slice(1, 4)).toStrictEqual([error('#DIV/0!'), error('#DIV/0!'), error('#NAME?')]);
    },
    120_000,
  );

  it.each(['utf8', 'utf8-bom', 'gbk'] as const)('CSV (%s): an error as Excel exports it is an error, anything near it text', (encoding) => {
    const bytes = csv(
      [
        ['县区', '完成数', '完成率'],
        ['盂县', '#N/A', '#DIV/0!'],
        ['平定县', '#VALUE!', '#REF!'],
        ['郊区', 'N/A', '#n/a'],
        ['城区', ' #N/A', '#N/A 待补'],
        [null, '#NAME?', '#SPILL!'],
      ],
      encoding,
    );
    const data = defaultReader.read(bytes, '台账.csv');
    expect(data).toStrictEqual(sheetJsReader.read(bytes, '台账.csv'));
    const rows = data.sheets[0]!.rows;
    expect(rows.slice(1).map((r) => r.slice(1))).toStrictEqual([
      [error('#N/A'), error('#DIV/0!')],
      [error('#VALUE!'), error('#REF!')],
      ['N/A', '#n/a'],
      [' #N/A', '#N/A 待补'],
      [error('#NAME?'), error('#SPILL!')],
    ]);
    expect(rows[5]!.some((v) => !isBlank(v))).toBe(true);
  });
});
