// 目标分解: the share fields wait for the saved shares, so a slow reply never overwrites what was typed.
import { describe, expect, it } from 'vitest';
import { fireEvent, render, screen } from '@testing-library/react';
import { AllocationPanel } from '../../renderer/src/components/AllocationPanel';
import { setTransport } from '../../renderer/src/api/client';
import type { AllocationCheck, AllocationView } from '../../shared/assessModels';
import { fakeBridge } from '../fixtures/fakeBridge';
import { PLAN_2020 } from '../fixtures/planVersions';

describe('目标分解 while the saved shares load', () => {
  it('shows a loading line instead of the fields until allocations.list answers, then the saved shares', async () => {
    const target = PLAN_2020.tasks[0]!.targets[0]!;
    let answer!: (v: { allocations: AllocationView[]; checks: AllocationCheck[] }) => void;
    setTransport(fakeBridge({ 'allocations.list': () => new Promise((resolve) => (answer = resolve)) }));
    render(<AllocationPanel target={target} />);
    expect(screen.getByRole('status').textContent).toBe('正在读取已保存的分解……');
    expect(screen.queryByLabelText('城区分解值')).toBeNull();
    expect(screen.queryByRole('button', { name: '保存分解值' })).toBeNull();

    answer({ allocations: [{ target: target.id, unit: '城区', value: 300, note: null, source: '手工录入', setBy: '王芳', setAt: '2020-09-01T08:00:00Z' }], checks: [] });
    const city = (await screen.findByLabelText('城区分解值')) as HTMLInputElement;
    expect(city.value).toBe('300');
    expect(screen.queryByText('正在读取已保存的分解……')).toBeNull();
    fireEvent.change(screen.getByLabelText('矿区分解值'), { target: { value: '200' } });
    expect((screen.getByRole('button', { name: '保存分解值' }) as HTMLButtonElement).disabled).toBe(false);
  });
});
