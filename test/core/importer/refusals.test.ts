import { describe, expect, it } from 'vitest';
import { csv, xlsx } from '../../fixtures/workbooks';
import { BOILER_HEADERS, boilerRows } from '../../fixtures/ledgerRows';
import * as hostile from '../../fixtures/hostile';
import { imp, newWorkspace, tableCounts } from '../../support/importHarness';

describe('files the importer refuses, writing nothing', () => {
  it.each([
    ['a truncated workbook', async () => hostile.truncated(await xlsx({ sheets: [{ name: 'S', header: [...BOILER_HEADERS], rows: boilerRows({ county: '盂县', count: 30, seed: 1, period: '2020-09' }) }] })), 'unreadable', /不完整或已损坏/],
    ['an image called .xlsx', async () => hostile.notAWorkbook(), 'unreadable', /不是 Excel 工作簿/],
    ['plain text called .xlsx', async () => hostile.plainTextAsXlsx(), 'unreadable', /不是 Excel 工作簿/],
    ['an empty file', async () => hostile.emptyFile(), 'empty', /空文件/],
    ['a workbook with nothing in it', async () => hostile.emptyWorkbook(), 'empty', /没有任何数据/],
    ['a zip bomb', async () => hostile.zipBomb(), 'too_large', /解压后超过 1024 MB/],
    ['a password-protected workbook', async () => hostile.encryptedXlsx(), 'encrypted', /设置了打开密码/],
    ['a UTF-16 CSV', async () => hostile.utf16Csv(), 'unreadable', /UTF-16 编码/],
    ['a table that is no ledger', async () => hostile.unrecognizedHeaders(), 'unrecognized', /没有找到任何一类台账/],
  ])('%s', async (_label, make, code, message) => {
    const ws = newWorkspace();
    const before = tableCounts(ws);
    const name = _label.includes('CSV') ? 'x.csv' : 'x.xlsx';
    const r = imp(ws, name, await make(), { unit: '盂县', period: '2020-09' });
    expect(r.status).toBe('refused');
    expect(r.error).toMatchObject({ code });
    expect(r.error!.message).toMatch(message);
    expect(tableCounts(ws)).toEqual(before);
  });

  it('treats __proto__ and constructor headers as text, polluting nothing', async () => {
    const probe: Record<string, unknown> = {};
    const r = imp(newWorkspace(), 'proto.xlsx', await hostile.protoHeaders(), { unit: '盂县', period: '2020-09' });
    expect(['refused', 'imported']).toContain(r.status);
    if (r.status === 'refused') expect(r.error!.code).toBe('unrecognized');
    expect(probe.polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('县区');
    expect(({} as Record<string, unknown>).toString).toBe(Object.prototype.toString);
  });

  it('asks for the month when nothing says it, and for the unit only when nothing at all says whose rows these are', async () => {
    const rows = [...boilerRows({ county: '盂县', count: 2, seed: 1, period: '2020-09' }), ...boilerRows({ county: '平定县', count: 2, seed: 2, period: '2020-09' })];
    const bytes = await xlsx({ sheets: [{ name: 'Sheet1', header: [...BOILER_HEADERS], rows }] });
    const ws = newWorkspace();
    expect(imp(ws, '锅炉.xlsx', bytes).error).toMatchObject({ code: 'no_period', message: expect.stringContaining('--period YYYY-MM') });
    expect(imp(ws, '锅炉.xlsx', bytes, { unit: '太原市', period: '2020-09' }).error).toMatchObject({ code: 'unknown_unit', message: expect.stringContaining('“太原市”不在单位表中') });
    expect(imp(ws, '锅炉.xlsx', bytes, { unit: '市生态环境局', period: '2020-09' })).toMatchObject({ status: 'imported', submitter: '市生态环境局' });
    // no 县区 column, no sheet per county, nobody named: nobody can say whose rows these are
    const noCounty = await xlsx({ sheets: [{ name: 'Sheet1', header: BOILER_HEADERS.filter((h) => h !== '县区'), rows: rows.map((r) => r.slice(1)) }] });
    expect(imp(ws, '锅炉台账2020年9月.xlsx', noCounty).error).toMatchObject({ code: 'no_unit', message: expect.stringContaining('--unit') });
  });

  it('takes the unit and month from the file name, and the flags over both', async () => {
    const rows = boilerRows({ county: '盂县', count: 3, seed: 1, period: '2020-09' });
    const bytes = csv([[...BOILER_HEADERS], ...rows], 'utf8');
    const ws = newWorkspace();
    expect(imp(ws, '盂县_锅炉台账_202009.csv', bytes)).toMatchObject({ submitter: '盂县', period: '2020-09', detection: { submitter: { source: 'file_name' }, period: { source: 'file_name' } } });
    expect(imp(newWorkspace(), '盂县_锅炉台账_202009.csv', bytes, { period: '2020-08' })).toMatchObject({ period: '2020-08', detection: { period: { source: 'flag' } } });
    // with neither, a file whose rows all name one county is that county's
    expect(imp(newWorkspace(), '锅炉2020.9.csv', bytes)).toMatchObject({ submitter: '盂县', detection: { submitter: { source: 'rows' } } });
  });

  it('refuses a ledger missing a required column, naming it', async () => {
    const headers = BOILER_HEADERS.filter((h) => h !== '燃料类型');
    const rows = boilerRows({ county: '盂县', count: 3, seed: 1, period: '2020-09' }).map((r) => r.filter((_, i) => i !== 4));
    const r = imp(newWorkspace(), '盂县2020年9月锅炉.xlsx', await xlsx({ sheets: [{ name: 'Sheet1', header: headers, rows }] }));
    expect(r.error).toMatchObject({ code: 'unrecognized', message: expect.stringContaining('缺少必填列：“燃料类型”') });
  });

  it('keeps running after a refusal: the next good file imports', async () => {
    const ws = newWorkspace();
    imp(ws, 'bomb.xlsx', hostile.zipBomb(), { unit: '盂县', period: '2020-09' });
    const ok = await xlsx({ sheets: [{ name: 'S', titleRows: ['盂县2020年9月锅炉台账'], header: [...BOILER_HEADERS], rows: boilerRows({ county: '盂县', count: 3, seed: 1, period: '2020-09' }) }] });
    expect(imp(ws, 'ok.xlsx', ok).status).toBe('imported');
  });
});

describe('a zip that lies about its sizes', () => {
  it('is refused as too large, not handed on to another reader', async () => {
    const { deflateEntry, writeZip } = await import('../../fixtures/zip');
    const rows = Array.from({ length: 200_000 }, (_, i) => `<row r="${i + 1}"><c r="A${i + 1}"><v>${i}</v></c></row>`).join('');
    const parts = [
      deflateEntry('[Content_Types].xml', '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>'),
      deflateEntry('_rels/.rels', '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'),
      deflateEntry('xl/workbook.xml', '<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>'),
      deflateEntry('xl/_rels/workbook.xml.rels', '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>'),
      { ...deflateEntry('xl/worksheets/sheet1.xml', `<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${rows}</sheetData></worksheet>`), size: 2000 },
    ];
    const r = imp(newWorkspace(), 'lie.xlsx', writeZip(parts), { unit: '盂县', period: '2020-09' });
    expect(r.error).toMatchObject({ code: 'too_large', message: expect.stringContaining('与文件声明的不符') });
  });
});
