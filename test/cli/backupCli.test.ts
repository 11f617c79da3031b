import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { cli } from '../support/cliHarness';
import { tmpDir } from '../support/tmp';
import { xlsx } from '../fixtures/workbooks';
import { BOILER_HEADERS, boilerRows } from '../fixtures/ledgerRows';
import { openDatabase } from '../../main/core/db/connection';
import { openWorkspace } from '../../main/core/workspace';
import { readMigrations } from '../../main/core/db/migrate';
import { migrationsDir } from '../support/tmp';

const LATEST = readMigrations(migrationsDir).length;

async function ledger(dir: string, county: string, seed: number): Promise<string> {
  const file = path.join(dir, `${county}锅炉台账.xlsx`);
  fs.writeFileSync(file, await xlsx({ sheets: [{ name: '锅炉', titleRows: [`${county}2020年9月燃煤锅炉台账`], header: [...BOILER_HEADERS], rows: boilerRows({ county, count: 12, seed, period: '2020-09' }) }] }));
  return file;
}

const submissions = (file: string) => {
  const db = new Database(file, { readonly: true });
  try {
    return (db.prepare('SELECT file_name FROM submissions ORDER BY id').all() as { file_name: string }[]).map((r) => r.file_name);
  } finally {
    db.close();
  }
};

