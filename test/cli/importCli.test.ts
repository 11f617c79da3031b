import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { cli } from '../support/cliHarness';
import { tmpDir } from '../support/tmp';
import { xlsx } from '../fixtures/workbooks';
import { BOILER_HEADERS, MINE_HEADERS, VEHICLE_HEADERS, boilerRows, mineRows, vehicleRows } from '../fixtures/ledgerRows';
import * as hostile from '../fixtures/hostile';

async function boilerFile(dir: string, name: string, mutate?: (rows: unknown[][]) => void): Promise<string> {
  const rows = boilerRows({ county: '盂县', count: 6, seed: 12, period: '2020-09' }).map((r) => [...r]);
  mutate?.(rows);
  const file = path.join(dir, name);
  fs.writeFileSync(file, await xlsx({ sheets: [{ name: '锅炉', titleRows: ['盂县2020年9月燃煤锅炉台账'], header: [...BOILER_HEADERS], rows: rows as never }] }));
  return file;
}

describe('bluesky import / check', () => {
  it('prints the agreed JSON for each file, and exits 1 when one is refused', async () => {
    const dir = tmpDir();
    const db = path.join(dir, 'ws.sqlite');
    await cli(['init', '--db', db]);
    const good = await boilerFile(dir, 'good.xlsx', (rows) => (rows[1]![4] = '烧柴'));
    const bad = path.join(dir, 'bad.xlsx');
    fs.writeFileSync(bad, hostile.encryptedXlsx());
    const r = await cli(['import', good, bad, '--db', db, '--json']);
    expect(r.code).toBe(1);
    const { submissions } = r.json<{ submissions: Record<string, unknown>[] }>();
    expect(submissions[0]).toMatchObject({
      id: 1,
      file: 'good.xlsx',
      status: 'imported',
      kind: 'boiler',
      submitter: '盂县',
      period: '2020-09',
      sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
      rows: { total: 6, accepted: 5, warned: expect.any(Number), rejected: 1 },
      units: { 盂县: { accepted: 5 } },
    });
    expect(submissions[0]!.findings).toContainEqual({ severity: 'error', code: 'domain', sheet: '锅炉', row: 4, column: '燃料类型', col: 4, message: expect.stringContaining('“烧柴”不在规定范围内') });
    expect(submissions[1]).toMatchObject({ file: 'bad.xlsx', status: 'refused', error: { code: 'encrypted', message: expect.stringContaining('密码') } });
    const again = await cli(['import', good, '--db', db, '--json']);
    expect(again.code).toBe(0);
    expect(again.json<{ submissions: { status: string }[] }>().submissions[0]!.status).toBe('duplicate_file');
  });

  it('check analyses the same way and writes nothing', async () => {
    const dir = tmpDir();
    const db = path.join(dir, 'ws.sqlite');
    await cli(['init', '--db', db]);
    const good = await boilerFile(dir, 'good.xlsx');
    const before = fs.readFileSync(db);
    const r = await cli(['check', good, '--db', db, '--json']);
    expect(r.code).toBe(0);
    expect(r.json<{ submissions: { status: string; rows: { total: number } }[] }>().submissions[0]).toMatchObject({ status: 'checked', rows: { total: 6 } });
    const human = await cli(['check', good]);
    expect(human.stdout).toContain('good.xlsx：已检查（未写入）');
    expect(human.stdout).toContain('盂县 · 2020年9月 · 锅炉台账');
    expect(fs.readFileSync(db).equals(before)).toBe(true);
  });

  it('validates its flags in Chinese', async () => {
    expect((await cli(['import', 'x.xlsx', '--db', 'w.sqlite', '--kind', 'boilers'])).stderr).toContain('--kind 应为 mine、boiler');
    expect((await cli(['import', 'x.xlsx', '--db', 'w.sqlite', '--period', '2020-9'])).stderr).toContain('--period 应为 YYYY-MM');
    expect((await cli(['import', '--db', 'w.sqlite'])).stderr).toContain('请给出要导入的文件');
  });
});

describe('bluesky summary', () => {
  it('prints the ledger totals per unit with the agreed keys', async () => {
    const dir = tmpDir();
    const db = path.join(dir, 'ws.sqlite');
    await cli(['init', '--db', db]);
    await cli(['import', await boilerFile(dir, 'b.xlsx', (rows) => rows.forEach((r) => { r[4] = '燃煤'; r[5] = 10; r[7] = '在用'; })), '--db', db]);
    const r = await cli(['summary', '--db', db, '--as-of', '2020-09-30', '--json']);
    expect(r.code).toBe(0);
    const s = r.json<{ asOf: string; units: Record<string, Record<string, Record<string, number>>> }>();
    expect(s.asOf).toBe('2020-09-30');
    expect(Object.keys(s.units['盂县']!)).toEqual(['mine', 'boiler', 'vehicle', 'permit']);
    expect(s.units['盂县']!.boiler).toMatchObject({ smallCoalTotal: 6, smallCoalRemaining: 6, gasTotal: 0, gasRetrofitted: 0 });
    expect(Object.keys(s.units['盂县']!.mine!)).toEqual(expect.arrayContaining(['builtupTotal', 'builtupClosed', 'restoredMu']));
    expect(Object.keys(s.units['盂县']!.vehicle!)).toEqual(expect.arrayContaining(['rows', 'eligibleRetired']));
    expect(Object.keys(s.units['盂县']!.permit!)).toEqual(expect.arrayContaining(['listed', 'covered']));
    const text = await cli(['summary', '--db', db, '--as-of', '2020-09-30']);
    expect(text.stdout).toContain('锅炉：35蒸吨以下燃煤锅炉 6 台，尚未淘汰 6 台');
    expect(text.stdout).toContain('露天矿山：未报送');
  });
});

