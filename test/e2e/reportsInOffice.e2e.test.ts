// The office opens what we send in WPS or LibreOffice: the demo's September briefing and a dossier are opened in
// LibreOffice, printed to PDF and rendered to images (test-output/office/) — the numbers must survive the trip.
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApi } from '../../main/core/api';
import { demoWorkspace } from '../support/demoWorkspace';
import type { Workspace } from '../../main/core/workspace';
import type { DossierData, MonthlyReportData } from '../../shared/reportModels';
import { formatPercent } from '../../shared/format';
import { hasLibreOffice } from '../fixtures/workbooks';

const OUT = path.resolve(import.meta.dirname, '..', '..', 'test-output', 'office');
const office = hasLibreOffice();
let ws: Workspace;
let monthly: MonthlyReportData;
let dossier: DossierData;

function toPdf(file: string): string {
  execFileSync('soffice', [`-env:UserInstallation=file://${path.join(OUT, 'profile')}`, '--headless', '--convert-to', 'pdf', '--outdir', OUT, file], { stdio: 'ignore', timeout: 180_000 });
  return file.replace(/\.(xlsx|docx)$/, '.pdf');
}

const text = (pdf: string) => execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' }).replace(/[ \t]+/g, ' ');
const pages = (pdf: string) => Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [pdf], { encoding: 'utf8' }))![1]);

beforeAll(async () => {
  fs.rmSync(OUT, { recursive: true, force: true });
  fs.mkdirSync(OUT, { recursive: true });
  ws = demoWorkspace(path.join(OUT, 'demo.sqlite'), { assessments: true });
  const api = createApi({ db: ws.db, file: ws.file, clock: { now: () => new Date('2020-10-15T02:00:00Z') }, user: '市大气办分析员' });
  const m = await api['reports.monthly']({ month: '2020-09' });
  fs.writeFileSync(path.join(OUT, 'monthly.xlsx'), Buffer.from(m.file.base64, 'base64'));
  monthly = JSON.parse((ws.db.prepare('SELECT content FROM issued_reports WHERE id = ?').get(m.report.id) as { content: string }).content) as MonthlyReportData;
  // a dossier follows a decision: the office confirms September's 约谈 and 挂牌督办 proposals for 平定县
  const september = (await api['assess.runs']({})).find((r) => r.asOf === '2020-09-30')!;
  for (const p of (await api['assess.open']({ runId: september.id })).proposals) {
    if (p.unit === '平定县' && p.level !== 'warning' && p.state === 'pending') await api['register.decide']({ proposalId: p.id!, action: 'confirm', reason: '经领导组办公室研究，按建议处理' });
  }
  const d = await api['reports.dossier']({ unit: '平定县', month: '2020-09', format: 'docx' });
  fs.writeFileSync(path.join(OUT, 'dossier.docx'), Buffer.from(d.file.base64, 'base64'));
  dossier = JSON.parse((ws.db.prepare('SELECT content FROM issued_reports WHERE id = ?').get(d.report.id) as { content: string }).content) as DossierData;
}, 120_000);

afterAll(() => ws?.db.close());

describe.skipIf(!office)('the reports opened in LibreOffice', () => {
  it('prints the briefing on A4 landscape pages with its title, ranking and lagging figures', () => {
    const pdf = toPdf(path.join(OUT, 'monthly.xlsx'));
    const info = execFileSync('pdfinfo', [pdf], { encoding: 'utf8' });
    const [w, h] = /Page size:\s+([\d.]+) x ([\d.]+)/.exec(info)!.slice(1).map(Number);
    expect(Math.round(w!)).toBe(842);
    expect(Math.round(h!)).toBe(595);
    const t = text(pdf);
    expect(t).toContain('阳泉市打赢蓝天保卫战重点任务进展情况通报（2020年9月）');
    expect(t).toContain('截至2020年9月30日');
    for (const r of monthly.ranking) expect(t).toContain(r.unit);
    // each lagging completion as the sheet formats it (0.0%)
    for (const l of monthly.lagging.filter((x) => x.completion !== null)) expect(t).toContain(formatPercent(l.completion));
    execFileSync('pdftoppm', ['-png', '-r', '50', '-f', '1', '-l', '3', pdf, path.join(OUT, 'monthly')]);
    expect(fs.statSync(path.join(OUT, `monthly-${String(1).padStart(String(pages(pdf)).length, '0')}.png`)).size).toBeGreaterThan(15_000);
  }, 200_000);

  it('prints the dossier with the clauses, the evidence rows and the deadline', () => {
    const pdf = toPdf(path.join(OUT, 'dossier.docx'));
    const t = text(pdf).replace(/\s+/g, '');
    expect(t).toContain('约谈材料');
    expect(t).toContain('整改期限：2020年10月31日');
    expect(t).toContain('对攻坚任务完成滞后');
    for (const item of dossier.items) for (const e of item.evidence.slice(0, 2)) expect(t).toContain(`第${e.row}行`);
    expect(pages(pdf)).toBeGreaterThanOrEqual(3);
    execFileSync('pdftoppm', ['-png', '-r', '50', '-f', '1', '-l', '2', pdf, path.join(OUT, 'dossier')]);
  }, 200_000);
});
