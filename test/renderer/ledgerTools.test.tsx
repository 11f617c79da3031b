// 台账导入 and 台账浏览 helpers: folded findings, who has reported, search hits with their versions, and a correction compared.
import { describe, expect, it } from 'vitest';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { FindingsGrid } from '../../renderer/src/components/FindingsGrid';
import { ReturnsMatrix } from '../../renderer/src/components/ReturnsMatrix';
import { LedgerSearch } from '../../renderer/src/components/LedgerSearch';
import { SubmissionComparisonView } from '../../renderer/src/components/SubmissionComparisonView';
import { setTransport } from '../../renderer/src/api/client';
import { fakeBridge } from '../fixtures/fakeBridge';
import type { FindingView, LedgerFieldView, LedgerSearchHit, SubmissionComparison } from '../../shared/ledgerModels';
import type { ReturnStatusView } from '../../shared/assessModels';
import { COUNTIES, vehicleRows } from '../fixtures/ledgerRows';

/** The same wrong fuel on 56 rows of a boiler ledger, and one problem of the whole file. */
function repeatedFindings(): FindingView[] {
  const rows = [...Array.from({ length: 50 }, (_, i) => 5 + i), 70, 71, 72, 90, 120, 121];
  return [
    ...rows.map((row) => ({ severity: 'error' as const, code: 'not_allowed', sheet: '锅炉台账', row, column: '燃料类型', col: 4, message: '“燃料类型”的值“烧柴”不在规定范围内（应为：燃煤、燃气、生物质、电、其他）。' })),
    { severity: 'warning' as const, code: 'dropped_rows', sheet: null, row: null, column: null, col: null, message: '与此前报送的相比，本次少了 3 条记录。' },
  ];
}

describe('folded findings on the import page', () => {
  it('shows the same problem on 56 rows as one line with its rows, and opens it row by row', async () => {
    const picked: FindingView[] = [];
    render(<FindingsGrid findings={repeatedFindings()} onPick={(f) => picked.push(f)} />);
    const line = await screen.findByText(/^▸ 共 56 处：“燃料类型”的值“烧柴”不在规定范围内/);
    expect(screen.getByText('第5–54、70–72、90、120、121行')).toBeTruthy();
    expect(screen.getByRole('button', { name: '全部 57' })).toBeTruthy();
    expect(screen.getByText('同类问题已合并为一行，点击可逐行展开')).toBeTruthy();
    fireEvent.click(line);
    await screen.findByText(/^▾ 共 56 处/);
    await waitFor(() => expect(screen.getAllByText('同上').length).toBeGreaterThan(3));
    // the grid wires a freshly drawn row up a moment after drawing it
    await waitFor(() => {
      fireEvent.click(screen.getAllByText('同上')[0]!);
      expect(picked.length).toBeGreaterThan(0);
    });
    expect(picked[0]!.row).toBe(5);
  });
});

const RETURNS: ReturnStatusView[] = [
  ...COUNTIES.flatMap((unit, i) =>
    (['mine', 'boiler', 'vehicle', 'permit', 'milestone'] as const).map((kind, j) => ({
      unit,
      kind,
      period: '2020-09',
      dueOn: '2020-10-05',
      status: (i === 1 && j === 4) || (i === 5 && j === 2) ? ('missing' as const) : i % 2 ? ('late' as const) : ('on_time' as const),
      submissionId: (i === 1 && j === 4) || (i === 5 && j === 2) ? null : i * 10 + j + 1,
      submittedAt: (i === 1 && j === 4) || (i === 5 && j === 2) ? null : i % 2 ? '2020-10-07T01:30:00.000Z' : '2020-10-03T01:30:00.000Z',
    })),
  ),
  ...['市生态环境局', '市市场监督管理局', '市工信局'].map((unit) => ({ unit, kind: 'indicator' as const, period: '2020-09', dueOn: '2020-10-05', status: 'on_time' as const, submissionId: 90, submittedAt: '2020-10-02T01:00:00.000Z' })),
];

