import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli } from '../support/cliHarness';
import { suiteDir } from '../support/tmp';
import { unzipEntry } from '../support/unzip';
import { readCentralDirectory } from '../fixtures/zip';
import { demoWorkspace } from '../support/demoWorkspace';
import { openWorkspace } from '../../main/core/workspace';
import { createApi } from '../../main/core/api';
import type { IssuedReportView } from '../../shared/reportModels';
import type { Level, ProposalView } from '../../shared/assessModels';

let dir: string;
let db: string;

beforeAll(() => {
  dir = suiteDir();
  db = path.join(dir, 'demo.sqlite');
  // the demo office: August decided, September assessed with its proposals waiting
  demoWorkspace(db, { assessments: true }).db.close();
});

/** The September proposals still waiting for a decision in the month's newest saved run. */
async function pendingSeptember(unit: string, level: Level): Promise<ProposalView[]> {
  const ws = openWorkspace(db);
  try {
    const api = createApi({ db: ws.db, file: ws.file, clock: { now: () => new Date('2020-10-15T02:00:00Z') }, user: 'tester' });
    const run = (await api['assess.runs']({})).find((r) => r.asOf === '2020-09-30')!;
    return (await api['assess.open']({ runId: run.id })).proposals.filter((p) => p.unit === unit && p.level === level && p.state === 'pending');
  } finally {
    ws.db.close();
  }
}

const documentXml = (file: string) => unzipEntry(fs.readFileSync(file), 'word/document.xml');
const headersXml = (file: string) => {
  const zip = fs.readFileSync(file);
  return readCentralDirectory(zip)
    .filter((e) => /^word\/header\d*\.xml$/.test(e.name))
    .map((e) => unzipEntry(zip, e.name))
    .join('\n');
};
/** The text of a Word part, runs joined: what a reader sees, whatever the run boundaries. */
const text = (xml: string) => [...xml.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join('');
const issued = async () => (await cli(['report', 'list', '--db', db, '--json'])).json<IssuedReportView[]>();

describe('a dossier follows a recorded decision', () => {
  it('is refused while 平定县’s September proposals are pending, saying what to decide and how', async () => {
    const out = path.join(dir, '平定县.docx');
    const r = await cli(['report', 'dossier', '--db', db, '--unit', '平定县', '--month', '2020-09', '--out', out, '--date', '2020-10-12'], dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('问责台账中还没有对平定县2020年9月作出约谈或挂牌督办的决定，不能印发约谈材料');
    expect(r.stderr).toContain('“问责台账”页');
    expect(r.stderr).toMatch(/bluesky decide \d+ --db/);
    expect(r.stderr).toContain('--draft');
    expect(fs.existsSync(out)).toBe(false);
    expect(await issued()).toEqual([]);
  });

  it('writes a draft marked 草稿 in its title and page header, and does not record it as issued', async () => {
    const out = path.join(dir, '平定县草稿.docx');
    const r = await cli(['report', 'dossier', '--db', db, '--unit', '平定县', '--month', '2020-09', '--out', out, '--draft', '--date', '2020-10-12'], dir);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`已生成草稿：${out}`);
    const body = text(documentXml(out));
    // the pending proposals include 挂牌督办, so the draft is named for it and proposes rather than announces
    expect(body).toContain('关于平定县打赢蓝天保卫战攻坚任务滞后问题的挂牌督办材料（草稿）');
    expect(body).toContain('尚未作出约谈或挂牌督办决定');
    expect(body).not.toContain('决定对平定县');
    expect(text(headersXml(out))).toContain('草稿');
    expect(await issued()).toEqual([]);
  });

  it('says 挂牌督办 where the register says 挂牌督办, once it is decided', async () => {
    const supervision = await pendingSeptember('平定县', 'supervision');
    expect(supervision.length).toBeGreaterThan(0);
    for (const p of supervision) {
      const d = await cli(['decide', String(p.id), '--db', db, '--action', 'confirm', '--reason', '经领导组办公室研究，对平定县挂牌督办'], dir);
      expect(d.code, d.stderr).toBe(0);
    }
    const out = path.join(dir, '平定县督办.docx');
    const r = await cli(['report', 'dossier', '--db', db, '--unit', '平定县', '--month', '2020-09', '--out', out, '--date', '2020-10-12'], dir);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('已生成平定县的挂牌督办材料');
    const body = text(documentXml(out));
    expect(body).toContain('关于平定县打赢蓝天保卫战攻坚任务滞后问题的挂牌督办材料');
    expect(body).not.toContain('草稿');
    expect(body).toMatch(/决定对平定县“[^。]+任务挂牌督办，督促其压实责任、限期整改。/);
    expect(body).not.toContain('进行约谈');
    expect(body).toContain('一、督办事由');
    expect(body).toContain('督办对象：');
    expect(body).not.toContain('约谈对象');
    expect(headersXml(out)).not.toContain('草稿');
    const list = await issued();
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ kind: 'dossier', unit: '平定县', month: '2020-09' });
    expect(list[0]!.fileName).toBe('挂牌督办材料-平定县-2020年9月.docx');
  });

  it('says 约谈 where the register says 约谈', async () => {
    const interview = await pendingSeptember('郊区', 'interview');
    expect(interview.length).toBeGreaterThan(0);
    const d = await cli(['decide', String(interview[0]!.id), '--db', db, '--action', 'confirm', '--reason', '降尘量超标，约谈郊区政府主要负责同志'], dir);
    expect(d.code, d.stderr).toBe(0);
    const out = path.join(dir, '郊区.docx');
    const r = await cli(['report', 'dossier', '--db', db, '--unit', '郊区', '--month', '2020-09', '--out', out, '--date', '2020-10-12'], dir);
    expect(r.code, r.stderr).toBe(0);
    const body = text(documentXml(out));
    expect(body).toContain('关于郊区打赢蓝天保卫战攻坚任务滞后问题的约谈材料');
    expect(body).toContain('决定对郊区主要负责同志进行约谈，督促其压实责任、限期整改。');
    expect(body).toContain('一、约谈事由');
    expect(body).not.toMatch(/决定[^。]*挂牌督办/);
  });
});

describe('a briefing for a month nobody reported', () => {
  it('is refused without --force, saying why and how to go ahead', async () => {
    const out = path.join(dir, '十一月.xlsx');
    const r = await cli(['report', 'monthly', '--db', db, '--month', '2020-11', '--out', out, '--date', '2020-12-05'], dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('2020年11月没有任何单位报送台账');
    expect(r.stderr).toContain('--force');
    expect(fs.existsSync(out)).toBe(false);

    const forced = await cli(['report', 'monthly', '--db', db, '--month', '2020-11', '--out', out, '--force', '--date', '2020-12-05'], dir);
    expect(forced.code, forced.stderr).toBe(0);
    expect(fs.existsSync(out)).toBe(true);
  });

  it('goes ahead without --force for a month with returns', async () => {
    const r = await cli(['report', 'monthly', '--db', db, '--month', '2020-09', '--out', path.join(dir, '九月.xlsx'), '--date', '2020-12-05'], dir);
    expect(r.code, r.stderr).toBe(0);
  });
});
