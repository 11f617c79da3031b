import fs from 'node:fs';
import path from 'node:path';
import { importFile, loadImportContext, type ImportResult } from './importer/importFile';
import { openWorkspace, type Workspace } from './workspace';
import { defaultResources, type Resources } from './resources';
import { createAssessService } from './assess/assessService';
import { writeWorkspaceSetting } from './settings/workspaceSettings';
import { DEMO_MARK, markDemoWorkspace } from './demoMark';
import { planSeed } from './plan/seedSchema';
import { loadSeeds, seedsOf } from './plan/loadSeeds';
import { loadPlanVersion } from './plan/planVersions';
import { describeZodError } from '../../shared/zod';

/** Who the demo submissions say imported them. */
export const DEMO_USER = '示例数据';

/** The made-up analyst who signs the demo workspace's documents and decisions; a real workspace sets its own in 设置. */
export const DEMO_ANALYST = '李华';

/** The day the demo's September documents are dated: the day September was assessed in its story. */
export const DEMO_ISSUED_ON = '2020-10-12';

/** The day of the following month each county's returns usually arrive; the city departments send on the 5th. */
const ARRIVES_ON: Record<string, number> = { 城区: 5, 矿区: 6, 郊区: 5, 平定县: 7, 盂县: 8, 开发区: 6 };

const isCorrection = (name: string) => name.includes('（更正）');

/** The demo ledgers under `dir`, in import order: month folders in order, by name within a month, corrections last. */
export function demoFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  const months = fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
  return months.flatMap((month) =>
    fs
      .readdirSync(path.join(dir, month))
      .filter((name) => /\.(xlsx|xls|csv)$/i.test(name))
      .sort((a, b) => Number(isCorrection(a)) - Number(isCorrection(b)) || (a < b ? -1 : a > b ? 1 : 0))
      .map((name) => `${month}/${name}`),
  );
}

/**
 * When the office imported a demo file: the month after its period, on the sender's usual day, at 09:00
 * Beijing time plus a minute per file so the history reads in order; a correction arrives a day later.
 */
export function demoImportTime(relPath: string, index: number): Date {
  const [month = '', name = ''] = relPath.split('/');
  const [year = 2020, mon = 1] = month.split('-').map(Number);
  const sender = Object.keys(ARRIVES_ON).find((u) => name.startsWith(u));
  const day = (sender ? ARRIVES_ON[sender]! : 5) + (isCorrection(name) ? 1 : 0);
  // Date.UTC's month is 0-based, so `mon` is already the following month; 01:00Z is 09:00+08:00
  return new Date(Date.UTC(year, mon, day, 1, index));
}

/** Imports every demo ledger into the workspace in order; a file that does not import is a bug in the demo data. */
export function importDemoLedgers(ws: Workspace, dir: string): ImportResult[] {
  const ctx = loadImportContext(ws.db);
  return demoFiles(dir).map((rel, i) => {
    const fileName = path.basename(rel);
    const result = importFile(ws.db, { fileName, bytes: fs.readFileSync(path.join(dir, rel)) }, { user: DEMO_USER, now: demoImportTime(rel, i) }, ctx);
    if (result.status !== 'imported') {
      throw new Error(`示例数据 ${rel} 未能导入（${result.status}${result.error ? `：${result.error.message}` : ''}），请重新运行 npm run demo:ledgers。`);
    }
    return result;
  });
}

/**
 * The workspace a newcomer sees first (`npm run web`): built fresh each time so it always shows the same
 * state — the plan, the units, and two months of demo ledgers from seeds/demo/ with their findings and history.
 */
export function createDemoWorkspace(file: string, resources?: Resources, opts: { assessments?: boolean } = {}): Workspace {
  for (const suffix of ['', '-wal', '-shm']) fs.rmSync(`${file}${suffix}`, { force: true });
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const ws = openWorkspace(file, { create: true, ...(resources ? { resources } : {}) });
  try {
    const seedsDir = (resources ?? defaultResources()).seedsDir;
    writeWorkspaceSetting(ws.db, 'analyst', DEMO_ANALYST);
    loadDemoPlan2021(ws, seedsDir);
    importDemoLedgers(ws, path.join(seedsDir, 'demo'));
    if (opts.assessments) seedDemoAssessments(ws, seedsDir);
    markDemoWorkspace(ws.db);
  } catch (err) {
    ws.db.close();
    throw err;
  }
  return ws;
}

/** The demo's second plan, an example written by the project: assessment switches to it from 2021年1月1日. */
export const DEMO_PLAN_2021 = 'demo-plan-2021.json';

function loadDemoPlan2021(ws: Workspace, seedsDir: string): void {
  const file = path.join(seedsDir, DEMO_PLAN_2021);
  const parsed = planSeed.safeParse(JSON.parse(fs.readFileSync(file, 'utf8')));
  if (!parsed.success) throw new Error(`示例方案 ${DEMO_PLAN_2021} 有误：${describeZodError(parsed.error)}`);
  const { units } = loadSeeds(seedsDir);
  loadPlanVersion(ws.db, seedsOf(parsed.data, units), { source: 'builtin', fileName: DEMO_PLAN_2021, effectiveFrom: '2021-01-01', user: DEMO_USER, at: '2020-10-12T03:00:00.000Z' });
}

/**
 * The office's routine as of mid-October 2020: August assessed on 10 September and its proposals confirmed,
 * September assessed on 12 October with its proposals (some escalated because of August) waiting for a decision.
 */
export function seedDemoAssessments(ws: Workspace, seedsDir: string): void {
  const at = (iso: string) => () => new Date(iso);
  const august = createAssessService({ db: ws.db, seedsDir, user: DEMO_USER, now: at('2020-09-10T02:00:00Z') });
  const run = august.save('2020-08-31', `8月考核${DEMO_MARK}`);
  for (const p of run.proposals) {
    if (p.id !== null) august.decide({ proposalId: p.id, action: 'confirm', reason: `经领导组办公室研究，按规则予以确认${DEMO_MARK}。` });
  }
  createAssessService({ db: ws.db, seedsDir, user: DEMO_USER, now: at('2020-10-12T02:00:00Z') }).save('2020-09-30', `9月考核${DEMO_MARK}`);
}
