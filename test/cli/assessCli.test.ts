import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from '../support/cliHarness';
import { tmpDir } from '../support/tmp';
import { demoWorkspace } from '../support/demoWorkspace';

function demo(): string {
  const file = path.join(tmpDir(), 'demo.sqlite');
  demoWorkspace(file).db.close();
  return file;
}

describe('bluesky assess', () => {
  it('prints the agreed JSON for the demo month and saves the run', async () => {
    const db = demo();
    const r = await cli(['assess', '--db', db, '--as-of', '2020-09-30', '--json']);
    expect(r.code).toBe(0);
    const v = r.json<{
      asOf: string;
      runId: number;
      results: { target: string; task: number | null; unit: string; value: number | null; actual: number | null; completion: number | null; timeProgress: number; status: string }[];
      ranking: { unit: string; score: number; rank: number }[];
      submissions: { unit: string; kind: string; period: string; status: string }[];
      proposals: { unit: string; target: string; level: string; reason: string }[];
    }>();
    expect(v).toMatchObject({ asOf: '2020-09-30', runId: 1 });
    // 盂县: 16 gas boilers on the register, 14 retrofitted; the deadline was 2020年9月30日
    expect(v.results.find((x) => x.target === 'T09-gas-boiler-low-nox' && x.unit === '盂县')).toEqual(
      expect.objectContaining({ task: 9, value: 100, actual: 87.5, completion: 0.875, timeProgress: 1, status: 'overdue' }),
    );
    expect(v.results.find((x) => x.target === 'T14-abandoned-mine-restoration' && x.unit === '全市')).toEqual(
      expect.objectContaining({ value: 20000, actual: 15620.4, status: 'on_track' }),
    );
    // 矿区 and 郊区 both score 97.4: they share 3rd, and the next is 5th
    expect(v.ranking.map((x) => x.rank)).toEqual([1, 2, 3, 3, 5, 6]);
    // the command line runs on today's clock, long after 2020年10月5日
    expect(v.submissions).toContainEqual({ unit: '开发区', kind: 'vehicle', period: '2020-09', status: 'missing', dueOn: '2020-10-05', submissionId: null, submittedAt: null });
    expect(v.proposals).toContainEqual(expect.objectContaining({ unit: '盂县', target: 'T09-gas-boiler-low-nox', level: 'interview' }));
    const again = await cli(['assess', '--db', db, '--as-of', '2020-09-30', '--no-save', '--json']);
    expect(again.json<{ runId: number | null }>().runId).toBeNull();
  });

  it('allocates, decides and keeps the register from the command line', async () => {
    const db = demo();
    const a = await cli(['allocate', '--db', db, '--target', 'T14-abandoned-mine-restoration', '--unit', '盂县', '--value', '5000']);
    expect(a.code).toBe(0);
    expect(a.stdout).toContain('已将 盂县 的“T14-abandoned-mine-restoration”分解值设为 5,000。');
    expect(a.stdout).toContain('注意：“废弃露天矿山恢复治理”尚未分解到：城区、矿区、郊区、平定县、开发区');
    const run = (await cli(['assess', '--db', db, '--as-of', '2020-09-30', '--json'])).json<{ proposals: { id: number; unit: string; target: string; level: string }[] }>();
    const p = run.proposals.find((x) => x.level === 'interview')!;
    const d = await cli(['decide', String(p.id), '--db', db, '--action', 'downgrade', '--level', 'warning', '--reason', '已约谈过分管领导，本月先预警']);
    expect(d.code).toBe(0);
    expect(d.stdout).toMatch(/已降级为预警，问责台账编号 1，状态：整改中/);
    const list = await cli(['register', '--db', db, '--json']);
    expect(list.json<{ id: number; status: string; level: string }[]>()).toEqual([expect.objectContaining({ id: 1, status: 'rectifying', level: 'warning' })]);
    expect((await cli(['register', '1', '--db', db, '--status', 'closed', '--note', '整改报告已收（平环函〔2020〕9号）'])).stdout).toContain('已销号');
    expect((await cli(['decide', String(p.id), '--db', db, '--action', 'dismiss', '--reason', '再处理'])).stderr).toContain('不能重复处理');
  });
});
