import { describe, expect, it } from 'vitest';
import { completion, meets, statusOf, timeProgress } from '../../main/core/assess/evaluate';
import { rankUnits } from '../../main/core/assess/ranking';
import { returnStatuses } from '../../main/core/assess/returns';
import type { ResultView } from '../../shared/assessModels';

describe('time progress', () => {
  it('is 0 before the start, the share of the span in between, and 1 on and after the deadline', () => {
    expect(timeProgress('2020-01-01', '2020-12-31', '2019-12-15')).toBe(0);
    expect(timeProgress('2020-01-01', '2020-12-31', '2020-01-01')).toBe(0);
    expect(timeProgress('2020-01-01', '2020-12-31', '2020-07-01')).toBeCloseTo(182 / 365, 10);
    expect(timeProgress('2020-01-01', '2020-12-31', '2020-12-31')).toBe(1);
    expect(timeProgress('2020-01-01', '2020-08-31', '2020-09-30')).toBe(1);
  });
});

describe('comparators', () => {
  it('meets "at least" from below and "at most", "under" and "none left" from above', () => {
    expect(meets('>=', 20000, 20000)).toBe(true);
    expect(meets('>=', 20000, 19999.9)).toBe(false);
    expect(meets('<=', 160, 160)).toBe(true);
    expect(meets('<=', 160, 161)).toBe(false);
    expect(meets('<', 9, 9)).toBe(false);
    expect(meets('<', 9, 8.99)).toBe(true);
    expect(meets('=', 0, 0)).toBe(true);
    expect(meets('=', 0, 1)).toBe(false);
  });

  it('measures completion the way each comparator reads', () => {
    expect(completion('>=', 20000, 15620.4)).toBeCloseTo(0.78102, 6);
    expect(completion('>=', 100, 120)).toBe(1.2); // real value kept; the UI caps what it shows
    expect(completion('<=', 160, 200)).toBe(0.8);
    expect(completion('<=', 160, 150)).toBe(1);
    expect(completion('<', 9, 12)).toBe(0.75);
    expect(completion('=', 0, 3, 12)).toBe(0.75); // 9 of 12 small coal boilers gone
    expect(completion('=', 0, 0, 12)).toBe(1);
  });
});

describe('status', () => {
  const base = { asOf: '2020-09-30', deadline: '2020-12-31', aggregation: 'level' as const, gap: 0.2 };
  it.each([
    ['met', { met: true, completion: 1, timeProgress: 0.75 }, 'done'],
    ['keeping pace', { met: false, completion: 0.8, timeProgress: 0.75 }, 'on_track'],
    ['exactly on pace', { met: false, completion: 0.75, timeProgress: 0.75 }, 'on_track'],
    ['behind', { met: false, completion: 0.6, timeProgress: 0.75 }, 'lagging'],
    ['twenty points behind, not more', { met: false, completion: 0.55, timeProgress: 0.75 }, 'lagging'],
    ['more than twenty points behind', { met: false, completion: 0.5, timeProgress: 0.75 }, 'seriously_lagging'],
  ] as const)('%s → %s', (_label, s, status) => {
    expect(statusOf({ ...base, ...s })).toBe(status);
  });

  it('is overdue on the deadline and after it when not met, done when met', () => {
    expect(statusOf({ ...base, deadline: '2020-09-30', met: false, completion: 0.94, timeProgress: 1 })).toBe('overdue');
    expect(statusOf({ ...base, deadline: '2020-08-31', met: false, completion: 0.99, timeProgress: 1 })).toBe('overdue');
    expect(statusOf({ ...base, deadline: '2020-08-31', met: true, completion: 1, timeProgress: 1 })).toBe('done');
  });

  it('judges a monthly target on the month: a missed month is 滞后', () => {
    expect(statusOf({ ...base, aggregation: 'monthly', met: false, completion: 0.9, timeProgress: 0.75 })).toBe('lagging');
    expect(statusOf({ ...base, aggregation: 'monthly', met: true, completion: 1, timeProgress: 0.75 })).toBe('done');
  });

  it('uses the configured gap', () => {
    expect(statusOf({ ...base, gap: 0.1, met: false, completion: 0.6, timeProgress: 0.75 })).toBe('seriously_lagging');
  });
});

