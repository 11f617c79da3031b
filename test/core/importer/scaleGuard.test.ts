import { describe, expect, it } from 'vitest';
import { sheetJsReader } from '../../../main/core/importer/workbookReader';
import type { ImportResult } from '../../../main/core/importer/importFile';
import { VEHICLE_HEADERS, vehicleRows } from '../../fixtures/ledgerRows';
import { xlsx } from '../../fixtures/workbooks';
import { imp, newWorkspace } from '../../support/importHarness';

// Guards the importer's big-file work (the fast reader releasing what it inflated, the checks and inserts at scale):
// a 3,000-row ledger with the faults a real one has must come out exactly as it did before that work, and exactly as
// the SheetJS reader makes it.
const FILE = '盂县2020年9月国三及以下营运柴油货车淘汰台账.xlsx';

async function ledger(): Promise<Buffer> {
  const rows = vehicleRows({ county: '盂县', count: 3000, seed: 11, period: '2020-09' });
  rows[1200]![1] = rows[40]![1]!; // the same plate twice
  rows[2000]![2] = rows[41]![2]!; // the same VIN twice
  rows[2500]![2] = 'LZZ1234'; // a VIN too short
  rows[2700]![0] = '某某县'; // a county nobody knows
  rows[100]![9] = '不详'; // no date
  const subsidy = rows.reduce((n, r) => n + (typeof r[10] === 'number' ? r[10] : 0), 0);
  return xlsx({
    sheets: [
      {
        name: '淘汰台账',
        titleRows: ['盂县2020年9月国三及以下营运柴油货车淘汰台账'],
        header: [...VEHICLE_HEADERS],
        rows,
        hiddenRows: [5, 6],
        blankRowsAfter: [1500],
        totalRow: { label: '合计', values: { 10: subsidy + 500 } },
        notes: ['填报人：张三  填报日期：2020年10月8日'],
      },
    ],
  });
}

function histogram(r: ImportResult): Record<string, number> {
  const h: Record<string, number> = {};
  for (const f of r.findings) h[`${f.severity}:${f.code}`] = (h[`${f.severity}:${f.code}`] ?? 0) + 1;
  return h;
}

describe('a 3,000-row ledger through the importer', () => {
  it('lands whole with the counts and findings it always had, and the same as through SheetJS', async () => {
    const bytes = await ledger();
    const ws = newWorkspace();
    const r = imp(ws, FILE, bytes);
    expect(r).toMatchObject({ status: 'imported', kind: 'vehicle', submitter: '盂县', period: '2020-09' });
    expect(r.rows).toEqual(EXPECTED.rows);
    expect(histogram(r)).toEqual(EXPECTED.findings);
    for (const [row, code] of EXPECTED.at) expect(r.findings.some((f) => f.row === row && f.code === code), `${code} at row ${row}`).toBe(true);

    // every row is in the workspace, the refused ones with what they said
    const stored = ws.db.prepare(`SELECT row_status AS status, COUNT(*) AS n, COUNT(raw) AS raw FROM vehicle_rows GROUP BY row_status ORDER BY row_status`).all();
    expect(stored).toEqual(EXPECTED.stored);
    expect((ws.db.prepare('SELECT COUNT(*) AS n FROM findings').get() as { n: number }).n).toBe(r.findings.length);

    const viaSheetJs = imp(newWorkspace(), FILE, bytes, { reader: sheetJsReader });
    expect({ rows: viaSheetJs.rows, units: viaSheetJs.units, findings: viaSheetJs.findings }).toEqual({ rows: r.rows, units: r.units, findings: r.findings });
  });
});

// what the importer gave before the big-file work (commit 7eab195)
const EXPECTED = {
  rows: { total: 3000, accepted: 2995, warned: 521, rejected: 5 },
  findings: {
    'warning:standard_not_eligible': 522,
    'info:hidden': 1,
    'error:type': 1,
    'error:duplicate': 2,
    'error:vin_format': 1,
    'error:unknown_unit': 1,
    'warning:total_mismatch': 1,
  },
  // sheet rows: the title and header come first, and a blank row follows the 1,501st record
  at: [
    [103, 'type'],
    [1203, 'duplicate'],
    [2004, 'duplicate'],
    [2504, 'vin_format'],
    [2704, 'unknown_unit'],
    [3004, 'total_mismatch'],
  ] as [number, string][],
  stored: [
    { status: 'ok', n: 2474, raw: 0 },
    { status: 'rejected', n: 5, raw: 5 },
    { status: 'warned', n: 521, raw: 0 },
  ],
};
