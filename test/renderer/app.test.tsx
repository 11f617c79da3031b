import { describe, expect, it } from 'vitest';
import { act, render, screen, waitFor } from '@testing-library/react';
import { App } from '../../renderer/src/App';
import { ClientError, invoke, setTransport, type BlueskyBridge } from '../../renderer/src/api/client';
import { markQuotes } from '../../renderer/src/components/ClauseText';
import { hashParams, pageFromHash, pageHref } from '../../renderer/src/navigation';

function fakeTransport(results: Record<string, unknown>): BlueskyBridge {
  return {
    invoke: async (method) =>
      method in results ? { ok: true, result: results[method] } : { ok: false, error: { code: 'unknown_method', message: `没有名为“${method}”的功能。` } },
    on: () => () => {},
  };
}

describe('the app frame', () => {
  it('lists every area in Chinese, all of them built, and opens the one the address names', async () => {
    setTransport(
      fakeTransport({
        'app.info': { workspacePath: '/data/阳泉2020.sqlite' },
        'plan.get': { document: { title: '', number: '', issuer: '', year: 2020 }, goals: [], tasks: [], provisions: [] },
        'assess.runs': [],
        'register.list': [],
        'submissions.list': [],
        'reports.list': [],
        'reports.dossierUnits': [],
      }),
    );
    window.location.hash = '#/reports';
    render(<App />);
    const nav = screen.getByRole('navigation', { name: '主导航' });
    const labels = Array.from(nav.querySelectorAll('a')).map((a) => a.firstChild?.textContent);
    expect(labels).toEqual(['台账导入', '台账浏览', '考核评估', '问责台账', '报告', '目标与分解', '设置']);
    // every area is built now, 报告 included
    expect(nav.querySelectorAll('.later-tag')).toHaveLength(0);
    expect(screen.queryByText('本功能尚未开发，将在后续版本提供。')).toBeNull();
    await waitFor(() => expect(screen.getByRole('heading', { name: '报告', level: 1 })).toBeTruthy());
    expect(screen.getByRole('link', { name: '报告' }).getAttribute('aria-current')).toBe('page');
    // the file name on one line of its own, cut with an ellipsis when long, the whole path on hover
    const file = await screen.findByText('阳泉2020.sqlite');
    expect(file.closest('.workspace-line')!.textContent).toBe('工作区：阳泉2020.sqlite');
    expect(file.closest('.workspace-line')!.getAttribute('title')).toMatch(/阳泉2020\.sqlite$/);

    act(() => {
      window.location.hash = '#/register';
      window.dispatchEvent(new HashChangeEvent('hashchange'));
    });
    expect(screen.getByRole('link', { name: /问责台账/ }).getAttribute('aria-current')).toBe('page');
    // with no assessment saved yet, the register says so and points to 考核评估
    await waitFor(() => expect(screen.getByText('尚未保存任何考核评估，因此还没有问责建议。')).toBeTruthy());
    expect(screen.getByRole('heading', { name: '问责台账', level: 1 })).toBeTruthy();
    expect(document.querySelector('.notice a[href="#/assess"]')?.textContent).toBe('考核评估');
  });
});

describe('the API client', () => {
  it('turns a failed call into an error carrying the core’s Chinese message', async () => {
    setTransport(fakeTransport({}));
    await expect(invoke('plan.get', {})).rejects.toThrow(ClientError);
    await expect(invoke('plan.get', {})).rejects.toThrow('没有名为“plan.get”的功能。');
  });
});

describe('quotes in a clause', () => {
  it('marks where each target’s words stand, once, even when two targets cite the same sentence', () => {
    const text = '甲乙丙。确保降尘量低于9吨。丁戊。';
    const marks = markQuotes(text, [
      { id: 'a', quote: '确保降尘量低于9吨' },
      { id: 'b', quote: '确保降尘量低于9吨' },
      { id: 'c', quote: '不在条文里' },
      { id: 'd', quote: '丁戊' },
    ]);
    expect(marks.map((m) => text.slice(m.start, m.end))).toEqual(['确保降尘量低于9吨', '丁戊']);
  });
});

describe('addresses with parameters', () => {
  it('opens the page before the “?” and hands the rest to it', () => {
    expect(pageFromHash('#/reports?unit=%E7%9B%82%E5%8E%BF&month=2020-09')).toBe('reports');
    expect(pageFromHash('#/reports')).toBe('reports');
    expect(pageFromHash('#/nowhere?unit=盂县')).toBe('import');
    const p = hashParams('#/reports?unit=%E7%9B%82%E5%8E%BF&month=2020-09');
    expect([p.get('unit'), p.get('month')]).toEqual(['盂县', '2020-09']);
    expect(hashParams('#/reports').get('unit')).toBeNull();
    expect(hashParams(pageHref('reports', { unit: '盂县', month: '2020-08' })).get('unit')).toBe('盂县');
  });
});
