import { describe, expect, it } from 'vitest';
import { createApi } from '../../main/core/api';
import { xlsx, type Cell } from '../fixtures/workbooks';
import { MINE_HEADERS, PERMIT_HEADERS, permitRows, utcDate } from '../fixtures/ledgerRows';
import { imp, newWorkspace } from '../support/importHarness';
import { openWorkspace, type Workspace } from '../../main/core/workspace';
import { demoWorkspace } from '../support/demoWorkspace';
import path from 'node:path';
import { tmpDir } from '../support/tmp';
import type { AssessmentView, ProposalView } from '../../shared/assessModels';
import { UNDO_0010, UNDO_0011 } from '../support/undoMigrations';

// 盂县 in August 2020: one abandoned mine of 3,000 亩 to restore, ten enterprises on the permit list, nine covered.
function mines(restored: number): Cell[][] {
  return [
    ['盂县', '盂县西烟镇废弃采石场', '石灰岩', '否', '废弃', '是', null, 3500, restored, null, '覆土绿化', null],
    ['盂县', '盂县路家村石料厂', '石灰岩', '否', '在产', '否', null, 0, 0, null, null, null],
  ];
}

function permits(note: string | null): Cell[][] {
  return permitRows({ county: '盂县', count: 10, seed: 5, period: '2020-07' }).map((r, i) => {
    const row = [...r];
    row[8] = i < 9 ? '已发证' : '未发证';
    row[6] = i < 9 ? utcDate(2020, 5, 1 + i) : null;
    row[7] = i < 9 ? utcDate(2025, 4, 30 + (i % 2)) : null;
    row[5] = i < 9 ? `91140322PERMIT${i}P` : null;
    row[9] = note;
    return row;
  });
}

const mineFile = (restored: number, title: string) => xlsx({ sheets: [{ name: 'S', titleRows: [title], header: [...MINE_HEADERS], rows: mines(restored) }] });
const permitFile = (note: string | null, title: string) => xlsx({ sheets: [{ name: 'S', titleRows: [title], header: [...PERMIT_HEADERS], rows: permits(note) }] });

const PERMITS = 'T05-permit-coverage';
const RESTORATION = 'T14-abandoned-mine-restoration';

async function august(): Promise<{ ws: Workspace; api: ReturnType<typeof createApi> }> {
  const ws = newWorkspace();
  const api = createApi({ db: ws.db, file: ws.file, clock: { now: () => new Date('2020-09-10T02:00:00Z') }, user: '分析员' });
  await api['workspaceSettings.set']({ key: 'analyst', value: '王芳' });
  await api['allocations.set']({ items: [{ target: RESTORATION, unit: '盂县', value: 3000 }] });
  const at = { now: new Date('2020-09-05T02:00:00Z') };
  // 1,950 of 3,000 亩 = 65 % against 66.6 % of the year: 滞后 → 预警; permits 90 % past the 2020-08-31 deadline: 逾期 → 约谈
  imp(ws, '盂县矿山2020-08.xlsx', await mineFile(1950, '盂县2020年8月露天矿山台账'), at);
  imp(ws, '盂县许可2020-08.xlsx', await permitFile(null, '盂县2020年8月排污许可台账'), at);
  return { ws, api };
}

const mine = (v: AssessmentView) => v.proposals.filter((p) => p.unit === '盂县');
const byTarget = (ps: ProposalView[], target: string) => ps.find((p) => p.target === target);

