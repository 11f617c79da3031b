// Who has not reported: the import page's month of unit × ledger returns, from the rule the briefing uses.
import { describe, expect, it } from 'vitest';
import { createApi } from '../../main/core/api';
import { VEHICLE_HEADERS, BOILER_HEADERS, boilerRows, vehicleRows } from '../fixtures/ledgerRows';
import { xlsx, type Cell } from '../fixtures/workbooks';
import { imp, newWorkspace } from '../support/importHarness';

const book = (title: string, header: readonly string[], rows: Cell[][]) => xlsx({ sheets: [{ name: 'Sheet1', titleRows: [title], header: [...header], rows }] });

describe('the returns of a month', () => {
  it('says per unit and ledger which are in on time, late or missing, and that next month is not yet due', async () => {
    const ws = newWorkspace();
    const onTime = new Date('2020-10-03T09:00:00+08:00');
    const late = new Date('2020-10-09T16:00:00+08:00');
    imp(ws, '城区-机动车-2020年9月.xlsx', await book('城区2020年9月老旧车淘汰台账', VEHICLE_HEADERS, vehicleRows({ county: '城区', count: 8, seed: 61, period: '2020-09' })), { unit: '城区', period: '2020-09', now: onTime });
    imp(ws, '盂县-锅炉-2020年9月.xlsx', await book('盂县2020年9月锅炉台账', BOILER_HEADERS, boilerRows({ county: '盂县', count: 6, seed: 62, period: '2020-09' })), { unit: '盂县', period: '2020-09', now: late });
    const api = createApi({ db: ws.db, file: ':memory:', clock: { now: () => new Date('2020-10-12T02:00:00Z') }, user: '测试分析员' });

    const sep = (await api['imports.returns']({ month: '2020-09' })).returns;
    const status = (unit: string, kind: string) => sep.find((r) => r.unit === unit && r.kind === kind)?.status;
    expect(status('城区', 'vehicle')).toBe('on_time');
    expect(status('盂县', 'boiler')).toBe('late');
    expect(status('矿区', 'mine')).toBe('missing');
    expect(status('市生态环境局', 'indicator')).toBe('missing');
    // only what the plan asks: no county owes the indicator ledger
    expect(status('城区', 'indicator')).toBeUndefined();
    expect(sep).toHaveLength(6 * 5 + 3);
    expect(new Set(sep.map((r) => r.dueOn))).toEqual(new Set(['2020-10-05']));

    const oct = (await api['imports.returns']({ month: '2020-10' })).returns;
    expect(new Set(oct.map((r) => r.status))).toEqual(new Set(['pending']));
    // a month before anything was imported is still a month with returns owed
    const jul = (await api['imports.returns']({ month: '2020-07' })).returns;
    expect(jul.filter((r) => r.status === 'missing')).toHaveLength(33);
  });

  it('agrees with the assessment’s 报送情况, which the briefing prints', async () => {
    const ws = newWorkspace();
    imp(ws, '城区-机动车-2020年9月.xlsx', await book('城区2020年9月老旧车淘汰台账', VEHICLE_HEADERS, vehicleRows({ county: '城区', count: 8, seed: 63, period: '2020-09' })), { unit: '城区', period: '2020-09' });
    const api = createApi({ db: ws.db, file: ':memory:', clock: { now: () => new Date('2020-10-12T02:00:00Z') }, user: '测试分析员' });
    const fromImport = (await api['imports.returns']({ month: '2020-09' })).returns;
    const fromAssess = (await api['assess.compute']({ asOf: '2020-09-30' })).submissions.filter((r) => r.period === '2020-09');
    expect(fromImport).toEqual(fromAssess);
  });

  it('without a month, shows the latest month anything was sent for, or in an empty workspace the month last due', async () => {
    const ws = newWorkspace();
    const at = (iso: string) => createApi({ db: ws.db, file: ':memory:', clock: { now: () => new Date(iso) }, user: '测试分析员' });
    // returns for September are due on 5 October (Beijing time)
    expect((await at('2020-10-05T10:00:00+08:00')['imports.returns']({})).month).toBe('2020-08');
    expect((await at('2020-10-06T10:00:00+08:00')['imports.returns']({})).month).toBe('2020-09');
    expect((await at('2021-01-08T10:00:00+08:00')['imports.returns']({})).month).toBe('2020-12');
    imp(ws, '城区-机动车-2020年7月.xlsx', await book('城区2020年7月老旧车淘汰台账', VEHICLE_HEADERS, vehicleRows({ county: '城区', count: 4, seed: 64, period: '2020-07' })), { unit: '城区', period: '2020-07' });
    const latest = await at('2020-10-12T02:00:00Z')['imports.returns']({});
    expect(latest.month).toBe('2020-07');
    expect(latest.returns.find((r) => r.unit === '城区' && r.kind === 'vehicle')?.status).toBe('late');
  });
});
