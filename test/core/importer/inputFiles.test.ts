// Only files the user picked are read: regular files within the size cap. A device, a pipe or a folder is refused
// before a byte is read, and an OS error reaches the user as a sentence about their file.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { inlineRunner } from '../../../main/core/jobs/importRunner';
import { BOILER_HEADERS, boilerRows } from '../../fixtures/ledgerRows';
import { xlsx } from '../../fixtures/workbooks';
import { newWorkspace, tableCounts } from '../../support/importHarness';
import { tmpDir } from '../../support/tmp';

const at = '2020-10-08T01:00:00.000Z';

async function checkPaths(paths: string[]) {
  const ws = newWorkspace();
  const before = tableCounts(ws);
  const results = await inlineRunner(ws.db).run({ files: paths.map((p) => ({ name: path.basename(p), path: p })), dryRun: false, user: 't', at, unit: '盂县', period: '2020-09' });
  expect(tableCounts(ws)).toEqual(before);
  return results.map((r) => r.error);
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('what the importer reads from a path', () => {
  it.runIf(fs.existsSync('/dev/zero'))('refuses /dev/zero at once instead of reading it for ever', async () => {
    expect(await checkPaths(['/dev/zero'])).toEqual([
      { code: 'unreadable', message: '“/dev/zero”不是普通文件（是设备、管道或其他特殊文件），工作台不读取它。请选择台账文件本身。' },
    ]);
  });

  it.runIf(process.platform !== 'win32')('refuses a named pipe without waiting for a writer', async () => {
    const fifo = path.join(tmpDir(), '台账.xlsx');
    execFileSync('mkfifo', [fifo]);
    expect(await checkPaths([fifo])).toEqual([{ code: 'unreadable', message: expect.stringContaining('不是普通文件') }]);
  });

  it('refuses a folder, naming it', async () => {
    const dir = path.join(tmpDir(), '9月台账');
    fs.mkdirSync(dir);
    expect(await checkPaths([dir])).toEqual([{ code: 'unreadable', message: `“${dir}”是文件夹，不是文件。请选择文件夹里的台账文件。` }]);
  });

  it('refuses a file over 100 MB from its size, before reading it', async () => {
    const big = path.join(tmpDir(), '全市汇总.xlsx');
    fs.closeSync(fs.openSync(big, 'w'));
    fs.truncateSync(big, 101 * 1024 * 1024); // sparse: nothing is written, and nothing must be read
    const read = vi.spyOn(fs, 'readSync');
    expect(await checkPaths([big])).toEqual([{ code: 'too_large', message: `文件“${big}”有 101.0 MB，超过 100 MB 的上限。请按县区或按月拆分后分别导入。` }]);
    expect(read).not.toHaveBeenCalled();
  });

  it('says the file cannot be read for want of permission, before any parsing', async () => {
    const file = path.join(tmpDir(), '盂县锅炉.xlsx');
    fs.writeFileSync(file, await xlsx({ sheets: [{ name: 'S', header: [...BOILER_HEADERS], rows: boilerRows({ county: '盂县', count: 2, seed: 1, period: '2020-09' }) }] }));
    // the tests may run as root, whom chmod does not stop: the operating system's answer is simulated
    vi.spyOn(fs, 'openSync').mockImplementation(() => {
      throw Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES' });
    });
    expect(await checkPaths([file])).toEqual([
      { code: 'unreadable', message: `文件“${file}”没有读取权限，工作台无法打开它。请在文件属性中给当前用户读取权限，或把它复制到自己的文件夹后再导入。` },
    ]);
  });

  it('reads a regular file, and goes on to it after refusing the others', async () => {
    const file = path.join(tmpDir(), '盂县2020年9月锅炉台账.xlsx');
    fs.writeFileSync(file, await xlsx({ sheets: [{ name: 'S', header: [...BOILER_HEADERS], rows: boilerRows({ county: '盂县', count: 4, seed: 1, period: '2020-09' }) }] }));
    const ws = newWorkspace();
    const results = await inlineRunner(ws.db).run({ files: [{ name: 'x', path: path.dirname(file) }, { name: path.basename(file), path: file }], dryRun: false, user: 't', at });
    expect(results.map((r) => r.status)).toEqual(['refused', 'imported']);
  });
});
