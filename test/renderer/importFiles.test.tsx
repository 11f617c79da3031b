// How the import page hands files to the core: bytes from a browser or a drop, paths only from the app's open dialog.
import { describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { ImportPage } from '../../renderer/src/pages/ImportPage';
import { onEvent, setTransport, type BlueskyBridge } from '../../renderer/src/api/client';
import { BATCH_UPLOAD_BYTES, uploadBatches } from '../../renderer/src/util/files';
import type { ImportResultView } from '../../shared/ledgerModels';
import type { PickedFile } from '../../shared/requestPaths';

type Call = { method: string; args: Record<string, unknown> };

function checked(file: string, i: number): ImportResultView {
  return {
    id: null,
    file,
    status: 'checked',
    kind: 'boiler',
    submitter: '盂县',
    period: '2020-09',
    sha256: String(i).padStart(64, '0'),
    rows: { total: 40, accepted: 38, warned: 1, rejected: 2 },
    units: {},
    findings: [],
    stagingId: `s${i}`,
  };
}

/** A transport that records every call; `openFiles` makes it the app's (Electron) one. */
function recording(openFiles?: () => Promise<PickedFile[] | null>): { bridge: BlueskyBridge; calls: Call[] } {
  const calls: Call[] = [];
  let n = 0;
  const bridge: BlueskyBridge = {
    invoke: async (method, args) => {
      calls.push({ method, args: args as Record<string, unknown> });
      if (method === 'units.list') return { ok: true, result: [] };
      if (method === 'imports.check') {
        const files = (args as { files: { name: string }[] }).files;
        return { ok: true, result: { submissions: files.map((f) => checked(f.name, n++)) } };
      }
      return { ok: false, error: { code: 'unknown_method', message: method } };
    },
    on: () => () => {},
    ...(openFiles ? { openFiles } : {}),
  };
  return { bridge, calls };
}

const ledger = (name: string, bytes = 2048) => new File([new Uint8Array(bytes).fill(0x50)], name, { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' });
const waiting = () => document.querySelectorAll('.file-list .file-item .state-checked').length;
const sentFiles = (calls: Call[]) => calls.filter((c) => c.method === 'imports.check').flatMap((c) => c.args.files as Record<string, string>[]);

describe('the import page', () => {
  it('in a browser, uploads what was dropped or picked and never names a path', async () => {
    const { bridge, calls } = recording();
    setTransport(bridge);
    render(<ImportPage />);
    fireEvent.change(screen.getByLabelText('选择台账文件'), { target: { files: [ledger('盂县锅炉台账.xlsx'), ledger('郊区矿山台账.xls')] } });
    await waitFor(() => expect(waiting()).toBe(2));
    const zone = document.querySelector('.dropzone')!;
    fireEvent.drop(zone, { dataTransfer: { files: [ledger('平定县车辆淘汰.csv')] } });
    await waitFor(() => expect(waiting()).toBe(3));
    const sent = sentFiles(calls);
    expect(sent.map((f) => f.name).sort()).toEqual(['平定县车辆淘汰.csv', '盂县锅炉台账.xlsx', '郊区矿山台账.xls']);
    for (const f of sent) {
      expect(f).not.toHaveProperty('path');
      expect(Buffer.from(f.base64!, 'base64')).toHaveLength(2048);
    }
  });

  it('in the app, “选择文件” opens the app’s own dialog and passes on the paths chosen there; a drop still goes as bytes', async () => {
    const picked: PickedFile[] = [
      { name: '盂县锅炉台账.xlsx', path: 'D:\\台账\\2020年9月\\盂县锅炉台账.xlsx', size: 30_000 },
      { name: '城区排污许可.xlsx', path: 'D:\\台账\\2020年9月\\城区排污许可.xlsx', size: 12_000 },
    ];
    let opened = 0;
    const { bridge, calls } = recording(async () => {
      opened++;
      return picked;
    });
    setTransport(bridge);
    render(<ImportPage />);
    fireEvent.click(screen.getByRole('button', { name: '选择文件' }));
    await waitFor(() => expect(waiting()).toBe(2));
    expect(opened).toBe(1);
    expect(sentFiles(calls)).toEqual(picked.map((f) => ({ name: f.name, path: f.path })));

    fireEvent.drop(document.querySelector('.dropzone')!, { dataTransfer: { files: [ledger('拖进来的台账.xlsx')] } });
    await waitFor(() => expect(waiting()).toBe(3));
    const dropped = sentFiles(calls).find((f) => f.name === '拖进来的台账.xlsx')!;
    expect(dropped).not.toHaveProperty('path');
    expect(dropped.base64).toBeTruthy();
  });

  it('in the app, a cancelled dialog checks nothing', async () => {
    const { bridge, calls } = recording(async () => null);
    setTransport(bridge);
    render(<ImportPage />);
    fireEvent.click(screen.getByRole('button', { name: '选择文件' }));
    await new Promise((r) => setTimeout(r, 50));
    expect(calls.filter((c) => c.method === 'imports.check')).toHaveLength(0);
  });
});

describe('uploads', () => {
  const MB = 1024 * 1024;
  it('go in groups that each stay under the bridge’s cap, in the order chosen', () => {
    const files = [40, 35, 30, 1, 1, 100, 2].map((mb, i) => ({ name: `第${i + 1}份.xlsx`, size: mb * MB }));
    const groups = uploadBatches(files, (f) => f.size);
    expect(groups.flat()).toEqual(files);
    expect(groups.map((g) => g.map((f) => f.size / MB))).toEqual([[40], [35], [30, 1, 1], [100], [2]]);
    for (const g of groups) if (g.length > 1) expect(g.reduce((s, f) => s + f.size, 0)).toBeLessThanOrEqual(BATCH_UPLOAD_BYTES);
  });

  it('many small files go together, at most 50 a request; paths weigh nothing', () => {
    const small = Array.from({ length: 120 }, (_, i) => ({ name: `乡镇台账${i}.csv`, size: 20_000 }));
    expect(uploadBatches(small, (f) => f.size).map((g) => g.length)).toEqual([50, 50, 20]);
    expect(uploadBatches(small, () => 0).map((g) => g.length)).toEqual([50, 50, 20]);
  });
});

describe('progress events in a browser', () => {
  it('every subscriber on a page shares one stream, closed when the last one leaves', () => {
    const opened: { url: string; closed: boolean; listeners: number }[] = [];
    class FakeEventSource {
      state = { url: '', closed: false, listeners: 0 };
      constructor(url: string) {
        this.state.url = url;
        opened.push(this.state);
      }
      addEventListener() {
        this.state.listeners++;
      }
      removeEventListener() {
        this.state.listeners--;
      }
      close() {
        this.state.closed = true;
      }
    }
    vi.stubGlobal('EventSource', FakeEventSource);
    try {
      setTransport(null);
      const offImport = onEvent('progress', () => {});
      const offReports = onEvent('progress', () => {});
      expect(opened).toHaveLength(1);
      expect(opened[0]!.url).toMatch(/^\.\/api\/events\?token=/);
      offImport();
      offImport();
      expect(opened[0]!.closed).toBe(false);
      offReports();
      expect(opened[0]).toMatchObject({ closed: true, listeners: 0 });
      const again = onEvent('progress', () => {});
      expect(opened).toHaveLength(2);
      again();
    } finally {
      vi.unstubAllGlobals();
      setTransport(null);
    }
  });
});

describe('“全部导入”', () => {
  /** A transport whose imports.run waits until `release` is called, as a real batch takes its time. */
  function slowRun() {
    const calls: Call[] = [];
    let release: () => void = () => {};
    let cancelled = false;
    let n = 0;
    const bridge: BlueskyBridge = {
      invoke: async (method, args) => {
        calls.push({ method, args: args as Record<string, unknown> });
        if (method === 'units.list') return { ok: true, result: [{ name: '盂县', fullName: '盂县人民政府', kind: 'county', aliases: [] }] };
        if (method === 'imports.check') {
          const files = (args as { files: { name: string }[] }).files;
          return { ok: true, result: { submissions: files.map((f) => checked(f.name, n++)) } };
        }
        if (method === 'imports.cancel') {
          cancelled = true;
          return { ok: true, result: { cancelled: 1 } };
        }
        if (method === 'imports.run') {
          await new Promise<void>((r) => (release = r));
          const files = (args as { files: { name: string; stagingId: string }[] }).files;
          // the first file was under way when the cancel came; the rest had not begun
          const submissions = files.map((f, i): ImportResultView =>
            cancelled && i > 0
              ? { ...checked(f.name, i), status: 'cancelled', error: { code: 'cancelled', message: '已取消' } }
              : { ...checked(f.name, i), status: 'imported', id: 100 + i, stagingId: undefined },
          );
          return { ok: true, result: { submissions } };
        }
        return { ok: false, error: { code: 'unknown_method', message: method } };
      },
      on: () => () => {},
    };
    return { bridge, calls, release: () => release() };
  }

  it('sends the checked files in one request, each with its own corrections, and the ones not begun can be cancelled', async () => {
    const { bridge, calls, release } = slowRun();
    setTransport(bridge);
    render(<ImportPage />);
    fireEvent.change(screen.getByLabelText('选择台账文件'), { target: { files: [ledger('盂县锅炉台账.xlsx'), ledger('盂县矿山台账.xlsx'), ledger('盂县车辆台账.xlsx')] } });
    await waitFor(() => expect(waiting()).toBe(3));
    // the analyst corrects the month of the file on show (the first one chosen) before importing them all
    const shown = document.querySelector('.entry-detail h2')!.textContent!;
    fireEvent.change(screen.getByLabelText(/报送月份/), { target: { value: '2020-08' } });
    fireEvent.click(screen.getByRole('button', { name: '全部导入（3）' }));
    await waitFor(() => expect(calls.some((c) => c.method === 'imports.run')).toBe(true));
    const runs = calls.filter((c) => c.method === 'imports.run');
    expect(runs).toHaveLength(1);
    const sent = runs[0]!.args.files as { name: string; stagingId: string; overrides?: object }[];
    expect(sent.map((f) => f.stagingId).sort()).toEqual(['s0', 's1', 's2']);
    expect(sent.filter((f) => f.overrides)).toEqual([{ name: shown, stagingId: expect.any(String), overrides: { period: '2020-08' } }]);
    expect(runs[0]!.args).not.toHaveProperty('period');
    expect(document.querySelectorAll('.file-list .state-importing')).toHaveLength(3);

    fireEvent.click(screen.getByRole('button', { name: '取消尚未开始的文件' }));
    await waitFor(() => expect(calls.some((c) => c.method === 'imports.cancel')).toBe(true));
    release();
    await screen.findByText('已取消 2 个尚未开始导入的文件，它们仍在待导入列表中。');
    expect(document.querySelectorAll('.file-list .state-imported')).toHaveLength(1);
    expect(waiting()).toBe(2);
    // what is left can still be imported
    expect((screen.getByRole('button', { name: '全部导入（2）' }) as HTMLButtonElement).disabled).toBe(false);
  });
});
