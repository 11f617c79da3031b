// Issue 10's test of done: a briefing and a dossier made from data no test was tuned to (the demo's shapes with
// another seed and other missing returns, in an ordinary workspace), read back as their readers would read them:
// one signer, one set of dates, one count, names not codes, a decision before a dossier, and the pages' counts.
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import * as XLSX from 'xlsx';
import { createApi } from '../../main/core/api';
import { openWorkspace, type Workspace } from '../../main/core/workspace';
import type { ApiImpl } from '../../shared/api';
import { STATUSES, STATUS_LABEL, type AssessStatus, type AssessmentView } from '../../shared/assessModels';
import { buildDemoLedgers } from '../fixtures/demoLedgers';
import { unzipEntry } from '../support/unzip';
import { suiteDir } from '../support/tmp';

const ANALYST = '赵敏';
const OS_ACCOUNT = 'root';
const ISSUED_ON = '2020-10-12';
/** Returns that do not come in: one county's boilers, another's milestones, a third county's August permits. */
const MISSING = ['2020-09|郊区|boiler', '2020-09|平定县|milestone', '2020-08|矿区|permit'];
const CODE = /\b(T\d{2}-[a-z][a-z0-9-]*|g-[a-z][a-z0-9-]*|P\d+-[a-z][a-z0-9-]*)\b/;

let ws: Workspace;
let api: ApiImpl;
let view: AssessmentView;
let briefing: Buffer;
let book: ExcelJS.Workbook;
let dossier: Buffer;
let dossierUnit: string;
let decidedLevels: Set<string>;
let undecidedUnit: string | null;

const textOf = (c: ExcelJS.Cell): string => {
  const v = c.value;
  if (v && typeof v === 'object' && 'result' in v) return String(v.result ?? '');
  if (v && typeof v === 'object' && 'richText' in v) return v.richText.map((x) => x.text).join('');
  return v === null || v === undefined ? '' : String(v);
};
const rowsOf = (sheet: string): ExcelJS.Row[] => {
  const out: ExcelJS.Row[] = [];
  book.getWorksheet(sheet)!.eachRow((r) => out.push(r));
  return out;
};
const findRow = (sheet: string, col: number, text: string) => rowsOf(sheet).find((r) => textOf(r.getCell(col)) === text);

/** Every cell of the briefing as it shows: the text, or the number as its format shows it. */
function shownCells(buf: Buffer): { sheet: string; ref: string; text: string }[] {
  const wb = XLSX.read(buf, { cellNF: true, cellText: true });
  return wb.SheetNames.flatMap((name) =>
    Object.entries(wb.Sheets[name]!)
      .filter(([ref]) => !ref.startsWith('!'))
      .map(([ref, c]) => ({ sheet: name, ref, text: (c as XLSX.CellObject).w ?? String((c as XLSX.CellObject).v ?? '') })),
  );
}

