// The briefing and a dossier, read back as a person reads them: names, not codes; the plan's own sentences, not
// whole clauses; file names that fit their column; no demo mark in a document that is not a demo.
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { createApi } from '../../main/core/api';
import { importDemoLedgers, seedDemoAssessments } from '../../main/core/demo';
import { demoWorkspace } from '../support/demoWorkspace';
import { openWorkspace, type Workspace } from '../../main/core/workspace';
import { defaultResources } from '../../main/core/resources';
import { readPlan } from '../../main/core/db/repos/planRepo';
import { buildDossierDocx } from '../../main/core/reports/dossierDocx';
import { EVIDENCE_FILE_EMS, shortFileName } from '../../main/core/reports/dossierText';
import type { ApiImpl } from '../../shared/api';
import type { DossierData } from '../../shared/reportModels';
import { DEMO_NOTICE } from '../../shared/reportModels';
import { targetName } from '../../shared/planNames';
import { dossierData as dossierFixture } from '../fixtures/dossierData';
import { suiteDir } from '../support/tmp';
import { unzipAll } from '../support/unzip';
import { writeWorkspaceSetting } from '../../main/core/settings/workspaceSettings';

/** A target code as the seeds write them (T04-voc-remediation, G2-pm25-annual, S41-…): never for a person to read. */
const CODE = /\b[TGS]\d\d?-[a-z0-9-]+/;
const DEMO_MARK = '（示例）';
const MONTH = '2020-09';

const docxParts = unzipAll;

const unxml = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&amp;/g, '&');
/** The text of each paragraph of a piece of WordprocessingML. */
const paragraphs = (xml: string) => xml.split(/<w:p[ >]/).slice(1).map((p) => unxml([...p.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join('')));

/** Everything a reader sees in a .docx: the body, headers and footers, and the document's properties. */
function docxText(zip: Buffer): { body: string[]; all: string } {
  const parts = docxParts(zip);
  const body = paragraphs(parts.get('word/document.xml')!);
  const rest = [...parts].filter(([name]) => /^word\/(header|footer)\d*\.xml$/.test(name)).flatMap(([, x]) => paragraphs(x));
  const props = [...(parts.get('docProps/core.xml') ?? '').matchAll(/>([^<]+)</g)].map((m) => unxml(m[1]!));
  return { body, all: [...body, ...rest, ...props].join('\n') };
}

/** The 来源文件 cell of every row of the evidence tables: the first paragraph of each row's second cell. */
function evidenceFileCells(zip: Buffer): string[] {
  const doc = docxParts(zip).get('word/document.xml')!;
  return doc
    .split('<w:tbl>')
    .slice(1)
    .map((t) => t.split('</w:tbl>')[0]!)
    .filter((t) => paragraphs(t).includes('来源文件'))
    .flatMap((t) => t.split(/<w:tr[ >]/).slice(2).map((row) => paragraphs(row.split('<w:tc>')[2] ?? '')[0] ?? ''));
}

/** Width in 五号 characters: Latin letters and digits take half. */
const ems = (text: string) => [...text].reduce((w, ch) => w + (ch.codePointAt(0)! < 0x2000 ? 0.5 : 1), 0);

/** Every string a cell of a workbook shows, sheet by sheet (rich text and comments included). */
async function workbookTexts(bytes: Buffer): Promise<string[]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  const out: string[] = [];
  wb.eachSheet((ws) => {
    out.push(ws.name);
    ws.eachRow((row) =>
      row.eachCell((c) => {
        const v = c.value;
        if (typeof v === 'string') out.push(v);
        else if (v && typeof v === 'object' && 'richText' in v) out.push(v.richText.map((r) => r.text).join(''));
        const note = c.note as string | { texts?: { text: string }[] } | undefined;
        if (note) out.push(typeof note === 'string' ? note : (note.texts ?? []).map((t) => t.text).join(''));
      }),
    );
  });
  return out;
}

function apiOf(ws: Workspace): ApiImpl {
  return createApi({ db: ws.db, file: ws.file, clock: { now: () => new Date('2020-10-15T02:00:00Z') }, user: '市大气办分析员' });
}

