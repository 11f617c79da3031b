import { describe, expect, it } from 'vitest';
import { fireEvent, render, screen } from '@testing-library/react';
import { toTsv } from '../../renderer/src/components/gridCopy';
import { useFindShortcut } from '../../renderer/src/util/findShortcut';

function Page({ withSearch }: { withSearch: boolean }) {
  useFindShortcut();
  return (
    <main className="content">
      <h1>目标与分解</h1>
      {withSearch && <input type="search" aria-label="搜索目标" defaultValue="锅炉" />}
    </main>
  );
}

describe('keyboard habits of an office PC', () => {
  it('Ctrl+F goes to the page’s search box, its text selected, instead of the browser’s find', () => {
    render(<Page withSearch />);
    const box = screen.getByLabelText('搜索目标') as HTMLInputElement;
    // jsdom lays nothing out: a box with no offsetParent counts as hidden, so give it one
    Object.defineProperty(box, 'offsetParent', { get: () => document.body });
    const allowed = fireEvent.keyDown(window, { key: 'f', ctrlKey: true });
    expect(allowed).toBe(false);
    expect(document.activeElement).toBe(box);
    expect([box.selectionStart, box.selectionEnd]).toEqual([0, 2]);
  });

  it('leaves Ctrl+F to the browser on a page without a search box', () => {
    render(<Page withSearch={false} />);
    expect(fireEvent.keyDown(window, { key: 'f', ctrlKey: true })).toBe(true);
  });

  it('copies as Excel and WPS paste: tabs between fields, CRLF between rows, quoted when a field holds a tab, a break or a quote', () => {
    expect(toTsv([['单位', '目标', '处理'], ['盂县', '任务9 全面完成燃气锅炉低氮改造', '确认'], ['城区', '理由：“已改造”\n附照片', null]])).toBe(
      '单位\t目标\t处理\r\n盂县\t任务9 全面完成燃气锅炉低氮改造\t确认\r\n城区\t"理由：“已改造”\n附照片"\t',
    );
    expect(toTsv([['说"明"']])).toBe('"说""明"""');
  });
});
