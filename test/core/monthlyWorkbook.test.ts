import ExcelJS from 'exceljs';
import * as XLSX from 'xlsx';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildMonthlyWorkbook, MONTHLY_SHEETS, STATUS_COLORS, statusChartOption, COMPLETION_FORMAT } from '../../main/core/reports/monthlyWorkbook';
import { pngSize, renderChartPng } from '../../main/core/reports/chartImage';
import { CITY } from '../../shared/assessModels';
import type { MonthlyReportData } from '../../shared/reportModels';
import { MONTHLY_FIXTURE } from '../fixtures/monthlyReportData';

const SHEETS = ['封面', '任务进展', '县区排名', '目标完成矩阵', '滞后清单', '数据质量', '报送情况', '与上次通报相比'];
const PNG_MAGIC = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

let buf: Buffer;
let sj: XLSX.WorkBook;
let ex: ExcelJS.Workbook;

/** The SheetJS cell at a zero-based row and column. */
const at = (ws: XLSX.WorkSheet, r: number, c: number): XLSX.CellObject | undefined => ws[XLSX.utils.encode_cell({ r, c })] as XLSX.CellObject | undefined;

/** Zero-based rows whose cell in column `c` is `text`. */
function rowsWhere(ws: XLSX.WorkSheet, c: number, text: string | number): number[] {
  const range = XLSX.utils.decode_range(ws['!ref']!);
  const out: number[] = [];
  for (let r = range.s.r; r <= range.e.r; r++) if (at(ws, r, c)?.v === text) out.push(r);
  return out;
}

/** Zero-based column whose cell in row `r` is `text`. */
function colWhere(ws: XLSX.WorkSheet, r: number, text: string): number {
  const range = XLSX.utils.decode_range(ws['!ref']!);
  for (let c = range.s.c; c <= range.e.c; c++) if (at(ws, r, c)?.v === text) return c;
  return -1;
}

const fillOf = (cell: XLSX.CellObject | undefined) => (cell?.s as { fgColor?: { rgb?: string } } | undefined)?.fgColor?.rgb;

beforeAll(async () => {
  buf = await buildMonthlyWorkbook(MONTHLY_FIXTURE);
  sj = XLSX.read(buf, { cellStyles: true });
  ex = new ExcelJS.Workbook();
  await ex.xlsx.load(buf as unknown as ExcelJS.Buffer);
});