/** The unit the September run proposes to act on most, with those proposals confirmed as an analyst would. */
async function confirmedUnit(api: ApiImpl): Promise<string> {
  const september = (await api['assess.runs']({})).find((r) => r.asOf === '2020-09-30')!;
  const proposals = (await api['assess.open']({ runId: september.id })).proposals.filter((p) => p.level !== 'warning' && p.id !== null);
  const count = (u: string) => proposals.filter((p) => p.unit === u).length;
  const unit = [...new Set(proposals.map((p) => p.unit))].sort((a, b) => count(b) - count(a) || a.localeCompare(b))[0]!;
  for (const p of proposals.filter((x) => x.unit === unit && !x.decision)) {
    await api['register.decide']({ proposalId: p.id!, action: 'confirm', reason: '经领导组办公室研究，同意按建议处理。' });
  }
  return unit;
}

describe('documents from a real workspace (the demo ledgers imported into a workspace that is not the demo)', () => {
  let ws: Workspace;
  let api: ApiImpl;
  let unit: string;
  let dossier: Buffer;
  let data: DossierData;
  let briefing: Buffer;

  beforeAll(async () => {
    ws = openWorkspace(path.join(suiteDir(), 'real.sqlite'), { create: true });
    writeWorkspaceSetting(ws.db, 'analyst', '测试分析员');
    const seedsDir = defaultResources().seedsDir;
    importDemoLedgers(ws, path.join(seedsDir, 'demo'));
    // August decided, September saved: as the demo has it, register entries with their demo marks included
    seedDemoAssessments(ws, seedsDir);
    api = apiOf(ws);
    unit = await confirmedUnit(api);
    const issued = await api['reports.dossier']({ unit, month: MONTH, format: 'docx', issuedOn: '2020-10-15' });
    dossier = Buffer.from(issued.file.base64, 'base64');
    // what the dossier was built from, as recorded with it
    data = JSON.parse((ws.db.prepare('SELECT content FROM issued_reports WHERE id = ?').get(issued.report.id) as { content: string }).content) as DossierData;
    briefing = Buffer.from((await api['reports.monthly']({ month: MONTH, issuedOn: '2020-10-15' })).file.base64, 'base64');
  });

  it('names every lagging target in the dossier by its Chinese name, never by its code', async () => {
    const { all } = docxText(dossier);
    expect(all).not.toMatch(CODE);
    expect(data.items.length).toBeGreaterThan(0);
    for (const item of data.items) expect(all).toContain(item.target.description);
    // evidence rows of the milestone and indicator ledgers show the target's name where the row stores its code
    const plan = readPlan(ws.db);
    const targets = new Map([...plan.goals, ...plan.tasks.flatMap((t) => t.targets), ...plan.provisions.flatMap((p) => p.targets)].map((t) => [t.id, t]));
    const named = data.items.filter((i) => ['milestone', 'indicator'].includes(targets.get(i.target.id)!.ledger) && i.evidence.length > 0);
    expect(named.length).toBeGreaterThan(0);
    for (const item of named) expect(all).toContain(targetName(targets.get(item.target.id)!));
  });

  it('quotes the sentences each lagging target rests on, not the whole clause of its task', () => {
    const { body } = docxText(dossier);
    const from = body.indexOf('三、违反的方案条款');
    const to = body.indexOf('四、证据清单');
    expect(from).toBeGreaterThan(0);
    const quoted = body.slice(from, to).join('\n');
    const plan = readPlan(ws.db);
    const tasks = [...new Set(data.items.map((i) => i.target.task).filter((n): n is number => n !== null))];
    expect(tasks.length).toBeGreaterThan(0);
    for (const no of tasks) {
      const clause = plan.tasks.find((t) => t.no === no)!.clause;
      // the task's heading sentence ("9.深入开展锅炉综合整治。…") opens the clause: a whole clause would bring it along
      expect(quoted).not.toContain(clause.replace(/\s+/g, '').slice(0, 40));
    }
    for (const item of data.items) expect(quoted.replace(/\s+/g, '')).toContain(item.target.quote.replace(/\s+/g, ''));
    // far shorter than the clauses themselves, and than 四(七) and 四(五) in full
    const whole = tasks.map((no) => plan.tasks.find((t) => t.no === no)!.clause).join('') + plan.provisions.filter((p) => ['四(五)', '四(七)'].includes(p.code)).map((p) => p.text).join('');
    expect(quoted.length).toBeLessThan(whole.length / 2);
  });

  it('keeps the evidence table’s file names to two lines of their column', () => {
    const files = evidenceFileCells(dossier);
    expect(files.length).toBeGreaterThan(0);
    for (const f of files) expect(ems(f), f).toBeLessThanOrEqual(EVIDENCE_FILE_EMS);
  });

  it('carries no demo mark, though the register’s August entries were made by the demo', async () => {
    expect((await api['register.list']({})).some((e) => e.reason.includes(DEMO_MARK))).toBe(true);
    const { all } = docxText(dossier);
    expect(all).not.toContain(DEMO_MARK);
    expect(all).not.toContain(DEMO_NOTICE);
    const texts = await workbookTexts(briefing);
    expect(texts.join('\n')).not.toContain(DEMO_MARK);
    expect(texts.join('\n')).not.toContain(DEMO_NOTICE);
  });

  it('names targets in the briefing, with their task numbers in the lagging list, and never a code', async () => {
    const texts = await workbookTexts(briefing);
    for (const t of texts) expect(t).not.toMatch(CODE);
    const preview = await api['reports.preview']({ month: MONTH });
    const targets = new Map(preview.targets.map((t) => [t.id, t]));
    expect(preview.lagging.length).toBeGreaterThan(0);
    for (const l of preview.lagging) expect(texts).toContain(targetName(targets.get(l.target)!));
  });
});

