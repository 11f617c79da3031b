import { describe, expect, it } from 'vitest';
import { act, render, screen, waitFor } from '@testing-library/react';
import { App } from '../../renderer/src/App';
import { ClientError, invoke, setTransport, type BlueskyBridge } from '../../renderer/src/api/client';
import { markQuotes } from '../../renderer/src/components/ClauseText';

function fakeTransport(results: Record<string, unknown>): BlueskyBridge {
  return {
    invoke: async (method) =>
      method in results ? { ok: true, result: results[method] } : { ok: false, error: { code: 'unknown_method', message: `没有名为“${method}”的功能。` } },
    on: () => () => {},
  };
}

describe('the app frame', () => {
  it('lists every area in Chinese, marks the unbuilt ones, and says plainly they come later', async () => {
    setTransport(
      fakeTransport({
        'app.info': { workspacePath: '/data/阳泉2020.sqlite' },
        'plan.get': { document: { title: '', number: '', issuer: '', year: 2020 }, goals: [], tasks: [], provisions: [] },
        'assess.runs': [],
        'register.list': [],
      }),
    );
    window.location.hash = '#/reports';
    render(<App />);
    const nav = screen.getByRole('navigation', { name: '主导航' });
    const labels = Array.from(nav.querySelectorAll('a')).map((a) => a.firstChild?.textContent);
    expect(labels).toEqual(['台账导入', '台账浏览', '考核评估', '问责台账', '报告', '目标与分解', '设置']);
    // only 报告 is still to come; 考核评估 and 问责台账 are built
    expect(nav.querySelectorAll('.later-tag')).toHaveLength(1);
    expect(screen.getByRole('heading', { name: '报告' })).toBeTruthy();
    expect(screen.getByText('本功能尚未开发，将在后续版本提供。')).toBeTruthy();
    expect(screen.getByText(/生成月度通报工作簿和约谈材料/)).toBeTruthy();
    await waitFor(() => expect(screen.getByText('工作区：阳泉2020.sqlite')).toBeTruthy());

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