describe('decisions follow the proposal across saved runs of a month', () => {
  it('carries a decision over to a newer run that proposes the same, and never leaves the same proposal pending twice', async () => {
    const { ws, api } = await august();
    const first = await api['assess.save']({ asOf: '2020-08-31' });
    expect(mine(first).map((p) => [p.target, p.level, p.state])).toEqual([
      [PERMITS, 'interview', 'pending'],
      [RESTORATION, 'warning', 'pending'],
    ]);
    await api['register.decide']({ proposalId: byTarget(mine(first), PERMITS)!.id!, action: 'confirm', reason: '逾期未完成排污许可全覆盖，约谈盂县政府分管负责同志' });

    // 盂县 resends its permit ledger with a remark added: nothing changes for the figures
    const same = imp(ws, '盂县许可2020-08（更正）.xlsx', await permitFile('已核对', '盂县2020年8月排污许可台账（更正）'), { now: new Date('2020-09-06T02:00:00Z') });
    expect(same.supersedes).toBeTruthy();
    const second = await api['assess.save']({ asOf: '2020-08-31', note: '更正后重新评估' });
    expect(second.runId).not.toBe(first.runId);

    const carried = byTarget(mine(second), PERMITS)!;
    expect(carried.state).toBe('carried');
    expect(carried.decision).toMatchObject({ action: 'confirm', level: 'interview', by: '王芳', reason: '逾期未完成排污许可全覆盖，约谈盂县政府分管负责同志' });
    expect(carried.decision!.carriedFrom).toEqual({ runId: first.runId, proposalId: byTarget(mine(first), PERMITS)!.id });
    await expect(async () => api['register.decide']({ proposalId: carried.id!, action: 'dismiss', reason: '再处理一次' })).rejects.toThrow(/沿用该决定/);

    // the warning nobody decided is pending in the newer run only; the older run's copy is superseded and cannot be decided
    const reopenedFirst = await api['assess.open']({ runId: first.runId! });
    expect(byTarget(mine(reopenedFirst), RESTORATION)).toMatchObject({ state: 'superseded', supersededBy: second.runId });
    expect(byTarget(mine(second), RESTORATION)!.state).toBe('pending');
    const pending: string[] = [];
    for (const r of await api['assess.runs']({})) {
      for (const p of (await api['assess.open']({ runId: r.id })).proposals) if (p.state === 'pending') pending.push(`${r.id}|${p.unit}|${p.target}`);
    }
    expect(pending.length).toBeGreaterThan(0);
    expect(pending.every((k) => k.startsWith(`${second.runId}|`))).toBe(true);
    expect(pending).toContain(`${second.runId}|盂县|${RESTORATION}`);
    expect(new Set(pending.map((k) => k.slice(k.indexOf('|')))).size).toBe(pending.length);
    await expect(async () => api['register.decide']({ proposalId: byTarget(mine(first), RESTORATION)!.id!, action: 'confirm', reason: '发预警函' })).rejects.toThrow(
      new RegExp(`请在第 ${second.runId} 次评估的建议中处理`),
    );
    await api['register.decide']({ proposalId: byTarget(mine(second), RESTORATION)!.id!, action: 'confirm', reason: '发预警函' });

    // one line per unit, target and month; the interview decided on the first run shows it carries over to the second
    const register = await api['register.list']({});
    expect(register.map((e) => `${e.unit}|${e.target}|${e.month}`).sort()).toEqual([`盂县|${PERMITS}|2020-08`, `盂县|${RESTORATION}|2020-08`]);
    expect(register.find((e) => e.target === PERMITS)).toMatchObject({ runId: first.runId, carriedTo: second.runId, basisChanged: null, decidedBy: '王芳' });
    ws.db.close();
  });

  it('marks a decision for review when a correction fixes the figure, instead of dropping it', async () => {
    const { ws, api } = await august();
    const first = await api['assess.save']({ asOf: '2020-08-31' });
    for (const p of mine(first)) await api['register.decide']({ proposalId: p.id!, action: 'confirm', reason: '按规则确认' });

    // 盂县 corrects its mine ledger: 2,100 亩 restored, 70 % against 66.6 %, no longer behind
    imp(ws, '盂县矿山2020-08（更正）.xlsx', await mineFile(2100, '盂县2020年8月露天矿山台账（更正）'), { now: new Date('2020-09-06T02:00:00Z') });
    const second = await api['assess.save']({ asOf: '2020-08-31' });
    expect(second.results.find((r) => r.target === RESTORATION && r.unit === '盂县')!.status).toBe('on_track');
    expect(mine(second).map((p) => [p.target, p.state])).toEqual([[PERMITS, 'carried']]);

    const warning = (await api['register.list']({})).find((e) => e.target === RESTORATION)!;
    expect(warning).toMatchObject({ level: 'warning', status: 'rectifying', carriedTo: null });
    expect(warning.basisChanged).toContain(`第 ${second.runId} 次评估已不再提出该建议`);
    expect((await api['register.list']({})).find((e) => e.target === PERMITS)!.basisChanged).toBeNull();

    // reviewing it (here: closing it, the figure being fixed) clears the flag; the decision and its history stay
    const closed = await api['register.update']({ decisionId: warning.id, status: 'closed', note: '更正后台账显示已完成序时进度，核销预警' });
    expect(closed).toMatchObject({ status: 'closed', basisChanged: null });
    expect(closed.events.map((e) => e.status)).toEqual(['rectifying', 'closed']);
    ws.db.close();
  });

  it('asks for a new decision when a newer run proposes another level, and keeps the replaced one as history', async () => {
    const { ws, api } = await august();
    const first = await api['assess.save']({ asOf: '2020-08-31' });
    const warning = byTarget(mine(first), RESTORATION)!;
    await api['register.decide']({ proposalId: warning.id!, action: 'confirm', reason: '发预警函' });

    // a correction lowers the figure to 1,000 亩: 33 % against 66.6 %, seriously behind → 约谈
    imp(ws, '盂县矿山2020-08（更正）.xlsx', await mineFile(1000, '盂县2020年8月露天矿山台账（更正）'), { now: new Date('2020-09-06T02:00:00Z') });
    const second = await api['assess.save']({ asOf: '2020-08-31' });
    const interview = byTarget(mine(second), RESTORATION)!;
    expect(interview).toMatchObject({ level: 'interview', state: 'pending' });
    expect((await api['register.list']({})).find((e) => e.target === RESTORATION)!.basisChanged).toMatch(/改为建议约谈/);

    const decided = await api['register.decide']({ proposalId: interview.id!, action: 'confirm', reason: '严重滞后，约谈' });
    const lines = (await api['register.list']({})).filter((e) => e.target === RESTORATION);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ id: decided.id, level: 'interview', basisChanged: null });
    expect(lines[0]!.earlier!.map((e) => [e.level, e.reason])).toEqual([['warning', '发预警函']]);
    ws.db.close();
  });

  it('opens a workspace saved before decisions could be reviewed, with its register as it was', async () => {
    const file = path.join(tmpDir(), 'old.sqlite');
    const ws = demoWorkspace(file, { assessments: true });
    const before = (await createApi({ db: ws.db, file, clock: { now: () => new Date('2020-10-15T02:00:00Z') }, user: '分析员' })['register.list']({})).map((e) => [e.id, e.unit, e.target, e.level]);
    // as migration 6 left it
    ws.db.exec(`DROP INDEX proposals_unit_target; ALTER TABLE decisions DROP COLUMN reviewed_run_id; ALTER TABLE decisions DROP COLUMN os_account; ALTER TABLE decision_events DROP COLUMN os_account; ALTER TABLE issued_reports DROP COLUMN os_account; DROP TABLE ledger_search; ${UNDO_0011} ${UNDO_0010} PRAGMA user_version = 6;`);
    ws.db.close();
    const again = openWorkspace(file);
    expect(again.migration).toMatchObject({ from: 6 });
    const api = createApi({ db: again.db, file, clock: { now: () => new Date('2020-10-15T02:00:00Z') }, user: '分析员' });
    const register = await api['register.list']({});
    expect(register.map((e) => [e.id, e.unit, e.target, e.level])).toEqual(before);
    expect(register.every((e) => e.month === '2020-08' && e.basisChanged === null && e.carriedTo === null)).toBe(true);
    again.db.close();
  });
});