describe('documents from the demo workspace', () => {
  it('say under their titles that they are examples, and may keep the demo’s marks', async () => {
    const ws = demoWorkspace(path.join(suiteDir(), 'demo.sqlite'), { assessments: true });
    const api = apiOf(ws);
    const unit = await confirmedUnit(api);
    const { all } = docxText(Buffer.from((await api['reports.dossier']({ unit, month: MONTH, format: 'docx', issuedOn: '2020-10-15' })).file.base64, 'base64'));
    expect(all).toContain(DEMO_NOTICE);
    expect(all).not.toMatch(CODE);
    const texts = await workbookTexts(Buffer.from((await api['reports.monthly']({ month: MONTH, issuedOn: '2020-10-15' })).file.base64, 'base64'));
    expect(texts.some((t) => t.includes(DEMO_NOTICE))).toBe(true);
  });
});

describe('file names in the evidence table', () => {
  const long = '盂县生态环境分局-2020年9月份锅炉综合整治及燃气锅炉低氮改造工作进展情况台账（第二次更正版，经局长审核）.xlsx';

  it('shortens a long name in the middle, keeping its start and extension, and lists it in full under the tables', async () => {
    const short = shortFileName(long);
    expect(ems(short)).toBeLessThanOrEqual(EVIDENCE_FILE_EMS);
    expect(short.startsWith('盂县生态环境分局-2020年9月')).toBe(true);
    expect(short.endsWith('.xlsx')).toBe(true);
    expect(short).toContain('…');
    expect(shortFileName('盂县-锅炉台账-2020年9月.xlsx')).toBe('盂县-锅炉台账-2020年9月.xlsx');

    const data = dossierFixture();
    const first = data.items.find((i) => i.evidence.length > 0)!;
    first.evidence[0]!.file = long;
    const zip = await buildDossierDocx(data);
    const cells = evidenceFileCells(zip);
    expect(cells).toContain(short);
    for (const c of cells) expect(ems(c), c).toBeLessThanOrEqual(EVIDENCE_FILE_EMS);
    // the user can still trace the row to its file: the full name is written out once
    expect(docxText(zip).body.some((p) => p.startsWith('表中从中间省略的来源文件名') && p.includes(long))).toBe(true);
  });
});
