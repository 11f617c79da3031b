// Issue 10, points 1 and 2: documents signed by the analyst set in 设置 and dated as the analyst accepts, read back.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { cli } from '../support/cliHarness';
import { tmpDir } from '../support/tmp';
import { unzipEntry } from '../support/unzip';
import { demoWorkspace } from '../support/demoWorkspace';
import { createApi } from '../../main/core/api';
import { openWorkspace } from '../../main/core/workspace';
import type { IssuedReportView } from '../../shared/reportModels';
import type { RegisterEntryView } from '../../shared/assessModels';
import type { SettingsJson } from '../../main/cli/commands/settings';

/** The OS account the CLI harness runs as: it may appear in the audit columns only. */
const OS_ACCOUNT = 'tester';

/** The cover's label → value rows, as a reader sees them. */
async function coverFacts(file: string): Promise<{ facts: Map<string, string>; wb: ExcelJS.Workbook }> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const facts = new Map<string, string>();
  wb.getWorksheet('封面')!.eachRow((row) => {
    const label = row.getCell(1).text.trim();
    if (label && row.getCell(2).text) facts.set(label, row.getCell(2).text);
  });
  return { facts, wb };
}

/** Every text cell of every sheet. */
function allText(wb: ExcelJS.Workbook): string {
  const out: string[] = [];
  // a merged cell's text is its master's, read once there
  wb.eachSheet((ws) => ws.eachRow((row) => row.eachCell((c) => c.type !== ExcelJS.ValueType.Merge && out.push(c.text))));
  return out.join('\n');
}

/** A workspace with the demo's ledgers and saved August and September runs, but nobody named to sign yet. */
function unsignedDemo(dir: string): string {
  const file = path.join(dir, 'ws.sqlite');
  const ws = demoWorkspace(file, { assessments: true });
  ws.db.prepare(`DELETE FROM meta WHERE key = 'settings.analyst'`).run();
  ws.db.close();
  return file;
}

describe('bluesky settings', () => {
  it('lists the settings in Chinese, round-trips --set through --json, and refuses what it cannot store', async () => {
    const dir = tmpDir();
    const db = path.join(dir, 'ws.sqlite');
    expect((await cli(['init', '--db', db])).code).toBe(0);

    const listed = await cli(['settings', '--db', db]);
    expect(listed.code).toBe(0);
    expect(listed.stdout).toContain('分析员姓名：（未设置：不能印发文件或登记问责决定）');
    expect(listed.stdout).toContain('印发机关：阳泉市大气污染防治工作领导组办公室');
    expect(listed.stdout).toContain('严重滞后差距：20 个百分点');
    expect(listed.stdout).not.toContain(OS_ACCOUNT);

    const set = await cli([
      'settings', '--db', db, '--json',
      '--set', 'analyst= 王芳 ',
      '--set', 'docNumberPrefix=阳大气办',
      '--set', 'mainRecipients=各县（区）人民政府，市直有关单位',
      '--set', 'copyRecipients=市委办公室，市政府办公室',
      '--set', 'seriousLagGap=15',
      '--set', 'weights=T05-permit-coverage:2,T14-abandoned-mine-restoration:0',
      '--set', 'milestoneInProgressScore=40%',
    ]);
    expect(set.code, set.stderr).toBe(0);
    const expected: SettingsJson = {
      analyst: '王芳',
      office: '阳泉市大气污染防治工作领导组办公室',
      docNumberPrefix: '阳大气办',
      mainRecipients: '各县（区）人民政府，市直有关单位',
      copyRecipients: '市委办公室，市政府办公室',
      backupKeep: 20,
      seriousLagGap: 15,
      returnDueDay: 5,
      weights: { 'T05-permit-coverage': 2, 'T14-abandoned-mine-restoration': 0 },
      milestoneInProgressScore: 0.4,
    };
    expect(set.json()).toEqual(expected);
    expect((await cli(['settings', '--db', db, '--json'])).json()).toEqual(expected);
    // the assessment reads the same gap and weights the CLI shows
    const assessed = await cli(['assess', '--db', db, '--as-of', '2020-09-30', '--no-save']);
    expect(assessed.stdout).toContain('严重滞后差距 15 个百分点；排名权重：任务5 固定污染源排污许可证全覆盖 2，任务14 废弃露天矿山恢复治理 0，其余为 1');
    const ws = openWorkspace(db);
    try {
      const api = createApi({ db: ws.db, file: ws.file, clock: { now: () => new Date('2020-10-12T02:00:00Z') }, user: OS_ACCOUNT });
      expect(await api['settings.get']({})).toMatchObject({ seriousLagGap: 0.15, weights: expected.weights });
    } finally {
      ws.db.close();
    }

    const refused: [string[], RegExp][] = [
      [['--set', 'analyst=王'], /“分析员姓名”的值“王”无效：分析员姓名至少 2 个字/],
      [['--set', 'signer=王芳'], /没有“signer”这个设置项。可设置：analyst（分析员姓名）/],
      [['--set', 'seriousLagGap=120'], /严重滞后差距应为 0 到 100 之间的百分点数/],
      [['--set', 'weights=不存在的目标:2'], /“不存在的目标”不是方案中的目标编号/],
      [['--set', 'docNumberPrefix=阳大气办〔2020〕'], /文号前缀只写机关代字/],
      [['--set', 'analyst'], /--set 应写成 键=值/],
      // checked all before any is stored: the good office is not saved either
      [['--set', 'office=阳泉市生态环境局', '--set', 'backupKeep=0'], /至少保留 1 份备份/],
    ];
    for (const [args, message] of refused) {
      const r = await cli(['settings', '--db', db, ...args]);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(message);
    }
    expect((await cli(['settings', '--db', db, '--json'])).json()).toEqual(expected);
  });
});