describe('who has reported, on the import page', () => {
  it('shows the month the core picks, unit by ledger, and names whom to chase', async () => {
    const asked: unknown[] = [];
    setTransport(fakeBridge({ 'imports.returns': (args) => (asked.push(args), { month: '2020-09', returns: RETURNS }) }));
    render(<ReturnsMatrix version={0} />);
    const matrix = await screen.findByRole('group', { name: '报送情况' });
    await within(matrix).findByText('2020年9月应报 33 份：按时 18、逾期 13、未报送 2（截止 2020年10月5日）');
    expect(asked[0]).toEqual({});
    expect(within(matrix).getByText('待催报：矿区（任务销号）；开发区（车辆淘汰）')).toBeTruthy();
    const row = within(matrix).getByRole('row', { name: /^开发区/ });
    expect(within(row).getAllByRole('cell').map((c) => c.textContent)).toEqual(['逾期', '逾期', '未报', '逾期', '', '逾期']);
    expect(within(matrix).getByLabelText(/^开发区 车辆淘汰台账：未报送，截止 2020年10月5日$/)).toBeTruthy();
    expect(within(matrix).getByLabelText(/^城区 锅炉台账：按时，2020-10-03 09:30 导入（报送编号 2），截止 2020年10月5日$/)).toBeTruthy();
  });
});

const vehicleFields: LedgerFieldView[] = [
  { key: 'county', label: '县区', type: 'unit', required: true, measure: null, options: null },
  { key: 'plate', label: '号牌号码', type: 'plate', required: true, measure: null, options: null },
  { key: 'vin', label: '车辆识别代号', type: 'vin', required: true, measure: null, options: null },
  { key: 'retiredOn', label: '淘汰日期', type: 'date', required: true, measure: null, options: null },
  { key: 'subsidy', label: '补贴金额', type: 'number', required: false, measure: '元', options: null },
];

