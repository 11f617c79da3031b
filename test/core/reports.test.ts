import path from 'node:path';
import crypto from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import * as XLSX from 'xlsx';
import { createApi } from '../../main/core/api';
import { DEMO_ANALYST } from '../../main/core/demo';
import { demoWorkspace } from '../support/demoWorkspace';
import type { Workspace } from '../../main/core/workspace';
import type { ApiImpl } from '../../shared/api';
import type { DossierData, MonthlyReportData } from '../../shared/reportModels';
import { unzipEntry } from '../support/unzip';
import { imp } from '../support/importHarness';
import { suiteDir } from '../support/tmp';
import { correctedPermits } from '../fixtures/demoCorrections';

const MONTH = '2020-09';
let ws: Workspace;
let api: ApiImpl;
let printed: string[];

function apiAt(iso: string): ApiImpl {
  return createApi({
    db: ws.db,
    file: ws.file,
    clock: { now: () => new Date(iso) },
    user: '市大气办分析员',
    // the printer is Chromium in the app; here it only has to show what it was given
    pdf: async (html) => {
      printed.push(html);
      return Buffer.from(`%PDF-1.7 ${crypto.createHash('sha256').update(html).digest('hex')}`);
    },
  });
}

function sheet(buf: Buffer, name: string): unknown[][] {
  const wb = XLSX.read(buf);
  return XLSX.utils.sheet_to_json(wb.Sheets[name]!, { header: 1, raw: true, defval: null });
}

beforeAll(() => {
  ws = demoWorkspace(path.join(suiteDir(), 'demo.sqlite'), { assessments: true });
  printed = [];
  api = apiAt('2020-10-15T02:00:00Z');
});

describe('the monthly briefing', () => {
  it('uses the saved September assessment and puts its figures in the workbook', async () => {
    const runs = await api['assess.runs']({});
    const september = runs.find((r) => r.asOf === '2020-09-30')!;
    const r = await api['reports.monthly']({ month: MONTH });
    expect(r.report).toMatchObject({ kind: 'monthly', format: 'xlsx', month: MONTH, asOf: '2020-09-30', runId: september.id, issuedBy: DEMO_ANALYST, osAccount: '市大气办分析员', reissueOf: null, changes: [] });
    // no fresh run was needed: the saved one still matches the ledgers
    expect((await api['assess.runs']({})).length).toBe(runs.length);
    const bytes = Buffer.from(r.file.base64, 'base64');
    expect(r.report.sha256).toBe(crypto.createHash('sha256').update(bytes).digest('hex'));
    expect(r.file.fileName).toBe('阳泉市蓝天保卫战重点任务进展情况通报（2020年9月）.xlsx');

    const view = await api['assess.open']({ runId: september.id });
    expect(r.report.submissionIds).toEqual(view.submissionIds);
    const wb = XLSX.read(bytes);
    expect(wb.SheetNames.slice(0, 7)).toEqual(['封面', '任务进展', '县区排名', '目标完成矩阵', '滞后清单', '数据质量', '报送情况']);
    const cover = sheet(bytes, '封面').flat().filter((x) => typeof x === 'string').join('\n');
    expect(cover).toContain('阳泉市打赢蓝天保卫战重点任务进展情况通报（2020年9月）');
    expect(cover).toContain('2020年9月30日');

    // every lagging or overdue result is in the lagging list, with its completion as stored
    const behind = view.results.filter((x) => ['lagging', 'seriously_lagging', 'overdue'].includes(x.status));
    const lagging = sheet(bytes, '滞后清单');
    const numbers = lagging.flat().filter((x): x is number => typeof x === 'number');
    for (const b of behind.filter((x) => x.completion !== null)) expect(numbers).toContainEqual(b.completion);
    const text = lagging.flat().filter((x) => typeof x === 'string');
    expect(text.filter((x) => x === '逾期未完成').length).toBe(behind.filter((x) => x.status === 'overdue').length);

    // the ranking is the run's
    const ranking = sheet(bytes, '县区排名').filter((row) => typeof row[0] === 'number');
    expect(ranking.map((row) => row[1])).toEqual(view.ranking.map((k) => k.unit));
  });

  it('counts data problems per sending unit from the findings of the submissions it read', async () => {
    const data = (await api['reports.preview']({ month: MONTH })) as MonthlyReportData;
    const 开发区 = data.quality.find((q) => q.unit === '开发区')!;
    const findings = ws.db
      .prepare(
        `SELECT COUNT(*) AS n FROM findings f JOIN submissions s ON s.id = f.submission_id JOIN units u ON u.id = s.submitter_id
         WHERE u.name = '开发区' AND f.severity = 'error' AND s.id IN (SELECT value FROM json_each(?))`,
      )
      .get(JSON.stringify((await api['assess.open']({ runId: data.runId })).submissionIds)) as { n: number };
    expect(开发区.errors).toBe(findings.n);
    expect(data.overview[0]).toMatch(/^截至2020年9月30日，《阳泉市打赢蓝天保卫战2020年决战行动方案》确定的 \d+ 项考核目标/);
    expect(data.returns.every((x) => x.period === MONTH || x.status === 'missing')).toBe(true);
  });
});