describe('bluesky backup', () => {
  it('copies the workspace while the app holds it open mid-write, and says where the copy went', async () => {
    const dir = tmpDir();
    const db = path.join(dir, '阳泉2020.sqlite');
    await cli(['init', '--db', db]);
    expect((await cli(['import', await ledger(dir, '城区', 1), '--db', db])).code).toBe(0);

    // the app has the workspace open and is halfway through writing another file's rows
    const app = openWorkspace(db);
    const writer = openDatabase(db);
    writer.exec('BEGIN IMMEDIATE');
    writer.exec(`UPDATE submissions SET file_name = '写了一半.xlsx'`);
    try {
      const r = await cli(['backup', '--db', db, '--json']);
      expect(r.code).toBe(0);
      const made = r.json<{ name: string; file: string; reason: string; size: number; schemaVersion: number }>();
      expect(made).toMatchObject({ reason: 'manual', schemaVersion: LATEST, name: expect.stringMatching(/^阳泉2020-\d{8}-\d{6}-手动(-\d+)?\.sqlite$/) });
      expect(path.dirname(made.file)).toBe(path.join(dir, '备份'));
      expect(submissions(made.file)).toEqual(['城区锅炉台账.xlsx']);

      const text = await cli(['backup', '--db', db]);
      expect(text.stdout).toMatch(new RegExp(`^已备份工作区：${dir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/备份/阳泉2020-.*手动(-\\d+)?\\.sqlite（.*KB，数据库版本 ${LATEST}）。\\n备份文件夹保留最近 20 份备份。$`));
    } finally {
      writer.exec('ROLLBACK');
      writer.close();
      app.db.close();
    }
    // the import made a copy first, too
    const list = await cli(['backup', '--db', db, '--list', '--json']);
    expect(list.json<{ backups: { reason: string }[] }>().backups.map((b) => b.reason).sort()).toEqual(['import', 'manual', 'manual']);
  });

  it('exports to one file that restores on another PC, and will not overwrite a file', async () => {
    const dir = tmpDir();
    const db = path.join(dir, '阳泉2020.sqlite');
    await cli(['init', '--db', db]);
    await cli(['import', await ledger(dir, '郊区', 2), '--db', db]);
    const out = path.join(dir, 'U盘', '阳泉2020-导出.sqlite');
    const r = await cli(['backup', '--db', db, '--out', out]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`已把工作区复制到 ${out}`);
    const again = await cli(['backup', '--db', db, '--out', out]);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('已经存在。为免覆盖其他文件，请换一个文件名');

    const other = path.join(tmpDir(), '新电脑', '工作区.sqlite');
    const restored = await cli(['restore', out, '--db', other]);
    expect(restored.code).toBe(0);
    expect(restored.stdout).toContain('此前这里没有工作区，无需备份。');
    expect(submissions(other)).toEqual(['郊区锅炉台账.xlsx']);
    expect((await cli(['summary', '--db', other, '--as-of', '2020-09-30', '--json'])).code).toBe(0);
  });

  it('refuses a number of copies it cannot keep', async () => {
    const dir = tmpDir();
    const db = path.join(dir, 'ws.sqlite');
    await cli(['init', '--db', db]);
    const r = await cli(['backup', '--db', db, '--keep', '0']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('--keep 应为 1 到 500 之间的整数，而不是“0”。');
  });

  it('will not copy a file that is not a workspace, and leaves it alone', async () => {
    const dir = tmpDir();
    const foreign = path.join(dir, '客户.sqlite');
    const f = new Database(foreign);
    f.exec('CREATE TABLE customers (name TEXT)');
    f.close();
    const bytes = fs.readFileSync(foreign);
    const r = await cli(['backup', '--db', foreign, '--json']);
    expect(r.code).toBe(1);
    expect(r.json()).toEqual({ error: { code: 'workspace_invalid', message: '客户.sqlite 是其他程序的 SQLite 数据库，不是工作台的工作区。' } });
    expect(fs.readFileSync(foreign).equals(bytes)).toBe(true);
    expect(fs.existsSync(path.join(dir, '备份'))).toBe(false);
  });
});

describe('bluesky restore', () => {
  it('restores a copy named from the 备份 folder, keeping the current workspace first', async () => {
    const dir = tmpDir();
    const db = path.join(dir, '阳泉2020.sqlite');
    await cli(['init', '--db', db]);
    await cli(['import', await ledger(dir, '城区', 3), '--db', db]);
    const made = (await cli(['backup', '--db', db, '--json'])).json<{ name: string }>();
    await cli(['import', await ledger(dir, '矿区', 4), '--db', db]);
    expect(submissions(db)).toEqual(['城区锅炉台账.xlsx', '矿区锅炉台账.xlsx']);

    const r = await cli(['restore', made.name, '--db', db]);
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toBe(`已用 ${path.join(dir, '备份', made.name)} 恢复工作区 ${db}。`);
    expect(lines[1]).toMatch(/^恢复前的工作区已备份到 .*备份\/阳泉2020-\d{8}-\d{6}-恢复前(-\d+)?\.sqlite。$/);
    expect(submissions(db)).toEqual(['城区锅炉台账.xlsx']);
    expect(submissions(lines[1]!.replace(/^恢复前的工作区已备份到 /, '').replace(/。$/, ''))).toEqual(['城区锅炉台账.xlsx', '矿区锅炉台账.xlsx']);
  });

  it('refuses in Chinese, exit 1, a file that is not a workspace and one that is not there', async () => {
    const dir = tmpDir();
    const db = path.join(dir, 'ws.sqlite');
    await cli(['init', '--db', db]);
    const bytes = fs.readFileSync(db);
    const notes = path.join(dir, '会议纪要.sqlite');
    fs.writeFileSync(notes, '2020年10月会议纪要'.repeat(50));
    const r = await cli(['restore', notes, '--db', db, '--json']);
    expect(r.code).toBe(1);
    expect(r.json()).toMatchObject({ error: { code: 'not_workspace', message: expect.stringContaining('会议纪要.sqlite 不是 SQLite 数据库文件，不能用来恢复') } });
    const missing = await cli(['restore', '没有这个.sqlite', '--db', db]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toBe(`错误：找不到要恢复的文件 ${path.join(process.cwd(), '没有这个.sqlite')}。请检查文件名和路径。`);
    expect(fs.readFileSync(db).equals(bytes)).toBe(true);
    const usage = await cli(['restore', '--db', db]);
    expect(usage.code).toBe(2);
  });
});