describe('ranking', () => {
  const r = (unit: string, target: string, completion: number | null, status: ResultView['status']): ResultView => ({
    target,
    task: 1,
    unit,
    value: 1,
    actual: completion,
    completion,
    timeProgress: 0.75,
    status,
    detail: { basis: '', ledger: 'indicator' },
  });
  it('scores by weighted completion capped at 100 %, a missing return as nothing, a target without a value left out', () => {
    const results = [
      r('城区', 'a', 1.5, 'done'),
      r('城区', 'b', 0.5, 'lagging'),
      r('城区', 'c', null, 'no_target'),
      r('矿区', 'a', 0.9, 'on_track'),
      r('矿区', 'b', null, 'no_data'),
      // nobody reported d: left out for everyone
      r('城区', 'd', null, 'no_data'),
      r('矿区', 'd', null, 'no_data'),
    ];
    expect(rankUnits(results, ['城区', '矿区'], {})).toEqual([
      { unit: '城区', score: 0.75, rank: 1 },
      { unit: '矿区', score: 0.45, rank: 2 },
    ]);
    expect(rankUnits(results, ['城区', '矿区'], { a: 3 })).toEqual([
      { unit: '城区', score: 0.875, rank: 1 },
      { unit: '矿区', score: 0.675, rank: 2 },
    ]);
  });

  it('ranks ties on the points people read: 97.4 and 97.4 are both 3rd and the next is 5th', () => {
    const completions: [string, number][] = [
      ['城区', 0.9939],
      ['开发区', 0.9824],
      ['矿区', 0.9741],
      ['郊区', 0.9736],
      ['盂县', 0.9375],
      ['平定县', 0.8903],
    ];
    const ranking = rankUnits(
      completions.map(([u, c]) => r(u, 'a', c, 'on_track')),
      completions.map(([u]) => u),
      {},
    );
    expect(ranking.map((k) => [k.unit, k.rank])).toEqual([
      ['城区', 1],
      ['开发区', 2],
      ['矿区', 3],
      ['郊区', 3],
      ['盂县', 5],
      ['平定县', 6],
    ]);
    // the real scores are kept; only the rank follows what is shown
    expect(ranking.find((k) => k.unit === '郊区')!.score).toBe(0.9736);
  });
});

describe('return status', () => {
  it('is on time by the due day (Beijing time), late after it, missing once due, pending before', () => {
    const out = returnStatuses({
      expected: [{ unit: '盂县', kinds: ['boiler', 'mine'] }],
      months: ['2020-08', '2020-09'],
      first: [
        { submitter: '盂县', kind: 'boiler', period: '2020-08', id: 1, importedAt: '2020-09-05T15:59:00Z' }, // 23:59 on the 5th in Yangquan
        { submitter: '盂县', kind: 'mine', period: '2020-08', id: 2, importedAt: '2020-09-05T16:01:00Z' }, // 00:01 on the 6th
      ],
      dueDay: 5,
      today: '2020-10-03',
    });
    expect(out.map((x) => [x.kind, x.period, x.status])).toEqual([
      ['boiler', '2020-08', 'on_time'],
      ['mine', '2020-08', 'late'],
      ['boiler', '2020-09', 'pending'],
      ['mine', '2020-09', 'pending'],
    ]);
    expect(returnStatuses({ expected: [{ unit: '盂县', kinds: ['boiler'] }], months: ['2020-09'], first: [], dueDay: 5, today: '2020-10-06' })[0]!.status).toBe('missing');
  });
});