describe('bluesky template and return', () => {
  it('writes a template with the canonical headers, drop-downs and an instructions sheet', async () => {
    const out = path.join(tmpDir(), '锅炉台账模板.xlsx');
    const r = await cli(['template', 'boiler', '--out', out]);
    expect(r.code).toBe(0);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    const ws = wb.getWorksheet('锅炉台账')!;
    expect((ws.getRow(2).values as unknown[]).slice(1)).toEqual([...BOILER_HEADERS]);
    expect(ws.getCell('A3').dataValidation).toMatchObject({ type: 'list', formulae: ['选项!$A$2:$A$7'] });
    expect(ws.getCell('E500').dataValidation).toMatchObject({ type: 'list' });
    const lists = wb.getWorksheet('选项')!;
    expect(lists.state).toBe('hidden');
    expect([2, 3, 4, 5, 6, 7].map((r) => lists.getCell(r, 1).value)).toEqual(['城区', '矿区', '郊区', '平定县', '盂县', '开发区']);
    expect(wb.getWorksheet('填写说明')!.getCell('A1').value).toBe('锅炉台账填写说明');
    expect((await cli(['template', 'vehicles', '--out', out])).code).toBe(2);

    // filled in as the instructions say, the template imports cleanly
    ws.getCell('A1').value = '平定县2020年9月锅炉台账';
    boilerRows({ county: '平定县', count: 3, seed: 2, period: '2020-09' }).forEach((row, i) => {
      row.forEach((v, c) => (ws.getCell(3 + i, c + 1).value = v as ExcelJS.CellValue));
    });
    const filled = path.join(path.dirname(out), '平定县锅炉.xlsx');
    await wb.xlsx.writeFile(filled);
    const r2 = await cli(['check', filled, '--json']);
    expect(r2.json<{ submissions: unknown[] }>().submissions[0]).toMatchObject({ status: 'checked', kind: 'boiler', submitter: '平定县', period: '2020-09', rows: { total: 3, rejected: 0 } });
  });

  it('returns the submitter’s own workbook with problem cells coloured and commented, plus a 问题清单', async () => {
    const dir = tmpDir();
    const db = path.join(dir, 'ws.sqlite');
    await cli(['init', '--db', db]);
    const file = await boilerFile(dir, '盂县锅炉.xlsx', (rows) => {
      rows[0]![4] = '烧柴';
      rows[2]![3] = rows[1]![3];
    });
    const imported = await cli(['import', file, '--db', db, '--json']);
    const id = imported.json<{ submissions: { id: number }[] }>().submissions[0]!.id;
    const out = path.join(dir, '退回.xlsx');
    const r = await cli(['return', String(id), '--db', db, '--out', out]);
    expect(r.code).toBe(0);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    const sheet = wb.getWorksheet('锅炉')!;
    const bad = sheet.getCell('E3');
    expect(bad.fill).toMatchObject({ type: 'pattern', fgColor: { argb: 'FFFFC7CE' } });
    expect(JSON.stringify(bad.note)).toContain('“烧柴”不在规定范围内');
    expect(JSON.stringify(sheet.getCell('D5').note)).toContain('锅炉编号与第 4 行重复');
    const list = wb.getWorksheet('问题清单')!;
    expect(list.getCell('A1').value).toBe('盂县2020年9月锅炉台账问题清单');
    expect(String(list.getCell('A2').value)).toContain('共 6 行数据：接收 4 行');
    expect((list.getRow(4).values as unknown[]).slice(1)).toEqual(['序号', '严重程度', '问题类型', '工作表', '行号', '列', '说明']);
    expect(list.getCell('B5').value).toBe('错误');
    expect((await cli(['return', '99', '--db', db, '--out', out])).stderr).toContain('没有编号为 99 的报送记录');
  });
});

