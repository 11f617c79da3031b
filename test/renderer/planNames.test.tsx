import { describe, expect, it } from 'vitest';
import { render, screen, within } from '@testing-library/react';
import { MonthlyPreview } from '../../renderer/src/components/MonthlyPreview';
import { valueText } from '../../renderer/src/components/ledgerCells';
import type { LedgerFieldView } from '../../shared/ledgerModels';
import { MONTHLY_FIXTURE } from '../fixtures/monthlyReportData';

/** A target code as the seeds write them: an identifier, never for a person to read. */
const CODE = /\b[TGS]\d\d?-[a-z0-9-]+/;

describe('names, not codes, in the renderer', () => {
  it('shows a target column’s stored code as the target’s name', () => {
    const taskNo: LedgerFieldView = {
      key: 'taskNo',
      label: '任务编号',
      type: 'text',
      required: true,
      measure: null,
      options: null,
      valueNames: { 'T04-voc-remediation': '任务4 完成重点行业VOCs针对性整治' },
    };
    expect(valueText(taskNo, 'T04-voc-remediation')).toBe('任务4 完成重点行业VOCs针对性整治');
    // a value the plan does not know stays as the submitter wrote it
    expect(valueText(taskNo, '另一项工作')).toBe('另一项工作');
  });

  it('lists the briefing preview’s lagging targets by task number and name', () => {
    render(<MonthlyPreview data={MONTHLY_FIXTURE} saved />);
    const lagging = screen.getByRole('table', { name: '滞后清单' });
    expect(within(lagging).getAllByText('任务14 完成废弃露天矿山恢复治理面积').length).toBeGreaterThan(0);
    expect(lagging.textContent).not.toMatch(CODE);
  });
});