describe('a dossier', () => {
  beforeAll(async () => {
    // a dossier follows a decision: the office confirms September's 约谈 and 挂牌督办 proposals for 盂县 first
    const september = (await api['assess.runs']({})).find((r) => r.asOf === '2020-09-30')!;
    for (const p of (await api['assess.open']({ runId: september.id })).proposals) {
      if (p.unit === '盂县' && p.level !== 'warning' && p.state === 'pending') await api['register.decide']({ proposalId: p.id!, action: 'confirm', reason: '经研究，按建议处理' });
    }
  });

  it('lists 盂县’s overdue and seriously lagging targets with the clauses they breach and the rows behind them', async () => {
    const r = await api['reports.dossier']({ unit: '盂县人民政府', month: MONTH, format: 'docx' });
    expect(r.report).toMatchObject({ kind: 'dossier', unit: '盂县', format: 'docx' });
    const data = (await reportContent(r.report.id)) as DossierData;
    expect(data.items.map((i) => `${i.target.id}:${i.cell.status}`).sort()).toEqual(
      ['T05-permit-coverage:overdue', 'T07-coal-ban-zones:seriously_lagging', 'T09-gas-boiler-low-nox:overdue'].sort(),
    );
    const boilers = data.items.find((i) => i.target.id === 'T09-gas-boiler-low-nox')!;
    // two months behind: seriously lagging in August, overdue now
    expect(boilers.monthsBehind).toBe(2);
    expect(boilers.clause).toContain('燃气锅炉');
    expect(boilers.evidence.length).toBeGreaterThan(0);
    // the rows that hold the figure back come first, each with its file, sheet and row
    expect(boilers.evidence[0]!.holdsBack).toBe(true);
    expect(boilers.evidence[0]!.file).toMatch(/^盂县-锅炉台账-2020年9月/);
    expect(data.accountabilityClause).toContain('对攻坚任务完成滞后');
    // August's confirmed decisions on 盂县 are its earlier record; September's are the occasion
    expect(data.history.filter((h) => h.asOf === '2020-08-31').length).toBeGreaterThan(0);
    expect(data.history.every((h) => h.asOf === '2020-08-31' || h.asOf === '2020-09-30')).toBe(true);
    expect(data.decision).toMatchObject({ level: 'supervision', interview: ['将已完成清洁取暖改造的区域划定为“禁煤区”'] });
    expect(data.decision!.supervision).toHaveLength(2);
    expect(data.rectifyBy).toBe('2020-10-31');

    const xml = unzipEntry(Buffer.from(r.file.base64, 'base64'), 'word/document.xml');
    expect(xml).toContain(boilers.evidence[0]!.file);
    expect(xml).toContain('2020年10月31日');
  });

  it('gives as evidence only the rows the figure was taken from: the month of an indicator, the latest word on a task', async () => {
    const september = (await api['assess.runs']({})).find((r) => r.asOf === '2020-09-30')!;
    const view = await api['assess.open']({ runId: september.id });
    const dust = view.results.find((r) => r.target === 'T17-dustfall' && r.unit === '平定县')!;
    const ev = await api['assess.evidence']({ asOf: '2020-09-30', runId: september.id, target: 'T17-dustfall', unit: '平定县', offset: 0, limit: 50 });
    // August's return also gives a dustfall figure for 平定县; the September figure is the one assessed
    expect(ev.rows.map((r) => r.values.month)).toEqual(['2020-09']);
    expect(ev.rows[0]!.values.value).toBe(dust.actual);
    const voc = await api['assess.evidence']({ asOf: '2020-09-30', runId: september.id, target: 'T04-voc-remediation', unit: '平定县', offset: 0, limit: 50 });
    expect(voc.total).toBe(1);
    expect(voc.rows[0]!.period).toBe('2020-09');
  });

  it('prints the same content to PDF through the host’s printer', async () => {
    const r = await api['reports.dossier']({ unit: '盂县', month: MONTH, format: 'pdf', rectifyBy: '2020-11-15' });
    expect(r.file.fileName).toBe('约谈材料-盂县-2020年9月.pdf');
    expect(Buffer.from(r.file.base64, 'base64').subarray(0, 5).toString()).toBe('%PDF-');
    expect(printed.at(-1)).toContain('2020年11月15日');
    // a second dossier for the same unit and month says what differs: here, nothing in the figures
    expect(r.report.changes.join('')).toMatch(/没有变化/);
  });

  it('refuses a unit with nothing to answer for, and a deadline before the month ends', async () => {
    await expect(api['reports.dossier']({ unit: '市工信局', month: MONTH, format: 'docx' })).rejects.toMatchObject({ code: 'nothing_to_report' });
    await expect(api['reports.dossier']({ unit: '盂县', month: MONTH, format: 'docx', rectifyBy: '2020-09-15' })).rejects.toMatchObject({ code: 'bad_deadline' });
    const bare = createApi({ db: ws.db, file: ws.file, clock: { now: () => new Date() }, user: 'x' });
    await expect(bare['reports.dossier']({ unit: '盂县', month: MONTH, format: 'pdf', issuedOn: '2020-10-12' })).rejects.toMatchObject({ code: 'pdf_unavailable' });
  });
});

