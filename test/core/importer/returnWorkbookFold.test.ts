// The returned workbook's 问题清单: the same problem on many rows is one line with the rows, its details folded under it.
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { createApi } from '../../../main/core/api';
import { BOILER_HEADERS, boilerRows } from '../../fixtures/ledgerRows';
import { xlsx } from '../../fixtures/workbooks';
import { imp, newWorkspace } from '../../support/importHarness';

describe('问题清单 of a returned workbook', () => {
  it('lists the same wrong fuel on seven rows as one line: 第8–12、15、43行（共 7 行）, expandable to each row', async () => {
    const ws = newWorkspace();
    const rows = boilerRows({ county: '盂县', count: 60, seed: 71, period: '2020-09' });
    // data starts on Excel row 3, under the title and the header
    for (const i of [5, 6, 7, 8, 9, 12, 40]) rows[i]![4] = '烧柴';
    const bytes = await xlsx({ sheets: [{ name: '锅炉台账', titleRows: ['盂县2020年9月燃煤锅炉台账'], header: [...BOILER_HEADERS], rows }] });
    const r = imp(ws, '盂县-锅炉台账-2020年9月.xlsx', bytes, { unit: '盂县', period: '2020-09' });
    expect(r.findings.filter((x) => x.code === r.findings.find((y) => y.message.includes('烧柴'))!.code)).toHaveLength(7);
    const api = createApi({ db: ws.db, file: ':memory:', clock: { now: () => new Date('2020-10-12T02:00:00Z') }, user: '测试分析员' });
    const blob = await api['imports.returnWorkbook']({ submissionId: r.id! });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(blob.base64, 'base64') as unknown as ExcelJS.Buffer);
    const list = wb.getWorksheet('问题清单')!;
    expect(String(list.getCell('A2').value)).toMatch(/共 7 个问题，归为 1 条/);
    const line = list.getRow(5);
    expect(line.getCell(2).value).toBe('错误');
    expect(line.getCell(5).value).toBe('第8–12、15、43行（共 7 行）');
    expect(String(line.getCell(7).value)).toMatch(/^共 7 处：“燃料类型”的值“烧柴”不在规定范围内/);
    const details = [6, 7, 8, 9, 10, 11, 12].map((n) => list.getRow(n));
    expect(details.map((d) => d.getCell(5).value)).toEqual([8, 9, 10, 11, 12, 15, 43]);
    expect(details.every((d) => d.outlineLevel === 1 && d.hidden)).toBe(true);
    expect(list.rowCount).toBe(12);
    // the cells in the ledger sheet are still marked one by one
    expect(wb.getWorksheet('锅炉台账')!.getCell('E43').fill).toMatchObject({ fgColor: { argb: 'FFFFC7CE' } });
  });
});
