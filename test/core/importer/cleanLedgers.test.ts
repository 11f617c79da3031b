import { describe, expect, it } from 'vitest';
import { xlsx } from '../../fixtures/workbooks';
import { BOILER_HEADERS, MINE_HEADERS, PERMIT_HEADERS, VEHICLE_HEADERS, boilerRows, mineRows, permitRows, vehicleRows } from '../../fixtures/ledgerRows';
import { imp, newWorkspace } from '../../support/importHarness';

describe('clean ledgers in the canonical layout', () => {
  it.each([
    ['mine', MINE_HEADERS, mineRows],
    ['boiler', BOILER_HEADERS, boilerRows],
    ['vehicle', VEHICLE_HEADERS, vehicleRows],
    ['permit', PERMIT_HEADERS, permitRows],
  ] as const)('%s: every generated row is accepted', async (kind, headers, rowsOf) => {
    const ws = newWorkspace();
    const rows = rowsOf({ county: '盂县', count: 60, seed: 7, period: '2020-09' });
    const bytes = await xlsx({ sheets: [{ name: 'Sheet1', titleRows: ['盂县2020年9月台账'], header: [...headers], rows }] });
    const r = imp(ws, `${kind}.xlsx`, bytes);
    const problems = r.findings.filter((f) => f.severity !== 'info' && f.code !== 'standard_not_eligible');
    expect(problems).toEqual([]);
    expect(r).toMatchObject({ status: 'imported', kind, submitter: '盂县', period: '2020-09' });
    expect(r.rows.total).toBe(60);
    expect(r.rows.rejected).toBe(0);
  });
});
