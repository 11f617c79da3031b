// A big worksheet is scanned as it inflates (over 64 MB of XML); the import must not notice: the same rows stored,
// the same findings, the same refusals. Here the piece-by-piece scan is forced on an ordinary ledger.
import { describe, expect, it } from 'vitest';
import { fastXlsxReaderWith } from '../../../main/core/importer/xlsxReader';
import { VEHICLE_HEADERS, vehicleRows } from '../../fixtures/ledgerRows';
import { xlsx } from '../../fixtures/workbooks';
import { imp, newWorkspace } from '../../support/importHarness';

const streamed = fastXlsxReaderWith({ streamAboveBytes: 0, pieceBytes: 333 });
/** Inflated by a worker thread while the import scans, in pieces of 1,000 bytes. */
const threaded = fastXlsxReaderWith({ streamAboveBytes: Infinity, threadAboveBytes: 0, threadPieceBytes: 1000 });

async function ledger(): Promise<Uint8Array> {
  const rows = vehicleRows({ county: '盂县', count: 3000, seed: 7, period: '2020-09' });
  // the same truck twice, far apart; a date after the reporting month; a plate that is no plate
  rows[2900]![1] = rows[3]![1]!;
  rows[1500]![9] = '2020-11-02';
  rows[2000]![1] = '不详';
  return xlsx({ sheets: [{ name: '淘汰台账', titleRows: ['盂县2020年9月国三及以下营运柴油货车淘汰台账'], header: [...VEHICLE_HEADERS], rows }] });
}

function stored(ws: ReturnType<typeof newWorkspace>): unknown[] {
  return ws.db.prepare('SELECT sheet, row_no, row_status, unit_id, raw, plate, vin, vehicle_type, fuel, standard, usage, owner, method, retired_on, subsidy, note FROM vehicle_rows ORDER BY row_no').all();
}

describe('a worksheet scanned piece by piece as it inflates', () => {
  it('imports the same rows, findings and refusals as one read whole, duplicates across the whole sheet included', async () => {
    const bytes = await ledger();
    const whole = newWorkspace();
    const a = imp(whole, '盂县车辆淘汰台账.xlsx', bytes);
    const pieces = newWorkspace();
    const b = imp(pieces, '盂县车辆淘汰台账.xlsx', bytes, { reader: streamed });
    expect(a.status).toBe('imported');
    expect(a.rows).toEqual({ total: 3000, accepted: 2997, warned: expect.any(Number), rejected: 3 });
    expect(a.findings.find((f) => f.code === 'duplicate')).toMatchObject({ row: 2903, related: { row: 6 } });
    expect({ ...b, id: a.id }).toEqual(a);
    expect(stored(pieces)).toEqual(stored(whole));
    const fromWorker = newWorkspace();
    const c = imp(fromWorker, '盂县车辆淘汰台账.xlsx', bytes, { reader: threaded });
    expect({ ...c, id: a.id }).toEqual(a);
    expect(stored(fromWorker)).toEqual(stored(whole));
  });
});
