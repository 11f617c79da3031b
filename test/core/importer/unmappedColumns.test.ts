import { describe, expect, it } from 'vitest';
import { csv, xlsx, type Cell, type SheetSpec } from '../../fixtures/workbooks';
import { boilerRows } from '../../fixtures/ledgerRows';
import { imp, newWorkspace } from '../../support/importHarness';
import type { ImportResult } from '../../../main/core/importer/importFile';

// Columns the importer does not read are said once per sheet, so a misspelt header is not a silently lost column.

const notes = (r: ImportResult) => r.findings.filter((f) => f.code === 'unmapped_columns');

/** Boilers with contact details and a longitude beside the ledger's own columns. */
function boilers(county: string, seed: number): Cell[][] {
  // canonical: 0 县区 1 单位名称 3 锅炉编号 4 燃料类型 5 额定蒸发量 7 状态
  return boilerRows({ county, count: 5, seed, period: '2020-09' }).map((r, i) => [r[0]!, r[1]!, r[3]!, r[4]!, r[5]!, '张建军', `0353-60${i}1234`, 113.5 + i / 100, r[7]!]);
}
const HEADER = ['县区', '单位名称', '锅炉编号', '燃料类型', '额定蒸发量（蒸吨/小时）', '联系人', '联系电话', '经度', '状态'];

describe('columns the importer does not recognise', () => {
  it('lists them in one note for the sheet, with their column letters', async () => {
    const r = imp(newWorkspace(), '盂县锅炉.xlsx', await xlsx({ sheets: [{ name: '锅炉台账', titleRows: ['盂县2020年9月锅炉台账'], header: HEADER, rows: boilers('盂县', 1) }] }));
    expect(r).toMatchObject({ status: 'imported', rows: { total: 5, rejected: 0 } });
    expect(notes(r)).toEqual([
      {
        severity: 'info',
        code: 'unmapped_columns',
        sheet: '锅炉台账',
        row: 2,
        column: null,
        col: null,
        message: '工作表“锅炉台账”中有 3 列未识别，未导入：“联系人”（F 列）、“联系电话”（G 列）、“经度”（H 列）。如其中有台账应填的内容，请对照模板修改表头。',
      },
    ]);
    // a note about the file, not about any row
    expect(r.rows.warned).toBe(0);
  });

  it('says so for a CSV too', () => {
    const r = imp(newWorkspace(), '盂县-锅炉台账-2020年9月.csv', csv([HEADER, ...boilers('盂县', 2)], 'gbk'));
    expect(r).toMatchObject({ status: 'imported', rows: { total: 5, rejected: 0 } });
    const sheet = r.sheets![0]!.name;
    expect(notes(r).map((f) => f.message)).toEqual([
      `工作表“${sheet}”中有 3 列未识别，未导入：“联系人”（F 列）、“联系电话”（G 列）、“经度”（H 列）。如其中有台账应填的内容，请对照模板修改表头。`,
    ]);
  });

  it('names a second column for a field already read, and the column it repeats; skips 序号 and blank headers', async () => {
    // 序号 A, 县区 B … 锅炉编号 D … 状态 G, a blank header over H, 使用登记证号 I, 联系人 J
    const rows = boilerRows({ county: '平定县', count: 4, seed: 3, period: '2020-09' }).map((r) => [r[0]!, r[1]!, r[3]!, r[4]!, r[5]!, r[7]!, '1号锅炉房', r[3]!, '王芳']);
    const spec: SheetSpec = {
      name: 'Sheet1',
      titleRows: ['平定县2020年9月锅炉台账'],
      header: ['县区', '单位名称', '锅炉编号', '燃料类型', '额定蒸发量（蒸吨/小时）', '状态', '', '使用登记证号', '联系人'],
      rows,
      serialColumn: true,
    };
    const r = imp(newWorkspace(), '平定县锅炉.xlsx', await xlsx({ sheets: [spec] }));
    expect(r).toMatchObject({ status: 'imported', rows: { total: 4, rejected: 0 } });
    expect(r.sheets![0]!.columns.find((c) => c.field === 'boilerNo')).toMatchObject({ letter: 'D', header: '锅炉编号' });
    expect(notes(r).map((f) => f.message)).toEqual([
      '工作表“Sheet1”中有 1 列未识别，未导入：“联系人”（J 列）；另有 1 列与已识别的列重复，未导入：“使用登记证号”（I 列，与 D 列同为“锅炉编号”）。如其中有台账应填的内容，请对照模板修改表头。',
    ]);
  });

  it('says which column was read when two name the same field', async () => {
    const rows = boilerRows({ county: '城区', count: 3, seed: 4, period: '2020-09' }).map((r) => [r[0]!, r[1]!, r[3]!, r[4]!, r[5]!, r[7]!, r[7]!]);
    const r = imp(
      newWorkspace(),
      '城区锅炉.xlsx',
      await xlsx({ sheets: [{ name: '锅炉', titleRows: ['城区2020年9月锅炉台账'], header: ['县区', '单位名称', '锅炉编号', '燃料类型', '额定蒸发量（蒸吨/小时）', '使用状态', '运行状态'], rows }] }),
    );
    expect(notes(r).map((f) => f.message)).toEqual([
      '工作表“锅炉”中有 1 列与已识别的列重复，未导入：“运行状态”（G 列，与 F 列同为“状态”）。如应以未导入的列为准，请删除或改正另一列的表头。',
    ]);
  });

  it('writes one note per sheet, and none for a sheet whose every column is read', async () => {
    const clean: SheetSpec = { name: '城区', header: ['县区', '单位名称', '锅炉编号', '燃料类型', '额定蒸发量（蒸吨/小时）', '状态'], rows: boilers('城区', 5).map((r) => [r[0]!, r[1]!, r[2]!, r[3]!, r[4]!, r[8]!]) };
    const r = imp(
      newWorkspace(),
      '市生态环境局2020年9月锅炉台账.xlsx',
      await xlsx({ sheets: [{ name: '盂县', header: HEADER, rows: boilers('盂县', 6) }, clean, { name: '郊区', header: HEADER.slice(0, 6).concat('状态'), rows: boilers('郊区', 7).map((r) => [...r.slice(0, 6), r[8]!]) }] }),
      { unit: '市生态环境局' },
    );
    expect(r).toMatchObject({ status: 'imported', rows: { total: 15, rejected: 0 } });
    expect(notes(r).map((f) => [f.sheet, f.message])).toEqual([
      ['盂县', '工作表“盂县”中有 3 列未识别，未导入：“联系人”（F 列）、“联系电话”（G 列）、“经度”（H 列）。如其中有台账应填的内容，请对照模板修改表头。'],
      ['郊区', '工作表“郊区”中有 1 列未识别，未导入：“联系人”（F 列）。如其中有台账应填的内容，请对照模板修改表头。'],
    ]);
  });
});
