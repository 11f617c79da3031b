import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import * as XLSX from 'xlsx';
import { cli } from '../support/cliHarness';
import { suiteDir } from '../support/tmp';
import { unzipEntry } from '../support/unzip';
import { DEMO_ANALYST } from '../../main/core/demo';
import { demoWorkspace } from '../support/demoWorkspace';
import { openWorkspace } from '../../main/core/workspace';
import type { IssuedReportView } from '../../shared/reportModels';

let dir: string;
let db: string;

beforeAll(() => {
  dir = suiteDir();
  db = path.join(dir, 'demo.sqlite');
  demoWorkspace(db, { assessments: true }).db.close();
});

const sha = (file: string) => crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');

describe('bluesky report', () => {
  it('writes the September briefing and records it', async () => {
    const r = await cli(['report', 'monthly', '--db', db, '--month', '2020-09', '--out', '通报/九月.xlsx'], dir);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = path.join(dir, '通报', '九月.xlsx');
    expect(r.stdout).toContain(`已生成2020年9月月度通报：${out}`);
    expect(r.stdout).toMatch(/印发记录 #1：依据第 2 次评估，读取台账 \d+ 份/);
    expect(XLSX.read(fs.readFileSync(out)).SheetNames[0]).toBe('封面');
    const list = (await cli(['report', 'list', '--db', db, '--json'])).json<IssuedReportView[]>();
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ id: 1, kind: 'monthly', month: '2020-09', runId: 2, issuedBy: DEMO_ANALYST, osAccount: 'tester', sha256: sha(out) });
  });

  it('writes 盂县’s dossier as Word, quoting the plan', async () => {
    // the dossier follows a decision: confirm 盂县's September 挂牌督办 proposal on its permits
    const ws = openWorkspace(db);
    const proposal = ws.db
      .prepare(
        `SELECT p.id FROM proposals p JOIN units u ON u.id = p.unit_id
         WHERE u.name = '盂县' AND p.target_id = 'T05-permit-coverage' AND p.run_id = (SELECT MAX(id) FROM assessment_runs WHERE as_of = '2020-09-30')`,
      )
      .get() as { id: number };
    ws.db.close();
    const decided = await cli(['decide', String(proposal.id), '--db', db, '--action', 'confirm', '--reason', '逾期未完成排污许可全覆盖，挂牌督办'], dir);
    expect(decided.code, decided.stderr).toBe(0);
    const r = await cli(['report', 'dossier', '--db', db, '--unit', '盂县', '--month', '2020-09', '--out', path.join(dir, '盂县.docx'), '--rectify-by', '2020-10-20', '--date', '2020-10-12'], dir);
    expect(r.code, r.stderr).toBe(0);
    const xml = unzipEntry(fs.readFileSync(path.join(dir, '盂县.docx')), 'word/document.xml');
    expect(xml).toContain('2020年10月20日');
    expect(xml).toContain('对攻坚任务完成滞后');
  });

  it('re-issues a recorded report to a new file', async () => {
    const r = await cli(['report', 'reissue', '--db', db, '--id', '1', '--out', path.join(dir, '重发.xlsx')], dir);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('按第 1 号印发记录重新生成的月度通报');
    const list = (await cli(['report', 'list', '--db', db, '--json'])).json<IssuedReportView[]>();
    expect(list[0]).toMatchObject({ id: 3, reissueOf: 1, runId: 2 });
    const text = (await cli(['report', 'list', '--db', db])).stdout;
    expect(text).toContain('#3 月度通报 2020年9月 .xlsx');
    expect(text).toContain('重新生成自 #1');
  });

  it('says what is wrong with a command line', async () => {
    const cases: [string[], RegExp][] = [
      [['report', 'monthly', '--db', db, '--out', 'a.xlsx'], /缺少 --month/],
      [['report', 'monthly', '--db', db, '--month', '2020-13', '--out', 'a.xlsx'], /--month 应为 YYYY-MM/],
      [['report', 'monthly', '--db', db, '--month', '2020-09', '--out', 'a.docx'], /--out 应为 \.xlsx 文件/],
      [['report', 'dossier', '--db', db, '--month', '2020-09', '--out', 'a.docx'], /缺少 --unit/],
      [['report', 'dossier', '--db', db, '--unit', '盂县', '--month', '2020-09', '--out', 'a.doc'], /\.docx 或 \.pdf/],
      [['report', 'print', '--db', db], /未知的子命令“print”/],
      [['report', 'reissue', '--db', db, '--id', 'x', '--out', 'a.xlsx'], /--id 应为正整数/],
    ];
    for (const [args, message] of cases) {
      const r = await cli(args, dir);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(message);
    }
    const unknown = await cli(['report', 'dossier', '--db', db, '--unit', '不存在县', '--month', '2020-09', '--out', path.join(dir, 'x.docx')], dir);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('不存在县');
    expect(fs.existsSync(path.join(dir, 'x.docx'))).toBe(false);
  });
});