describe('signed and dated documents', () => {
  it('refuses to issue or decide with nobody to sign, then signs everything with the analyst and dates it --date', async () => {
    const dir = tmpDir();
    const db = unsignedDemo(dir);

    // nobody named: no document, no record, no decision, and the message says how to name one
    const unsigned = await cli(['report', 'monthly', '--db', db, '--month', '2020-09', '--date', '2020-10-12', '--out', path.join(dir, '通报.xlsx')]);
    expect(unsigned.code).toBe(1);
    expect(unsigned.stderr).toContain('尚未设置分析员姓名');
    expect(unsigned.stderr).toContain('bluesky settings --db 工作区文件 --set analyst=姓名');
    expect(fs.existsSync(path.join(dir, '通报.xlsx'))).toBe(false);
    expect((await cli(['report', 'list', '--db', db, '--json'])).json<IssuedReportView[]>()).toEqual([]);

    const ws = openWorkspace(db);
    const api = createApi({ db: ws.db, file: ws.file, clock: { now: () => new Date('2020-10-12T02:00:00Z') }, user: OS_ACCOUNT });
    const run = (await api['assess.runs']({})).find((r) => r.asOf === '2020-09-30')!;
    const proposal = (await api['assess.open']({ runId: run.id })).proposals.find((p) => p.unit === '盂县' && p.level !== 'warning' && p.decision === null)!;
    ws.db.close();
    const undecided = await cli(['decide', String(proposal.id), '--db', db, '--action', 'confirm', '--reason', '经领导组办公室研究，予以确认']);
    expect(undecided.code).toBe(1);
    expect(undecided.stderr).toContain('尚未设置分析员姓名');

    expect((await cli(['settings', '--db', db, '--set', 'analyst=王芳', '--set', 'docNumberPrefix=阳大气办', '--set', 'copyRecipients=市委办公室，市政府办公室'])).code).toBe(0);
    const decided = await cli(['decide', String(proposal.id), '--db', db, '--action', 'confirm', '--reason', '经领导组办公室研究，予以确认', '--json']);
    expect(decided.code, decided.stderr).toBe(0);
    const entry = decided.json<RegisterEntryView>();
    expect(entry.decidedBy).toBe('王芳');
    expect(entry.events.map((e) => e.by)).toEqual(['王芳']);
    // the OS account stays in the audit column only
    const audit = openWorkspace(db);
    expect(audit.db.prepare('SELECT decided_by, os_account FROM decisions WHERE id = ?').get(entry.id)).toEqual({ decided_by: '王芳', os_account: OS_ACCOUNT });
    audit.db.close();

    // the briefing: 制表人 is the analyst, 印发日期 is --date, and the file's own metadata say the same
    const xlsxFile = path.join(dir, '通报.xlsx');
    const monthly = await cli(['report', 'monthly', '--db', db, '--month', '2020-09', '--date', '2020-10-12', '--out', xlsxFile]);
    expect(monthly.code, monthly.stderr).toBe(0);
    expect(monthly.stdout).toContain('印发日期：2020年10月12日，文号：阳大气办〔2020〕1号，印发人：王芳');
    const { facts, wb } = await coverFacts(xlsxFile);
    expect(facts.get('制表人')).toBe('王芳');
    expect(facts.get('印发日期')).toBe('2020年10月12日');
    expect(facts.get('文号')).toBe('阳大气办〔2020〕1号');
    expect(facts.get('抄送')).toBe('市委办公室，市政府办公室。');
    expect(wb.creator).toBe('王芳');
    expect(wb.lastModifiedBy).toBe('王芳');
    expect(wb.created.toISOString()).toBe('2020-10-11T16:00:00.000Z');
    expect(wb.modified.toISOString()).toBe('2020-10-11T16:00:00.000Z');
    expect(allText(wb)).not.toContain(OS_ACCOUNT);
    const xlsxCore = unzipEntry(fs.readFileSync(xlsxFile), 'docProps/core.xml');
    expect(xlsxCore).not.toContain(OS_ACCOUNT);

    // the dossier: default 整改期限 from the assessed month, 生成人 the analyst, dated --date, 版记 with 抄送
    const docxFile = path.join(dir, '盂县.docx');
    const dossier = await cli(['report', 'dossier', '--db', db, '--unit', '盂县', '--month', '2020-09', '--date', '2020-10-12', '--out', docxFile]);
    expect(dossier.code, dossier.stderr).toBe(0);
    expect(dossier.stdout).toContain('印发日期：2020年10月12日，文号：阳大气办〔2020〕2号，印发人：王芳，整改期限：2020年10月31日');
    const docx = fs.readFileSync(docxFile);
    const xml = unzipEntry(docx, 'word/document.xml');
    expect(xml).toContain('生成人：王芳，生成日期：2020年10月12日');
    expect(xml).toContain('整改期限：2020年10月31日。');
    expect(xml).toContain('阳大气办〔2020〕2号');
    expect(xml).toContain('抄送：市委办公室，市政府办公室。');
    expect(xml).toContain('阳泉市大气污染防治工作领导组办公室\u3000\u30002020年10月12日印发');
    expect(xml).not.toContain(OS_ACCOUNT);
    const core = unzipEntry(docx, 'docProps/core.xml');
    expect(core).toContain('<dc:creator>王芳</dc:creator>');
    expect(core).toContain('<dcterms:created xsi:type="dcterms:W3CDTF">2020-10-11T16:00:00Z</dcterms:created>');
    expect(core).not.toContain(OS_ACCOUNT);

    // the register of issued reports: signed by the analyst, the OS account kept beside it
    const list = (await cli(['report', 'list', '--db', db, '--json'])).json<IssuedReportView[]>();
    expect(list.map((r) => [r.kind, r.issuedBy, r.osAccount, r.issuedOn, r.rectifyBy])).toEqual([
      ['dossier', '王芳', OS_ACCOUNT, '2020-10-12', '2020-10-31'],
      ['monthly', '王芳', OS_ACCOUNT, '2020-10-12', null],
    ]);
    const text = (await cli(['report', 'list', '--db', db])).stdout;
    expect(text).toContain('印发日期 2020年10月12日  印发人 王芳');
  }, 120_000);

  it('refuses an 印发日期 before the month is over and a deadline that is not after it', async () => {
    const dir = tmpDir();
    const db = unsignedDemo(dir);
    expect((await cli(['settings', '--db', db, '--set', 'analyst=王芳'])).code).toBe(0);
    const early = await cli(['report', 'monthly', '--db', db, '--month', '2020-09', '--date', '2020-09-20', '--out', path.join(dir, 'a.xlsx')]);
    expect(early.code).toBe(1);
    expect(early.stderr).toContain('印发日期（2020年9月20日）早于评估截止日（2020年9月30日）');
    // a draft is held to the same dates (an issued dossier first needs a decision, and says so before the dates)
    const late = await cli(['report', 'dossier', '--db', db, '--unit', '盂县', '--month', '2020-09', '--date', '2020-11-05', '--draft', '--out', path.join(dir, 'b.docx')]);
    expect(late.code).toBe(1);
    expect(late.stderr).toContain('整改期限（2020年10月31日）不晚于印发日期（2020年11月5日）');
    const bad = await cli(['report', 'monthly', '--db', db, '--month', '2020-09', '--date', '2020-10-32', '--out', path.join(dir, 'a.xlsx')]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--date 应为 YYYY-MM-DD 格式的有效日期');
    expect((await cli(['report', 'list', '--db', db, '--json'])).json<IssuedReportView[]>()).toEqual([]);
  }, 120_000);
});