const unxml = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&amp;/g, '&');
/** The words of a Word part, runs joined: what a reader sees, whatever the run boundaries. */
const wordText = (xml: string) => unxml([...xml.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join(''));
const dossierText = () => wordText(unzipEntry(dossier, 'word/document.xml'));
const chineseDates = (text: string) => [...text.matchAll(/(\d{4})年(\d{1,2})月(\d{1,2})日/g)].map((m) => m[0]);

beforeAll(async () => {
  ws = openWorkspace(path.join(suiteDir(), '阳泉2020.sqlite'), { create: true });
  // the OS account is root, as on the PC where the issue was found; the documents must not show it
  api = createApi({ db: ws.db, file: ws.file, clock: { now: () => new Date('2020-10-12T02:00:00Z') }, user: OS_ACCOUNT });
  await api['workspaceSettings.set']({ key: 'analyst', value: ANALYST });
  await api['workspaceSettings.set']({ key: 'docNumberPrefix', value: '阳大气办' });
  await api['workspaceSettings.set']({ key: 'copyRecipients', value: '市委办公室，市政府办公室' });

  const files = await buildDemoLedgers({ seed: 4242, notSubmitted: MISSING });
  for (const month of ['2020-08', '2020-09']) {
    const batch = files
      .filter((f) => f.relPath.startsWith(month))
      .sort((a, b) => Number(a.relPath.includes('（更正）')) - Number(b.relPath.includes('（更正）')));
    const { submissions } = await api['imports.run']({ files: batch.map((f) => ({ name: path.basename(f.relPath), base64: f.bytes.toString('base64') })) });
    expect(submissions.filter((s) => s.status !== 'imported').map((s) => `${s.file}: ${s.error?.message ?? s.status}`)).toEqual([]);
  }

  // August assessed and its proposals confirmed, as the office does each month
  const august = await api['assess.save']({ asOf: '2020-08-31' });
  for (const p of august.proposals) if (p.id !== null && p.state === 'pending') await api['register.decide']({ proposalId: p.id, action: 'confirm', reason: '经领导组办公室研究，同意按建议处理。' });

  view = await api['assess.save']({ asOf: '2020-09-30' });
  const heavy = view.proposals.filter((p) => p.id !== null && p.state === 'pending' && (p.level === 'interview' || p.level === 'supervision'));
  const byUnit = new Map<string, typeof heavy>();
  for (const p of heavy) byUnit.set(p.unit, [...(byUnit.get(p.unit) ?? []), p]);
  const units = [...byUnit.keys()];
  expect(units.length, 'September proposes a 约谈 or 挂牌督办 somewhere').toBeGreaterThan(0);
  dossierUnit = units[0]!;
  undecidedUnit = units[1] ?? null;
  for (const p of byUnit.get(dossierUnit)!) await api['register.decide']({ proposalId: p.id!, action: 'confirm', reason: '滞后问题突出，按规则予以确认。' });
  decidedLevels = new Set(byUnit.get(dossierUnit)!.map((p) => p.level));

  const monthly = await api['reports.monthly']({ month: '2020-09', issuedOn: ISSUED_ON });
  briefing = Buffer.from(monthly.file.base64, 'base64');
  book = new ExcelJS.Workbook();
  await book.xlsx.load(briefing as unknown as ExcelJS.Buffer);
  view = await api['assess.open']({ runId: monthly.report.runId });
  const d = await api['reports.dossier']({ unit: dossierUnit, month: '2020-09', format: 'docx', issuedOn: ISSUED_ON });
  dossier = Buffer.from(d.file.base64, 'base64');
}, 240_000);

describe('the briefing and a dossier from data no test was tuned to', () => {
  it('are signed by the analyst, never by the OS account', () => {
    const cover = rowsOf('封面').flatMap((r) => [1, 2, 3, 4, 5, 6].map((c) => textOf(r.getCell(c)))).join('\n');
    expect(cover).toContain(ANALYST);
    expect(cover).toMatch(/制表人/);
    expect(dossierText()).toContain(`生成人：${ANALYST}`);
    const everything = [...shownCells(briefing).map((c) => c.text), dossierText(), unzipEntry(dossier, 'docProps/core.xml'), unzipEntry(briefing, 'docProps/core.xml')].join('\n');
    expect(everything).not.toMatch(new RegExp(`(^|[^a-z])${OS_ACCOUNT}([^a-z]|$)`));
  });

  it('bear only the accepted 印发日期 and dates that follow from the assessed month', () => {
    const dates = new Set([...shownCells(briefing).flatMap((c) => chineseDates(c.text)), ...chineseDates(dossierText())]);
    expect(dates).toContain('2020年10月12日');
    expect(dossierText()).toContain('整改期限：2020年10月31日');
    // nothing from the machine's clock (this test runs years later)
    expect([...dates].filter((d) => !d.startsWith('2020年') && !d.startsWith('2021年'))).toEqual([]);
    expect(unzipEntry(dossier, 'docProps/core.xml')).toContain('2020-10-11T16:00:00Z');
  });

  it('state the decision the register holds for the unit, in its words', () => {
    const text = dossierText();
    if (decidedLevels.has('interview')) expect(text).toContain(`决定对${dossierUnit}主要负责同志进行约谈`);
    if (decidedLevels.has('supervision')) expect(text).toMatch(/挂牌督办/);
    if (!decidedLevels.has('interview')) expect(text).not.toContain(`决定对${dossierUnit}主要负责同志进行约谈`);
    expect(text).not.toContain('草稿');
  });

  it('refuse a dossier for a unit nobody decided on, and say what to decide first', async () => {
    if (!undecidedUnit) return;
    await expect(api['reports.dossier']({ unit: undecidedUnit, month: '2020-09', format: 'docx', issuedOn: ISSUED_ON })).rejects.toMatchObject({
      code: 'decision_required',
      message: expect.stringContaining('问责台账'),
    });
  });

  it('count the same things the same way: cover, task totals, lagging list, the page, and the dossier’s unit', () => {
    const cover: Partial<Record<AssessStatus, number>> = {};
    for (const s of STATUSES) cover[s] = Number(textOf(findRow('封面', 1, STATUS_LABEL[s])!.getCell(2)));
    const coverTotal = Number(textOf(findRow('封面', 1, '合计')!.getCell(2)));
    const total = findRow('任务进展', 1, '合计')!;
    expect([4, 5, 6, 7, 8, 9, 10].map((c) => Number(textOf(total.getCell(c))))).toEqual([
      coverTotal,
      cover.done,
      cover.on_track,
      cover.lagging! + cover.seriously_lagging!,
      cover.overdue,
      cover.no_data,
      cover.no_target,
    ]);
    const numbered = rowsOf('滞后清单').filter((r) => r.number > 3 && /^\d+$/.test(textOf(r.getCell(1))));
    const listed = (s: AssessStatus) => numbered.filter((r) => textOf(r.getCell(6)) === STATUS_LABEL[s]).length;
    expect([listed('overdue'), listed('seriously_lagging'), listed('lagging')]).toEqual([cover.overdue, cover.seriously_lagging, cover.lagging]);
    const overview = rowsOf('封面').map((r) => textOf(r.getCell(1))).join('\n');
    expect(overview).toContain(`逾期未完成 ${cover.overdue} 个`);
    const named = /逾期未完成的有：[^\n]*?等 (\d+) 项/.exec(overview);
    if (named) expect(Number(named[1])).toBe(cover.overdue);
    // what 考核评估 shows comes from the same view
    expect(view.counts.items).toBe(coverTotal);
    for (const s of STATUSES) expect(view.counts.byStatus[s], s).toBe(cover[s]);
    // every lagging item of the dossier's unit is in the briefing's lagging list under that unit
    const mine = numbered.filter((r) => r.values && (r.values as unknown[]).some((v) => typeof v === 'string' && v.split('、').includes(dossierUnit)));
    const rows = (dossierText().match(/（(逾期未完成|严重滞后|滞后)）。/g) ?? []).length;
    expect(rows).toBe(mine.length);
  });

  it('rank ties together', () => {
    const ranking = rowsOf('县区排名').filter((r) => r.number > 3 && /^\d+$/.test(textOf(r.getCell(1))));
    // ranked on the score as the sheet shows it: 97.4 and 97.4 share a rank
    const scored = view.ranking.map((k) => ({ unit: k.unit, rank: k.rank, score: Math.round(k.score * 1000) / 10 }));
    for (const a of scored) for (const b of scored) if (a.score === b.score) expect(a.rank, `${a.unit} ${b.unit}`).toBe(b.rank);
    expect(Object.fromEntries(ranking.map((r) => [textOf(r.getCell(2)), Number(textOf(r.getCell(1)))]))).toEqual(Object.fromEntries(scored.map((k) => [k.unit, k.rank])));
  });

  it('list the returns not sent, and keep 未报送 in the matrix the exception, with 不适用 where nothing is owed', () => {
    // 郊区 sent no September boiler ledger, and 矿区 no August permit ledger
    const returns = rowsOf('报送情况').map((r) => [1, 2, 3, 5].map((c) => textOf(r.getCell(c))).join('|'));
    expect(returns).toContain('郊区|锅炉台账|2020年9月|未报送');
    expect(returns).toContain('矿区|排污许可台账|2020年8月|未报送');
    const cells = shownCells(briefing).filter((c) => c.sheet === '目标完成矩阵').map((c) => c.text);
    expect(cells).toContain('不适用');
    expect(cells.filter((t) => t === '未报送').length).toBeLessThan(cells.filter((t) => /%$/.test(t)).length);
  });

  it('name tasks and targets in Chinese, format figures for people, and carry no demo marks', () => {
    const texts = [...shownCells(briefing).map((c) => `${c.sheet}!${c.ref}: ${c.text}`), dossierText()];
    expect(texts.filter((t) => CODE.test(t))).toEqual([]);
    expect(texts.filter((t) => t.includes('（示例）'))).toEqual([]);
    expect(shownCells(briefing).filter((c) => c.text.trim() === '0.5' || /(^|\D)0\.0 台/.test(c.text) || c.text.includes('< 0%'))).toEqual([]);
  });

  it('quote the plan briefly: the clause section is a small part of the dossier', () => {
    const text = dossierText();
    const clauses = text.slice(text.indexOf('三、违反的方案条款'), text.indexOf('四、证据清单'));
    expect(clauses.length).toBeGreaterThan(50);
    expect(clauses.length / text.length).toBeLessThan(0.2);
  });
});