describe('月度通报 workbook', () => {
  // how fast it builds is the benchmark's business: a loaded 2-core machine must not fail this
  it('has the sheets in order', () => {
    expect(sj.SheetNames).toEqual(SHEETS);
    expect(ex.worksheets.map((w) => w.name)).toEqual(SHEETS);
    expect(Object.values(MONTHLY_SHEETS)).toEqual(SHEETS);
  });

  it('records the issuer and the issue date, so the content depends only on the data', () => {
    expect(ex.creator).toBe(MONTHLY_FIXTURE.issuer);
    expect(ex.created?.toISOString()).toBe(new Date(MONTHLY_FIXTURE.issuedAt).toISOString());
    expect(ex.modified?.toISOString()).toBe(new Date(MONTHLY_FIXTURE.issuedAt).toISOString());
    expect(ex.title).toBe(MONTHLY_FIXTURE.title);
  });

  it('puts the title, the as-of date, the plan, the run and the overview on the cover', () => {
    const ws = sj.Sheets['封面']!;
    const texts = Object.keys(ws)
      .filter((k) => !k.startsWith('!'))
      .map((k) => String((ws[k] as XLSX.CellObject).v));
    expect(texts).toContain(MONTHLY_FIXTURE.title);
    expect(texts).toContain('（截至2020年9月30日）');
    expect(texts).toContain('2020年10月12日');
    expect(texts).toContain('《阳泉市打赢蓝天保卫战2020年决战行动方案》（阳政办发〔2020〕28号）');
    expect(texts).toContain('依据第 7 次评估，读取 31 份台账');
    for (const p of MONTHLY_FIXTURE.overview) expect(texts).toContain(`\u3000\u3000${p}`);
    // the status summary: 18 done of 36
    const done = rowsWhere(ws, 0, '已完成')[0]!;
    expect(at(ws, done, 1)?.v).toBe(18);
    expect(at(ws, done, 2)?.v).toBeCloseTo(0.5, 10);
    expect(at(ws, done, 2)?.z).toBe('0.0%');
    expect(fillOf(at(ws, done, 0))).toBe(STATUS_COLORS.done.fill);
  });

  it('embeds the status chart on the cover as a PNG under 200 KB', () => {
    expect(ex.model.media.length).toBeGreaterThanOrEqual(1);
    const cover = ex.getWorksheet('封面')!;
    const images = cover.getImages();
    expect(images.length).toBe(1);
    const media = ex.model.media[Number(images[0]!.imageId)] as unknown as { extension: string; buffer: Buffer };
    expect(media.extension).toBe('png');
    expect([...media.buffer.subarray(0, 8)]).toEqual(PNG_MAGIC);
    expect(media.buffer.length).toBeLessThan(200 * 1024);
    // drawn at twice the size it is shown at
    const shown = (images[0]!.range as unknown as { ext: { width: number; height: number } }).ext;
    expect(pngSize(media.buffer)?.width).toBe(Math.round(shown.width * 2));
    // and a ranking chart on 县区排名
    expect(ex.getWorksheet('县区排名')!.getImages().length).toBe(1);
  });

  it('lists task progress with a 合计 row whose formulas carry their results', () => {
    const ws = sj.Sheets['任务进展']!;
    const r = rowsWhere(ws, 1, '深入推进重污染行业结构优化调整')[0]!;
    const t1 = MONTHLY_FIXTURE.tasks.find((t) => t.no === 1)!;
    expect([3, 4, 5, 6, 7, 8, 9].map((c) => at(ws, r, c)?.v)).toEqual([t1.targets, t1.done, t1.onTrack, t1.lagging, t1.overdue, t1.noData, t1.noTarget]);
    expect(at(ws, r, 2)?.v).toBe('市工信局、市能源局');
    const total = rowsWhere(ws, 0, '合计')[0]!;
    expect(at(ws, total, 3)?.f).toBe(`SUM(D4:D${total})`);
    expect(at(ws, total, 3)?.v).toBe(MONTHLY_FIXTURE.cells.length);
    expect(at(ws, total, 4)?.v).toBe(MONTHLY_FIXTURE.tasks.reduce((s, t) => s + t.done, 0));
  });

  it('ranks the counties with the score out of 100 to one decimal', () => {
    const ws = sj.Sheets['县区排名']!;
    const rows = MONTHLY_FIXTURE.ranking.map((k) => rowsWhere(ws, 1, k.unit)[0]!);
    expect(rows).toEqual([...rows].sort((a, b) => a - b));
    const r = rowsWhere(ws, 1, '城区')[0]!;
    expect(at(ws, r, 0)?.v).toBe(1);
    expect(at(ws, r, 2)?.v).toBe(98.7);
    expect(at(ws, r, 2)?.z).toBe('0.0');
    expect(at(ws, r, 2)?.w).toBe('98.7');
    expect(at(ws, rowsWhere(ws, 1, '盂县')[0]!, 2)?.v).toBe(63.5);
  });

  it('shows each target × unit as completion and time progress, coloured by status, with 不适用 where a unit owes nothing', () => {
    const ws = sj.Sheets['目标完成矩阵']!;
    // two header rows: units over 完成率 / 时序进度
    const units = [...MONTHLY_FIXTURE.units, '阳煤集团', CITY];
    const cols = units.map((u) => colWhere(ws, 2, u));
    expect(cols.every((c) => c > 0)).toBe(true);
    expect(cols).toEqual([...cols].sort((a, b) => a - b));
    for (const c of cols) {
      expect(at(ws, 3, c)?.v).toBe('完成率');
      expect(at(ws, 3, c + 1)?.v).toBe('时序进度');
    }
    const col = (u: string) => cols[units.indexOf(u)]!;

    const permit = rowsWhere(ws, 1, '固定污染源排污许可证全覆盖')[0]!;
    expect(at(ws, permit, 0)?.v).toBe(5);
    expect(at(ws, permit, 3)?.v).toBe('2020年8月31日');
    const pd = at(ws, permit, col('平定县'));
    expect(pd?.t).toBe('n');
    expect(pd?.v).toBe(0.873);
    expect(pd?.z).toBe(COMPLETION_FORMAT);
    expect(fillOf(pd)).toBe(STATUS_COLORS.overdue.fill);
    expect(at(ws, permit, col('平定县') + 1)?.v).toBe(1);
    expect(at(ws, permit, col('平定县') + 1)?.z).toBe('0.0%');
    expect(fillOf(at(ws, permit, col('城区')))).toBe(STATUS_COLORS.done.fill);
    expect(at(ws, permit, col(CITY))?.v).toBe('不适用');

    // completion over 100 % is kept
    const trucks = rowsWhere(ws, 1, '完成国三及以下排放标准营运中型和重型柴油货车淘汰任务')[0]!;
    expect(at(ws, trucks, col('郊区'))?.v).toBe(1.0054);
    expect(fillOf(at(ws, trucks, col('城区')))).toBe(STATUS_COLORS.on_track.fill);
    expect(fillOf(at(ws, trucks, col('矿区')))).toBe(STATUS_COLORS.lagging.fill);
    expect(fillOf(at(ws, trucks, col('盂县')))).toBe(STATUS_COLORS.seriously_lagging.fill);
    expect(at(ws, trucks, col('开发区'))?.v).toBe('未报送');
    expect(fillOf(at(ws, trucks, col('开发区')))).toBe(STATUS_COLORS.no_data.fill);
    expect(at(ws, trucks, col('平定县'))?.v).toBe('待下达');
    expect(fillOf(at(ws, trucks, col('平定县')))).toBe(STATUS_COLORS.no_target.fill);

    // the city-wide target sits under 全市 only
    const mines = rowsWhere(ws, 1, '完成废弃露天矿山恢复治理面积')[0]!;
    expect(at(ws, mines, col(CITY))?.v).toBe(0.625);
    expect(at(ws, mines, col('城区'))?.v).toBe('不适用');
    expect(at(ws, mines, 3)?.v).toBe('2020年12月31日');

    // a note with the basis on the completion cell
    const exCell = ex.getWorksheet('目标完成矩阵')!.getCell(permit + 1, col('平定县') + 1);
    expect(JSON.stringify(exCell.note)).toContain('应发证 166 户，已发证 145 户');

    // the legend below the table
    for (const label of ['已完成', '序时推进', '滞后', '严重滞后', '逾期未完成', '未报送', '目标值待下达']) expect(rowsWhere(ws, 1, label).length).toBe(1);
  });

  it('lists the lagging items with measures in the number format and the status coloured', () => {
    const ws = sj.Sheets['滞后清单']!;
    expect(['序号', '目标', '单位', '责任单位', '牵头单位', '状态', '目标值', '实际', '完成率', '时序进度', '依据'].map((_, c) => at(ws, 2, c)?.v)).toEqual([
      '序号',
      '目标',
      '单位',
      '责任单位',
      '牵头单位',
      '状态',
      '目标值',
      '实际',
      '完成率',
      '时序进度',
      '依据',
    ]);
    const rows = rowsWhere(ws, 0, 1);
    expect(rows.length).toBe(1);
    expect(rowsWhere(ws, 5, '逾期未完成').length + rowsWhere(ws, 5, '严重滞后').length + rowsWhere(ws, 5, '滞后').length).toBe(MONTHLY_FIXTURE.lagging.length);
    // worst first, as given
    expect(at(ws, rows[0]!, 5)?.v).toBe('逾期未完成');
    expect(fillOf(at(ws, rows[0]!, 5))).toBe(STATUS_COLORS.overdue.fill);

    // named with the task number, as the lagging list is read without the matrix's task column
    const mine = rowsWhere(ws, 1, '任务14 完成废弃露天矿山恢复治理面积')[0]!;
    expect(at(ws, mine, 2)?.v).toBe(CITY);
    expect(at(ws, mine, 3)?.v).toBe('市规划和自然资源局');
    expect(at(ws, mine, 6)?.v).toBe(20000);
    expect(at(ws, mine, 6)?.z).toBe('#,##0.0" 亩"');
    expect(at(ws, mine, 7)?.v).toBe(12500.5);
    expect(at(ws, mine, 7)?.z).toBe('#,##0.0" 亩"');
    expect(at(ws, mine, 8)?.v).toBe(0.625);
    expect(at(ws, mine, 8)?.z).toBe(COMPLETION_FORMAT);
    expect(at(ws, mine, 9)?.z).toBe('0.0%');
    expect(fillOf(at(ws, mine, 5))).toBe(STATUS_COLORS.lagging.fill);

    // a milestone has no value: the target's words stand in
    const washing = rowsWhere(ws, 1, '任务1 完成煤炭洗选企业核查认定，淘汰范围内的洗煤企业同步依法淘汰');
    expect(washing.length).toBe(2);
    expect(at(ws, washing[0]!, 6)?.v).toBe('按期完成（销号）');
    expect(at(ws, washing[0]!, 7)?.v).toBe('—');
  });

  it('keeps text that would run as a formula as text, and writes no formula but the 合计 rows', () => {
    const lag = sj.Sheets['滞后清单']!;
    const r = rowsWhere(lag, 2, '盂县').find((row) => String(at(lag, row, 10)?.v).includes('SUM(A1)'))!;
    const basis = at(lag, r, 10)!;
    expect(basis.t).toBe('s');
    expect(basis.f).toBeUndefined();
    expect(basis.v).toBe("'=SUM(A1)+1 车辆淘汰台账：已淘汰 280 辆");

    const formulas: string[] = [];
    for (const name of sj.SheetNames) {
      const ws = sj.Sheets[name]!;
      for (const [addr, cell] of Object.entries(ws)) {
        if (addr.startsWith('!')) continue;
        const c = cell as XLSX.CellObject;
        if (c.f) formulas.push(`${name}!${addr}=${c.f}`);
        if (c.t === 's') expect(String(c.v), `${name}!${addr}`).not.toMatch(/^[=+\-@]/);
      }
    }
    expect(formulas.every((f) => /=SUM\([A-Z]+\d+:[A-Z]+\d+\)$/.test(f))).toBe(true);
    const sheetsWithFormulas = new Set(formulas.map((f) => f.split('!')[0]));
    expect([...sheetsWithFormulas].sort()).toEqual(['任务进展', '封面', '数据质量'].sort());
    // the + and @ texts too
    const q = sj.Sheets['数据质量']!;
    expect(String(at(q, rowsWhere(q, 0, '盂县')[0]!, 7)?.v)).toContain('+86-0353');
    const changes = sj.Sheets['与上次通报相比']!;
    expect(at(changes, 5, 1)?.v).toBe(`'${MONTHLY_FIXTURE.changes[2]}`);
  });

  it('reports data quality per submitting unit', () => {
    const ws = sj.Sheets['数据质量']!;
    const r = rowsWhere(ws, 0, '盂县')[0]!;
    expect([1, 2, 3, 4, 5, 6].map((c) => at(ws, r, c)?.v)).toEqual([6, 2311, 37, 18, 41, 20]);
    expect(at(ws, r, 7)?.v).toBe("号牌格式错误 23；统一社会信用代码校验位错误 12；+86-0353 联系电话格式错误 6");
    const total = rowsWhere(ws, 0, '合计')[0]!;
    expect(at(ws, total, 5)?.v).toBe(47);
    expect(at(ws, total, 5)?.f).toBe(`SUM(F4:F${total})`);
  });

  it('lists every return with its status coloured, and a unit × ledger summary on the cover', () => {
    const ws = sj.Sheets['报送情况']!;
    expect(['单位', '台账', '所属月份', '应报日期', '状态', '报送时间'].map((_, c) => at(ws, 2, c)?.v)).toEqual(['单位', '台账', '所属月份', '应报日期', '状态', '报送时间']);
    const first = 3;
    const n = MONTHLY_FIXTURE.returns.length;
    expect(at(ws, first + n - 1, 0)?.v).toBe('开发区');
    expect(at(ws, first + n - 1, 2)?.v).toBe('2020年8月');
    expect(at(ws, first + n - 1, 3)?.v).toBe('2020年9月10日');
    const colour: Record<string, string> = { 按时: 'C6EFCE', 逾期报送: 'FFEB9C', 未报送: 'FFC7CE', 未到期: 'F2F2F2' };
    const seen = new Set<string>();
    for (let r = first; r < first + n; r++) {
      const status = String(at(ws, r, 4)?.v);
      seen.add(status);
      expect(fillOf(at(ws, r, 4)), `${r}`).toBe(colour[status]);
      expect(at(ws, r, 1)?.v).toMatch(/台账$/);
    }
    expect([...seen].sort()).toEqual(Object.keys(colour).sort());

    const cover = sj.Sheets['封面']!;
    const header = rowsWhere(cover, 0, '单位')[0]!;
    const vehicle = colWhere(cover, header, '车辆淘汰台账');
    const dev = rowsWhere(cover, 0, '开发区')[0]!;
    expect(at(cover, dev, vehicle)?.v).toBe('未报送');
    expect(fillOf(at(cover, dev, vehicle))).toBe('FFC7CE');
  });

  it('prints every sheet on A4 landscape, one page wide, header rows repeated and frozen', () => {
    const titles: Record<string, string> = { 任务进展: '3:3', 县区排名: '3:3', 目标完成矩阵: '3:4', 滞后清单: '3:3', 数据质量: '3:3', 报送情况: '3:3', 与上次通报相比: '3:3' };
    for (const ws of ex.worksheets) {
      expect(ws.pageSetup.paperSize, ws.name).toBe(9);
      expect(ws.pageSetup.orientation, ws.name).toBe('landscape');
      expect(ws.pageSetup.fitToPage, ws.name).toBe(true);
      expect(ws.pageSetup.fitToWidth, ws.name).toBe(1);
      expect(ws.pageSetup.fitToHeight, ws.name).toBe(0);
      expect(ws.headerFooter.oddFooter, ws.name).toContain('第 &P 页，共 &N 页');
      expect(ws.headerFooter.oddHeader, ws.name).toContain(MONTHLY_FIXTURE.title);
      if (ws.name === '封面') continue;
      expect(ws.pageSetup.printTitlesRow, ws.name).toBe(titles[ws.name]);
      const view = ws.views[0] as ExcelJS.WorksheetViewFrozen;
      expect(view.state, ws.name).toBe('frozen');
      expect(view.ySplit, ws.name).toBe(Number(titles[ws.name]!.split(':')[1]));
    }
    expect((ex.getWorksheet('目标完成矩阵')!.views[0] as ExcelJS.WorksheetViewFrozen).xSplit).toBe(2);
    // header cells: bold, filled, bordered, wrapped
    const h = ex.getWorksheet('滞后清单')!.getCell('B3');
    expect(h.font.bold).toBe(true);
    expect(h.fill).toMatchObject({ type: 'pattern', pattern: 'solid' });
    expect(h.border.top?.style).toBe('thin');
    expect(h.alignment.wrapText).toBe(true);
    expect(ex.getWorksheet('封面')!.getCell('A1').font.name).toBe('黑体');
    expect(ex.getWorksheet('滞后清单')!.getCell('B4').font.name).toBe('宋体');
  });

  it('leaves out the changes sheet when nothing changed, and copes with an empty month', async () => {
    const empty: MonthlyReportData = { ...MONTHLY_FIXTURE, changes: [], lagging: [], quality: [], returns: [], ranking: [], overview: [] };
    const wb = XLSX.read(await buildMonthlyWorkbook(empty));
    expect(wb.SheetNames).toEqual(SHEETS.slice(0, 7));
  });
});

describe('chart image', () => {
  it('renders an ECharts option to a PNG of the width asked for, at 2x by default', () => {
    const chart = renderChartPng(statusChartOption(MONTHLY_FIXTURE), { width: 400, height: 240 });
    expect([...chart.png.subarray(0, 8)]).toEqual(PNG_MAGIC);
    expect(pngSize(chart.png)).toEqual({ width: 800, height: 480 });
    expect(chart.width).toBe(800);
    expect(chart.displayWidth).toBe(400);
    expect(chart.displayHeight).toBe(240);
  });
});