describe('round trips and previews', () => {
  it('returns a file that already came back once (it has our 问题清单), and checking an imported file says it is in', async () => {
    const dir = tmpDir();
    const db = path.join(dir, 'ws.sqlite');
    await cli(['init', '--db', db]);
    const file = await boilerFile(dir, '盂县锅炉.xlsx', (rows) => (rows[0]![4] = '烧柴'));
    const first = (await cli(['import', file, '--db', db, '--json'])).json<{ submissions: { id: number }[] }>().submissions[0]!.id;
    const back = path.join(dir, '盂县锅炉（退回修改）.xlsx');
    expect((await cli(['return', String(first), '--db', db, '--out', back])).code).toBe(0);
    // the county sends the returned file back unchanged
    const second = (await cli(['import', back, '--db', db, '--json'])).json<{ submissions: { id: number; status: string }[] }>().submissions[0]!;
    expect(second.status).toBe('imported');
    const again = path.join(dir, 'again.xlsx');
    expect((await cli(['return', String(second.id), '--db', db, '--out', again])).code).toBe(0);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(again);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['锅炉', '问题清单', '问题清单（2）']);

    const checked = (await cli(['check', back, '--db', db, '--json'])).json<{ submissions: { duplicateOf?: { id: number }; supersedes: unknown }[] }>().submissions[0]!;
    expect(checked).toMatchObject({ duplicateOf: { id: second.id }, supersedes: null });
  });

  it('prints usage errors as JSON under --json, with exit status 2', async () => {
    const r = await cli(['check', '--json']);
    expect(r.code).toBe(2);
    expect(r.json()).toEqual({ error: { code: 'usage', message: expect.stringContaining('请给出要导入的文件') } });
    expect((await cli(['assess', '--db', 'x.sqlite', '--as-of', '2020-09-31'])).code).toBe(2);
  });

  it('imports a month’s folder in one go, department files that name nobody included, and check --json says what import will replace', async () => {
    const dir = tmpDir();
    const db = path.join(dir, 'ws.sqlite');
    await cli(['init', '--db', db]);
    const folder = path.join(dir, '2020年9月');
    fs.mkdirSync(folder);
    const write = async (name: string, title: string, headers: readonly string[], rows: unknown[][]) =>
      fs.writeFileSync(path.join(folder, name), await xlsx({ sheets: [{ name: 'Sheet1', titleRows: [title], header: [...headers], rows: rows as never }] }));
    const mines = [...mineRows({ county: '城区', count: 3, seed: 1, period: '2020-09' }), ...mineRows({ county: '郊区', count: 2, seed: 2, period: '2020-09' })];
    await write('露天矿山台账汇总.xlsx', '露天矿山台账汇总（2020年9月）', MINE_HEADERS, mines);
    await write('老旧车辆淘汰台账.xlsx', '老旧车辆淘汰台账（截至2020年9月底）', VEHICLE_HEADERS, [
      ...vehicleRows({ county: '平定县', count: 3, seed: 3, period: '2020-09' }),
      ...vehicleRows({ county: '盂县', count: 2, seed: 4, period: '2020-09' }),
    ]);
    await write('盂县锅炉.xlsx', '盂县2020年9月锅炉台账', BOILER_HEADERS, boilerRows({ county: '盂县', count: 4, seed: 5, period: '2020-09' }));
    const files = fs.readdirSync(folder).map((f) => path.join(folder, f));
    const r = await cli(['import', ...files, '--db', db, '--json']);
    expect(r.code).toBe(0);
    const got = r.json<{ submissions: { file: string; status: string; submitter: string; detection: { submitter: { source: string } } }[] }>().submissions;
    expect(got.map((x) => [x.file, x.status, x.submitter, x.detection.submitter.source]).sort()).toEqual(
      [
        ['盂县锅炉.xlsx', 'imported', '盂县', 'title'],
        ['老旧车辆淘汰台账.xlsx', 'imported', '市交通运输局', 'lead'],
        ['露天矿山台账汇总.xlsx', 'imported', '市规划和自然资源局', 'lead'],
      ].sort(),
    );

    // a correction for 郊区 only: check names the rows it will replace, import does exactly that
    const fix = path.join(dir, '矿山更正.xlsx');
    fs.writeFileSync(fix, await xlsx({ sheets: [{ name: 'Sheet1', titleRows: ['露天矿山台账汇总（2020年9月）'], header: [...MINE_HEADERS], rows: mineRows({ county: '郊区', count: 3, seed: 6, period: '2020-09' }) as never }] }));
    const checked = (await cli(['check', fix, '--db', db, '--json'])).json<{ submissions: Record<string, unknown>[] }>().submissions[0]!;
    expect(checked.coverage).toEqual([{ unit: '郊区', rows: 3, rejected: 0, replaces: expect.objectContaining({ file: '露天矿山台账汇总.xlsx', rows: 2 }) }]);
    const imported = (await cli(['import', fix, '--db', db, '--json'])).json<{ submissions: Record<string, unknown>[] }>().submissions[0]!;
    expect(imported.coverage).toEqual(checked.coverage);
    const human = await cli(['check', fix, '--db', db]);
    expect(human.stdout).toContain('内容完全相同');
    const summary = (await cli(['summary', '--db', db, '--as-of', '2020-09-30', '--json'])).json<{ units: Record<string, { mine: { reported: boolean } }> }>();
    expect(summary.units['城区']!.mine.reported).toBe(true);
    expect(summary.units['郊区']!.mine.reported).toBe(true);

    const undo = await cli(['withdraw', String(imported.id), '--db', db, '--reason', '误报']);
    expect(undo.code).toBe(0);
    expect(undo.stdout).toMatch(/郊区：现以报送 \d+（露天矿山台账汇总\.xlsx）为准/);
  });
});
