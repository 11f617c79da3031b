import { describe, expect, it, vi } from 'vitest';
import { dispatch } from '../../main/core/dispatch';
import { createApi } from '../../main/core/api';
import { openWorkspace } from '../../main/core/workspace';
import { ApiError, type ApiImpl } from '../../shared/api';

const ws = openWorkspace(':memory:');
const api = createApi({ db: ws.db, file: ':memory:', clock: { now: () => new Date('2020-10-05T00:00:00Z') }, user: 'tester' });

describe('the dispatcher every host goes through', () => {
  it('runs a known method with a valid request', async () => {
    const r = await dispatch(api, 'plan.get', {});
    expect(r.ok).toBe(true);
    if (r.ok) expect((r.result as { tasks: unknown[] }).tasks).toHaveLength(22);
  });

  it.each(['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'plan', 'plan.delete', 42, null])(
    'refuses the method name %s',
    async (name) => {
      const r = await dispatch(api, name, {});
      expect(r).toMatchObject({ ok: false, error: { code: 'unknown_method' } });
    },
  );

  it('refuses a request that breaks the schema, in Chinese', async () => {
    const r = await dispatch(api, 'units.addAlias', { alias: '', unit: '盂县', extra: 1 });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('invalid_request');
      expect(r.error.message).toMatch(/^请求参数有误：/);
      expect(r.error.message).toMatch(/alias：单位名称不能为空/);
    }
  });

  it('passes a user-facing error through with its code, and wraps an unexpected one', async () => {
    const r1 = await dispatch(api, 'units.removeAlias', { alias: '经开区' });
    expect(r1).toMatchObject({ ok: false, error: { code: 'seed_alias' } });
    const log = vi.fn();
    const broken = { ...api, 'plan.get': () => { throw new TypeError('boom'); } } as ApiImpl;
    const r2 = await dispatch(broken, 'plan.get', {}, log);
    expect(r2).toMatchObject({ ok: false, error: { code: 'internal', message: expect.stringMatching(/工作台内部错误（plan\.get）：boom/) } });
    expect(log).toHaveBeenCalledOnce();
    const r3 = await dispatch({ ...api, 'plan.get': () => { throw new ApiError('x', '说明'); } } as ApiImpl, 'plan.get', undefined);
    expect(r3).toEqual({ ok: false, error: { code: 'x', message: '说明' } });
  });

  it('records who added an alias and when', async () => {
    await dispatch(api, 'units.addAlias', { alias: '盂县大气办', unit: '盂县' });
    expect(ws.db.prepare(`SELECT created_by, created_at FROM unit_aliases WHERE alias = '盂县大气办'`).get()).toEqual({
      created_by: 'tester',
      created_at: '2020-10-05T00:00:00.000Z',
    });
  });
});
