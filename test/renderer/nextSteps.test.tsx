import { describe, expect, it } from 'vitest';
import { render, screen } from '@testing-library/react';
import { NextSteps } from '../../renderer/src/components/NextSteps';
import type { ResultView } from '../../shared/assessModels';
import type { TargetView } from '../../shared/models';

/** A target handed down later (另行分解下达), as the plan has several. */
const MINES = {
  id: 'T14-mine-restoration',
  task: 14,
  section: '三(四)',
  category: 'task',
  kind: 'quantity',
  description: '完成废弃露天矿山恢复治理面积',
  valueSource: 'allocation',
  allocatable: true,
} as unknown as TargetView;

function result(unit: string, status: ResultView['status']): ResultView {
  return { target: MINES.id, task: 14, unit, value: null, actual: null, completion: null, timeProgress: 0.75, status, detail: { basis: '', ledger: 'mine' } };
}

const targets = new Map([[MINES.id, MINES]]);

describe('考核评估 on a workspace that is not ready yet', () => {
  it('on an empty workspace says nothing is imported and links to 导入台账 and 录入分解值', () => {
    render(<NextSteps asOf="2020-09-30" submissions={0} results={[result('盂县', 'no_target'), result('城区', 'no_target')]} targets={targets} saved={false} savedBefore={false} />);
    const note = screen.getByRole('note', { name: '下一步' });
    expect(note.textContent).toContain('还没有可评估的台账。截至2020年9月30日，工作区里没有任何单位的报送');
    expect(screen.getByRole('link', { name: '导入台账' }).getAttribute('href')).toBe('#/import');
    expect(note.textContent).toContain('1 个目标的分解值待下达。“任务14 完成废弃露天矿山恢复治理面积”需要先为各县区录入分解值');
    expect(screen.getByRole('link', { name: '录入分解值' }).getAttribute('href')).toBe('#/plan?target=T14-mine-restoration');
    // nothing to save while nothing is imported
    expect(note.textContent).not.toContain('尚未保存');
  });

  it('once ledgers are in, asks for the month to be saved, and says no more once it is', () => {
    const { unmount } = render(<NextSteps asOf="2020-09-30" submissions={12} results={[result('盂县', 'overdue')]} targets={targets} saved={false} savedBefore={false} />);
    expect(screen.getByRole('note', { name: '下一步' }).textContent).toBe('本月评估尚未保存。核对矩阵后点击上方的“保存本月评估”：问责建议和月度通报都以保存的评估为依据。');
    unmount();
    render(<NextSteps asOf="2020-09-30" submissions={12} results={[result('盂县', 'overdue')]} targets={targets} saved={false} savedBefore />);
    expect(screen.queryByRole('note', { name: '下一步' })).toBeNull();
  });
});
