// Issue 10, points 4 and 8: the briefing, read back, counts the same things the same way everywhere, and its
// matrix says 未报送 only where a return was due. Built from ledgers this test writes, not from the demo.
import { beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import * as XLSX from 'xlsx';
import { createApi } from '../../main/core/api';
import type { Workspace } from '../../main/core/workspace';
import type { ApiImpl } from '../../shared/api';
import { CITY, STATUSES, STATUS_LABEL, type AssessStatus, type AssessmentView } from '../../shared/assessModels';
import { xlsx, type Cell } from '../fixtures/workbooks';
import { BOILER_HEADERS, INDICATOR_HEADERS, MILESTONE_HEADERS, utcDate } from '../fixtures/ledgerRows';
import { uscc } from '../fixtures/ids';
import { imp, newWorkspace } from '../support/importHarness';
import { dossierResults } from '../../main/core/reports/dossierData';
import { countable, countItems } from '../../main/core/assess/counts';

let ws: Workspace;
let api: ApiImpl;
let view: AssessmentView;
let book: ExcelJS.Workbook;
let bytes: Buffer;

/** Two small coal boilers (one still in use) and two gas boilers, both retrofitted: the same in both counties. */
function boilers(county: string, seed: number): Cell[][] {
  const firm = (n: number) => `${county}测试${n}号供热站`;
  return [
    [county, firm(1), uscc(seed + 1, county), `锅晋C${seed}01`, '燃煤', 4, '供暖', '已淘汰', utcDate(2020, 6, 30), '否', null, null, null],
    [county, firm(2), uscc(seed + 2, county), `锅晋C${seed}02`, '燃煤', 10, '供暖', '在用', null, '否', null, null, null],
    [county, firm(3), uscc(seed + 3, county), `锅晋C${seed}03`, '燃气', 4, '供暖', '在用', null, '是', utcDate(2020, 5, 20), 30, null],
    [county, firm(4), uscc(seed + 4, county), `锅晋C${seed}04`, '燃气', 2, '生产', '在用', null, '是', utcDate(2020, 6, 10), 28, null],
  ];
}

const at = new Date('2020-10-03T02:00:00Z');

async function ledger(name: string, title: string, header: readonly string[], rows: Cell[][]): Promise<void> {
  const r = imp(ws, name, await xlsx({ sheets: [{ name: 'Sheet1', titleRows: [title], header: [...header], rows }] }), { now: at });
  expect(r.status, `${name}: ${r.error?.message ?? ''}${r.findings.map((f) => f.message).join('；')}`).toBe('imported');
  expect(r.rows.rejected, `${name}: ${r.findings.map((f) => f.message).join('；')}`).toBe(0);
}

/** Every cell of a sheet as people read it: the text, or the number as its format shows it. */
function shownTexts(buf: Buffer): { sheet: string; ref: string; text: string; value: unknown }[] {
  const wb = XLSX.read(buf, { cellNF: true, cellText: true });
  const out: { sheet: string; ref: string; text: string; value: unknown }[] = [];
  for (const name of wb.SheetNames) {
    const s = wb.Sheets[name]!;
    for (const [ref, c] of Object.entries(s)) {
      if (ref.startsWith('!')) continue;
      const cell = c as XLSX.CellObject;
      out.push({ sheet: name, ref, text: cell.w ?? String(cell.v ?? ''), value: cell.v });
    }
  }
  return out;
}

const textOf = (c: ExcelJS.Cell): string => {
  const v = c.value;
  if (v && typeof v === 'object' && 'result' in v) return String(v.result ?? '');
  if (v && typeof v === 'object' && 'richText' in v) return v.richText.map((x) => x.text).join('');
  return v === null || v === undefined ? '' : String(v);
};
const numOf = (c: ExcelJS.Cell): number => Number(textOf(c));

function rowsOf(sheet: string): ExcelJS.Row[] {
  const out: ExcelJS.Row[] = [];
  book.getWorksheet(sheet)!.eachRow((r) => out.push(r));
  return out;
}
const findRow = (sheet: string, col: number, text: string) => rowsOf(sheet).find((r) => textOf(r.getCell(col)) === text);

beforeAll(async () => {
  ws = newWorkspace();
  api = createApi({ db: ws.db, file: ws.file, clock: { now: () => new Date('2020-10-12T02:00:00Z') }, user: '测试分析员' });
  await api['workspaceSettings.set']({ key: 'analyst', value: '测试分析员' });
  // 盂县 and 平定县 send the same boilers and the same milestone progress; the other counties send nothing
  await ledger('盂县锅炉.xlsx', '盂县2020年9月锅炉台账', BOILER_HEADERS, boilers('盂县', 11));
  await ledger('平定县锅炉.xlsx', '平定县2020年9月锅炉台账', BOILER_HEADERS, boilers('平定县', 21));
  for (const county of ['盂县', '平定县']) {
    await ledger(`${county}任务销号.xlsx`, `${county}2020年9月任务销号台账`, MILESTONE_HEADERS, [
      ['T07-coal-ban-zones', county, '推进中', null, null, null],
      ['T04-voc-remediation', county, '已完成', utcDate(2020, 6, 20), '阳环办发〔2020〕12号', null],
    ]);
  }
  // 市生态环境局 reports the dust fall of two counties of six
  await ledger('市生态环境局指标.xlsx', '市生态环境局2020年9月指标报送', INDICATOR_HEADERS, [
    ['城区', 'T17-dustfall', '2020年9月', 7.2, '吨/月·平方公里', null],
    ['矿区', 'T17-dustfall', '2020年9月', 9.8, '吨/月·平方公里', null],
  ]);
  view = await api['assess.save']({ asOf: '2020-09-30' });
  const issued = await api['reports.monthly']({ month: '2020-09', runId: view.runId! });
  bytes = Buffer.from(issued.file.base64, 'base64');
  book = new ExcelJS.Workbook();
  await book.xlsx.load(bytes as unknown as ExcelJS.Buffer);
});

describe('one count, everywhere (read back from the briefing)', () => {
  it('the cover counts what the 任务进展 totals and the 滞后清单 count, and what the 考核评估 page gets from the API', () => {
    // the cover's status table: 状态 | 考核事项数
    const cover: Partial<Record<AssessStatus, number>> = {};
    for (const s of STATUSES) cover[s] = numOf(findRow('封面', 1, STATUS_LABEL[s])!.getCell(2));
    const coverTotal = numOf(findRow('封面', 1, '合计')!.getCell(2));

    // the task sheet's 合计 row: 考核事项数, 已完成, 序时推进, 滞后（含严重滞后）, 逾期未完成, 未报送, 目标值待下达
    const total = findRow('任务进展', 1, '合计')!;
    const tasks = [4, 5, 6, 7, 8, 9, 10].map((c) => numOf(total.getCell(c)));
    expect(tasks).toEqual([coverTotal, cover.done, cover.on_track, cover.lagging! + cover.seriously_lagging!, cover.overdue, cover.no_data, cover.no_target]);

    // the lagging list's numbered rows, per status
    const numbered = rowsOf('滞后清单').filter((r) => r.number > 3 && /^\d+$/.test(textOf(r.getCell(1))));
    const listed = (s: AssessStatus) => numbered.filter((r) => textOf(r.getCell(6)) === STATUS_LABEL[s]).length;
    expect([listed('overdue'), listed('seriously_lagging'), listed('lagging')]).toEqual([cover.overdue, cover.seriously_lagging, cover.lagging]);
    expect(cover.overdue).toBeGreaterThan(0);
    expect(cover.seriously_lagging! + cover.lagging!).toBeGreaterThan(0);

    // the overview sentence and its "等 N 项" agree with the table
    const overview = rowsOf('封面').map((r) => textOf(r.getCell(1))).join('\n');
    expect(overview).toContain(`分解为 ${coverTotal} 个考核事项`);
    expect(overview).toContain(`逾期未完成 ${cover.overdue} 个`);
    const named = /逾期未完成的有：[^\n]*?等 (\d+) 项/.exec(overview);
    if (named) expect(Number(named[1])).toBe(cover.overdue);

    // the API the page reads counts the same
    expect(view.counts.items).toBe(coverTotal);
    for (const s of STATUSES) expect(view.counts.byStatus[s], s).toBe(cover[s]);
  });

  it('lists city totals apart and never counts them as a unit’s item', () => {
    const cityTotals = view.results.filter((r) => r.unit === CITY && !r.detail.responsible);
    expect(cityTotals.length).toBeGreaterThan(0);
    expect(view.counts.cityTotals).toBe(cityTotals.length);
    expect(view.counts.items).toBe(view.results.length - cityTotals.length);

    const lagging = rowsOf('滞后清单');
    const numbered = lagging.filter((r) => r.number > 3 && /^\d+$/.test(textOf(r.getCell(1))));
    expect(numbered.some((r) => textOf(r.getCell(4)) === '各县区（全市合计）')).toBe(false);
    const apart = lagging.filter((r) => textOf(r.getCell(4)) === '各县区（全市合计）');
    expect(apart.length).toBe(cityTotals.filter((r) => ['lagging', 'seriously_lagging', 'overdue'].includes(r.status)).length);
    expect(apart.every((r) => textOf(r.getCell(1)) === '—')).toBe(true);
    // the heading over them says they are not counted
    expect(lagging.some((r) => /全市合计.*不计入/.test(textOf(r.getCell(1))))).toBe(true);
  });

  it('gives a unit’s dossier the items the lagging list names for it, counted the same way', async () => {
    const plan = await api['plan.get']({});
    const numbered = rowsOf('滞后清单').filter((r) => r.number > 3 && /^\d+$/.test(textOf(r.getCell(1))));
    for (const unit of ['平定县', '盂县']) {
      const dossier = countItems(dossierResults(plan, view, unit).map(countable));
      const listed = numbered.filter((r) => textOf(r.getCell(4)) === unit);
      expect(dossier.items, unit).toBe(listed.length);
      for (const s of ['overdue', 'seriously_lagging', 'lagging'] as const) {
        expect(dossier.byStatus[s], `${unit} ${s}`).toBe(listed.filter((r) => textOf(r.getCell(6)) === STATUS_LABEL[s]).length);
      }
    }
  });

  it('says on the task sheet why its tasks alone do not make the cover’s total', () => {
    const subtotal = findRow('任务进展', 1, '重点任务小计');
    const texts = rowsOf('任务进展').map((r) => textOf(r.getCell(1)));
    if (subtotal) expect(texts.some((t) => t.includes('决战目标') && t.includes('合计'))).toBe(true);
    else expect(view.results.every((r) => r.task !== null)).toBe(true);
  });

  it('ranks ties together: the two counties with the same ledgers share 1st, the two with nothing share 5th', () => {
    const ranking = rowsOf('县区排名').filter((r) => r.number > 3 && /^\d+$/.test(textOf(r.getCell(1))));
    const rank = Object.fromEntries(ranking.map((r) => [textOf(r.getCell(2)), Number(textOf(r.getCell(1)))]));
    // 城区 and 矿区 have one dust-fall figure each (met, and missed)
    expect(rank).toEqual({ 盂县: 1, 平定县: 1, 城区: 3, 矿区: 4, 郊区: 5, 开发区: 5 });
    expect(Object.fromEntries(view.ranking.map((k) => [k.unit, k.rank]))).toEqual(rank);
  });

  it('shows no raw 0.5, no "0.0 台" and no "< 0%" anywhere', () => {
    const shown = shownTexts(bytes);
    expect(shown.length).toBeGreaterThan(100);
    const bad = shown.filter((c) => c.text.trim() === '0.5' || /(^|\D)0\.0 台/.test(c.text) || c.text.includes('< 0%'));
    expect(bad).toEqual([]);
    // the overdue boiler reads "1 台" against "0 台"
    expect(shown.some((c) => c.sheet === '滞后清单' && c.text === '1 台')).toBe(true);
    expect(shown.some((c) => c.sheet === '滞后清单' && c.text === '0 台')).toBe(true);
    // and the milestone in progress reads as its word, with the convention stated
    expect(shown.some((c) => c.sheet === '滞后清单' && c.text === '推进中')).toBe(true);
    expect(shown.some((c) => c.sheet === '滞后清单' && c.text.includes('“推进中”的，完成率按 50% 计入'))).toBe(true);
  });
});

describe('the matrix shows what is owed', () => {
  const col = (unit: string) => {
    const header = book.getWorksheet('目标完成矩阵')!.getRow(3);
    let at = 0;
    header.eachCell((c, n) => {
      if (textOf(c) === unit && at === 0) at = n;
    });
    return at;
  };
  const cell = (target: string, unit: string) => {
    const row = findRow('目标完成矩阵', 2, target)!;
    return textOf(row.getCell(col(unit)));
  };

  it('is 不适用 where the plan gives the unit no such target, 未报送 where the unit owed a return and sent none', () => {
    // 禁煤区 is a target of 平定县, 盂县 and 郊区 only: 城区 has nothing to report
    expect(cell('将已完成清洁取暖改造的区域划定为“禁煤区”', '城区')).toBe('不适用');
    // 郊区 owes its milestone return (others report this milestone) and sent none
    expect(cell('将已完成清洁取暖改造的区域划定为“禁煤区”', '郊区')).toBe('未报送');
    // every county owes its boiler ledger; 城区 sent none
    expect(cell('全面完成燃气锅炉低氮改造', '城区')).toBe('未报送');
    // the department that reports dust fall owes it for the counties it left out
    expect(cell('降尘量低于9吨/月·平方公里', '郊区')).toBe('未报送');
    // a milestone in progress reads 推进中
    expect(cell('将已完成清洁取暖改造的区域划定为“禁煤区”', '平定县')).toBe('推进中');
  });

  it('leaves out targets nobody is asked to report, and states the 推进中 convention under the matrix', () => {
    const texts = rowsOf('目标完成矩阵').map((r) => textOf(r.getCell(2)));
    // no ledger carries 预报预警 for any unit: no row of 未报送 cells for it
    expect(texts).not.toContain('完善重污染天气预报预警会商机制');
    expect(view.results.some((r) => r.target === 'T19-forecasting')).toBe(false);
    // the counties owe their vehicle ledgers and sent none: 未报送; 阳煤集团 is held to the same target but no return is asked of it
    const status = (target: string, unit: string) => view.results.find((r) => r.target === target && r.unit === unit)?.status;
    expect(status('T13-guo3-truck-retirement', '城区')).toBe('no_data');
    expect(status('T13-guo3-truck-retirement', '阳煤集团')).toBeUndefined();
    // the counties' returns are due, so every 未报送 is a county's (or their city total's)
    expect(view.results.filter((r) => r.status === 'no_data').every((r) => ['城区', '矿区', '郊区', '平定县', '盂县', '开发区', CITY].includes(r.unit))).toBe(true);
    expect(texts.some((t) => t.includes('“推进中”的，完成率按 50% 计入') && t.includes('设置'))).toBe(true);
  });

  it('scores 推进中 by the workspace setting, while a saved assessment keeps the value it used', async () => {
    await api['workspaceSettings.set']({ key: 'milestoneInProgressScore', value: 0.3 });
    const live = await api['assess.compute']({ asOf: '2020-09-30' });
    const progress = (v: AssessmentView) => v.results.find((r) => r.target === 'T07-coal-ban-zones' && r.unit === '平定县')!;
    expect(progress(live).completion).toBeCloseTo(0.3, 10);
    expect(progress(live).detail.progress).toBe('推进中');
    expect(live.settings.milestoneProgress['推进中']).toBe(0.3);
    const saved = await api['assess.open']({ runId: view.runId! });
    expect(progress(saved).completion).toBeCloseTo(0.5, 10);
    expect(saved.settings.milestoneProgress['推进中']).toBe(0.5);
    // 100 % belongs to 已完成 alone (the contract's schema refuses it before the core sees it)
    const { workspaceSettingRequest } = await import('../../shared/settingsModels');
    expect(workspaceSettingRequest.safeParse({ key: 'milestoneInProgressScore', value: 1 }).success).toBe(false);
    expect(workspaceSettingRequest.safeParse({ key: 'milestoneInProgressScore', value: 0.3 }).success).toBe(true);
    await api['workspaceSettings.set']({ key: 'milestoneInProgressScore', value: 0.5 });
  });
});