async function reportContent(id: number): Promise<MonthlyReportData | DossierData> {
  const row = ws.db.prepare('SELECT content FROM issued_reports WHERE id = ?').get(id) as { content: string };
  return JSON.parse(row.content) as MonthlyReportData | DossierData;
}

describe('provenance', () => {
  it('re-issues the September briefing as it was after 盂县 corrects its permits, and a new issue says what changed', async () => {
    const first = (await api['reports.list']({})).find((r) => r.kind === 'monthly')!;
    const firstBytes = Buffer.from((await api['reports.file']({ id: first.id })).base64, 'base64');

    const fix = imp(ws, '盂县-排污许可台账-2020年9月（更正）.xlsx', await correctedPermits(), { now: new Date('2020-10-16T02:00:00Z') });
    expect(fix.status).toBe('imported');
    expect(fix.supersedes).toBeTruthy();

    const later = apiAt('2020-10-17T02:00:00Z');
    const again = await later['reports.reissue']({ id: first.id });
    expect(again.report).toMatchObject({ reissueOf: first.id, runId: first.runId, submissionIds: first.submissionIds });
    // the same file, byte for byte: the zip inside carries the issue time, not the rebuild time
    expect(again.identical).toBe(true);
    expect(again.report.sha256).toBe(first.sha256);
    expect(await reportContent(again.report.id)).toEqual(await reportContent(first.id));
    // every sheet reads the same as the original file
    const againBytes = Buffer.from(again.file.base64, 'base64');
    for (const name of XLSX.read(firstBytes).SheetNames) expect(sheet(againBytes, name)).toEqual(sheet(firstBytes, name));

    const fresh = await later['reports.monthly']({ month: MONTH });
    expect(fresh.report.runId).not.toBe(first.runId);
    expect(fresh.report.submissionIds).not.toEqual(first.submissionIds);
    const changes = fresh.report.changes.join('\n');
    expect(changes).toContain('盂县-排污许可台账-2020年9月（更正）.xlsx');
    expect(changes).toMatch(/盂县“[^”]*排污许可[^”]*”：逾期未完成 → 已完成/);
    const data = (await reportContent(fresh.report.id)) as MonthlyReportData;
    expect(data.changes).toEqual(fresh.report.changes);

    const list = await later['reports.list']({});
    expect(list.map((r) => r.id)).toEqual([...list.map((r) => r.id)].sort((a, b) => b - a));
    expect(list.filter((r) => r.kind === 'monthly').length).toBe(3);
  });

  it('keeps each issued file, byte for byte, in the workspace', async () => {
    for (const r of await api['reports.list']({})) {
      const b = Buffer.from((await api['reports.file']({ id: r.id })).base64, 'base64');
      expect(crypto.createHash('sha256').update(b).digest('hex')).toBe(r.sha256);
      expect(b.length).toBe(r.size);
    }
  });
});

describe('percentages in reports', () => {
  it('never show 100.0% for a figure short of the target', async () => {
    const { formatCompletion, formatPercent } = await import('../../shared/format');
    expect(formatCompletion(0.99996)).toBe('99.9%');
    expect(formatCompletion(0.875)).toBe('87.5%');
    expect(formatCompletion(14 / 16)).toBe('87.5%');
    expect(formatCompletion(0.8749999)).toBe('87.4%');
    expect(formatCompletion(1)).toBe('100.0%');
    expect(formatCompletion(1.665)).toBe('166.5%');
    // time progress rounds as usual
    expect(formatPercent(273 / 365)).toBe('74.8%');
  });
});

describe('the assessment a report rests on', () => {
  it('is saved afresh when the weights change, though no ledger did', async () => {
    // its own first issue, so nothing here depends on what the tests before it issued
    const last = (await api['reports.monthly']({ month: MONTH })).report;
    await api['settings.set']({ key: 'weights', value: { 'T05-permit-coverage': 10 } });
    const r = await api['reports.monthly']({ month: MONTH });
    expect(r.report.runId).toBeGreaterThan(last.runId);
    expect(r.report.submissionIds).toEqual(last.submissionIds);
    const run = await api['assess.open']({ runId: r.report.runId });
    expect(run.settings.weights['T05-permit-coverage']).toBe(10);
  });
});