describe('search and comparison in 台账浏览', () => {
  it('finds a plate typed in lower case and says which submission and version each hit is from', async () => {
    const row = vehicleRows({ county: '平定县', count: 3, seed: 81, period: '2020-09' })[1]!;
    const [plate, vin] = [String(row[1]), String(row[2])];
    const hit = (id: number, submissionId: number, period: string, version: LedgerSearchHit['version']): LedgerSearchHit => ({
      kind: 'vehicle', id, submissionId, file: `平定县-车辆淘汰台账-${period}.xlsx`, period, submitter: '平定县', sheet: '淘汰台账', rowNo: 9, status: 'ok', unit: '平定县',
      values: { plate, vin, owner: '阳泉市汇丰运输有限公司' }, raw: null, problems: [], version,
    });
    const asked: unknown[] = [];
    setTransport(
      fakeBridge({
        'ledgers.search': (args) => {
          asked.push(args);
          return args.allVersions
            ? { query: plate, total: 2, capped: false, rows: [hit(2, 12, '2020-09', { no: 2, state: 'current', supersededById: null }), hit(1, 7, '2020-09', { no: 1, state: 'superseded', supersededById: 12 })] }
            : { query: plate, total: 1, capped: false, rows: [hit(2, 12, '2020-09', { no: 2, state: 'current', supersededById: null })] };
        },
      }),
    );
    render(<LedgerSearch onOpen={() => {}} />);
    fireEvent.change(screen.getByLabelText('查找内容'), { target: { value: plate.toLowerCase() } });
    fireEvent.click(screen.getByRole('button', { name: '查找' }));
    await screen.findByText('找到 1 行。');
    expect(asked[0]).toEqual({ query: plate.toLowerCase() });
    fireEvent.click(screen.getByLabelText('含旧版本'));
    await screen.findByText('找到 2 行。');
    expect(asked[1]).toEqual({ query: plate.toLowerCase(), allVersions: true });
    await screen.findByText('报送 #7 · 第1版 · 已被 #12 替换');
    expect(screen.getByText('报送 #12 · 第2版 · 当前')).toBeTruthy();
  });

  it('says plainly when nothing is found, and where else to look', async () => {
    setTransport(fakeBridge({ 'ledgers.search': (args) => ({ query: String(args.query), total: 0, capped: false, rows: [] }) }));
    render(<LedgerSearch onOpen={() => {}} />);
    fireEvent.change(screen.getByLabelText('查找内容'), { target: { value: '不存在的公司' } });
    fireEvent.click(screen.getByRole('button', { name: '查找' }));
    await screen.findByText('没有找到含“不存在的公司”的当前版本台账行。可勾选“含旧版本”再找。');
  });

  it('lays out a correction against what it replaced: counts, each changed field old → new, added and removed rows', async () => {
    const rows = vehicleRows({ county: '盂县', count: 4, seed: 82, period: '2020-09' });
    const v = (r: (typeof rows)[number]) => ({ county: '盂县', plate: String(r[1]), vin: String(r[2]), retiredOn: '2020-09-12', subsidy: 8000 });
    const comparison: SubmissionComparison = {
      kind: 'vehicle',
      submission: { id: 12, file: '盂县-车辆淘汰台账-2020年9月（更正）.xlsx', submitter: '盂县', period: '2020-09', importedAt: '2020-10-09T02:00:00.000Z' },
      units: [{ unit: '盂县', replaced: { id: 7, file: '盂县-车辆淘汰台账-2020年9月.xlsx', submitter: '盂县', period: '2020-09', importedAt: '2020-10-04T02:00:00.000Z' } }],
      added: [{ key: String(rows[3]![2]), unit: '盂县', sheet: '淘汰台账', rowNo: 8, status: 'ok', values: v(rows[3]!) }],
      removed: [{ key: String(rows[2]![2]), unit: '盂县', sheet: '淘汰台账', rowNo: 7, status: 'ok', values: v(rows[2]!) }],
      changed: [
        {
          key: String(rows[0]![2]),
          unit: '盂县',
          before: { key: String(rows[0]![2]), unit: '盂县', sheet: '淘汰台账', rowNo: 5, status: 'ok', values: v(rows[0]!) },
          after: { key: String(rows[0]![2]), unit: '盂县', sheet: '淘汰台账', rowNo: 5, status: 'ok', values: { ...v(rows[0]!), subsidy: 12000, retiredOn: null } },
          fields: [
            { field: 'retiredOn', before: '2020-09-12', after: null },
            { field: 'subsidy', before: 8000, after: 12000 },
          ],
        },
      ],
      counts: { added: 1, removed: 1, changed: 1, unchanged: 40 },
    };
    setTransport(fakeBridge({ 'submissions.compare': () => comparison }));
    const fields = { mine: [], boiler: [], vehicle: vehicleFields, permit: [], indicator: [], milestone: [] };
    render(<SubmissionComparisonView id={12} fields={fields} onClose={() => {}} />);
    await screen.findByRole('status');
    const region = screen.getByRole('region', { name: '版本对比' });
    expect(within(region).getByRole('status').textContent).toBe('新增 1 行，删除 1 行，修改 1 行，未变 40 行。');
    const changed = within(region).getByRole('region', { name: '修改的行' });
    const cells = within(changed).getAllByRole('row').slice(1).map((r) => within(r).getAllByRole('cell').map((c) => c.textContent));
    expect(cells).toEqual([
      [`${String(rows[0]![2])}（盂县）`, '第5行 → 第5行', '淘汰日期', '2020年9月12日', '（空）'],
      ['补贴金额', '8,000', '12,000'],
    ]);
    expect(within(within(region).getByRole('region', { name: '删除' })).getByText(String(rows[2]![1]))).toBeTruthy();
    expect(within(within(region).getByRole('region', { name: '新增' })).getByText('淘汰台账 第8行')).toBeTruthy();
  });
});
