// The demo workspace a newcomer opens with `npm run web`: two months of returns, their findings and their history.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createDemoWorkspace, DEMO_USER, demoFiles } from '../../main/core/demo';
import { ledgerSummary } from '../../main/core/ledgers/totals';
import type { LedgerSummary } from '../../shared/ledgerModels';
import { buildDemoLedgers } from '../fixtures/demoLedgers';
import { seedsDir, tmpDir } from '../support/tmp';

const demoDir = path.join(seedsDir, 'demo');
const sha = (b: Uint8Array) => crypto.createHash('sha256').update(b).digest('hex');
const sep = (unit: string, ledger: string, suffix = '') => `${unit}-${ledger}-2020年9月（示例数据）${suffix}.xlsx`;

interface Sub {
  id: number;
  file: string;
  unit: string;
  kind: string;
  period: string;
  status: 'current' | 'superseded';
  supersedesId: number | null;
  supersededById: number | null;
  importedBy: string;
  importedAt: string;
  rejected: number;
}

interface Found {
  code: string;
  severity: string;
  file: string;
  status: string;
  related: string | null;
}

describe('the demo ledgers', () => {
  it('seeds/demo holds exactly what the generator makes (after changing it, run npm run demo:ledgers)', async () => {
    const built = await buildDemoLedgers();
    expect(demoFiles(demoDir).sort()).toEqual(built.map((f) => f.relPath).sort());
    for (const f of built) {
      expect(f.relPath, '每个文件名都标明示例数据').toContain('示例数据');
      expect(sha(fs.readFileSync(path.join(demoDir, f.relPath))), `${f.relPath} 与生成器不一致`).toBe(sha(f.bytes));
    }
    // a correction is imported after the file it corrects
    const files = demoFiles(demoDir);
    expect(files.indexOf('2020-09/盂县-锅炉台账-2020年9月（示例数据）（更正）.xlsx')).toBeGreaterThan(files.indexOf('2020-09/盂县-锅炉台账-2020年9月（示例数据）.xlsx'));
    expect(files.findIndex((f) => f.startsWith('2020-09/'))).toBeGreaterThan(files.findLastIndex((f) => f.startsWith('2020-08/')));
  });
});

describe('the demo workspace', () => {
  it('opens with two months of submissions, the planted findings, a corrected ledger and plausible totals', () => {
    const ws = createDemoWorkspace(path.join(tmpDir(), 'demo.sqlite'));
    try {
      const subs = ws.db
        .prepare(
          `SELECT s.id, s.file_name AS file, u.name AS unit, s.kind, s.period, s.status, s.supersedes_id AS supersedesId,
             s.superseded_by_id AS supersededById, s.imported_by AS importedBy, s.imported_at AS importedAt, s.rows_rejected AS rejected
           FROM submissions s JOIN units u ON u.id = s.submitter_id ORDER BY s.id`,
        )
        .all() as Sub[];

      // every file became a submission, in order: none refused, none taken for a duplicate
      expect(subs.map((s) => s.file)).toEqual(demoFiles(demoDir).map((f) => path.basename(f)));
      const byKind = (period: string) => {
        const n: Record<string, number> = {};
        for (const s of subs) if (s.period === period && s.status === 'current') n[s.kind] = (n[s.kind] ?? 0) + 1;
        return n;
      };
      expect(subs.filter((s) => s.period === '2020-08')).toHaveLength(33);
      expect(subs.filter((s) => s.period === '2020-09')).toHaveLength(32);
      expect(byKind('2020-08')).toEqual({ mine: 6, boiler: 6, vehicle: 6, permit: 6, milestone: 6, indicator: 3 });
      // 开发区's vehicle ledger and 矿区's milestones are missing for September
      expect(byKind('2020-09')).toEqual({ mine: 6, boiler: 6, vehicle: 5, permit: 6, milestone: 5, indicator: 3 });
      expect(subs.find((s) => s.period === '2020-09' && s.unit === '开发区' && s.kind === 'vehicle')).toBeUndefined();
      expect(subs.find((s) => s.period === '2020-09' && s.unit === '矿区' && s.kind === 'milestone')).toBeUndefined();
      expect(new Set(subs.map((s) => s.importedBy))).toEqual(new Set([DEMO_USER]));
      for (const s of subs) {
        const [from, to] = s.period === '2020-08' ? ['2020-09-05', '2020-09-10'] : ['2020-10-05', '2020-10-10'];
        expect(s.importedAt >= from && s.importedAt < to, `${s.file} 导入于 ${s.importedAt}`).toBe(true);
      }

      // 盂县 sent its September boilers twice: the corrected version replaced the first, which stays in history
      const yuBoilers = subs.filter((s) => s.unit === '盂县' && s.kind === 'boiler' && s.period === '2020-09');
      expect(yuBoilers).toHaveLength(2);
      const [first, fixed] = yuBoilers as [Sub, Sub];
      expect(first).toMatchObject({ file: sep('盂县', '锅炉台账'), status: 'superseded', supersededById: fixed.id });
      expect(fixed).toMatchObject({ file: sep('盂县', '锅炉台账', '（更正）'), status: 'current', supersedesId: first.id, rejected: 0 });
      expect(first.rejected).toBeGreaterThan(0);
      expect(fixed.importedAt.slice(0, 10)).toBe('2020-10-09');
      expect(first.importedAt.slice(0, 10)).toBe('2020-10-08');

      // the planted problems, each where it was planted, and nothing else in the current ledgers
      const findings = ws.db
        .prepare(
          `SELECT f.code, f.severity, f.related, s.file_name AS file, s.status FROM findings f JOIN submissions s ON s.id = f.submission_id
           WHERE f.severity != 'info' ORDER BY f.id`,
        )
        .all() as Found[];
      const current = findings.filter((f) => f.status === 'current');
      const filesWith = (code: string) => current.filter((f) => f.code === code).map((f) => f.file);
      expect(filesWith('uscc_checksum')).toEqual([sep('平定县', '排污许可台账')]);
      expect(filesWith('duplicate')).toEqual([sep('郊区', '车辆淘汰台账'), sep('郊区', '车辆淘汰台账')]); // plate and VIN
      expect(current.filter((f) => f.code === 'duplicate').map((f) => JSON.parse(f.related!).unit)).toEqual(['城区', '城区']);
      expect(filesWith('standard_not_eligible')).toEqual([sep('盂县', '车辆淘汰台账')]);
      expect(filesWith('unknown_unit')).toEqual([sep('盂县', '车辆淘汰台账')]);
      expect(filesWith('cumulative_decrease')).toEqual([sep('平定县', '露天矿山台账')]);
      expect(filesWith('total_mismatch')).toEqual([sep('郊区', '露天矿山台账')]);
      expect(filesWith('done_without_date')).toEqual([sep('郊区', '锅炉台账')]);
      expect(current).toHaveLength(8);
      // the first 盂县 version's own errors stay with it
      expect(findings.filter((f) => f.file === sep('盂县', '锅炉台账') && f.severity === 'error').map((f) => f.code).sort()).toEqual(['domain', 'duplicate', 'type']);

      // '经开区' and '平定' resolve through aliases: every row belongs to its county
      const rowsOf = (table: string, unit: string, file: string) =>
        (ws.db.prepare(`SELECT COUNT(*) AS n FROM ${table} r JOIN submissions s ON s.id = r.submission_id JOIN units u ON u.id = r.unit_id WHERE s.file_name = ? AND u.name = ?`).get(file, unit) as { n: number }).n;
      expect(rowsOf('mine_rows', '开发区', sep('开发区', '露天矿山台账'))).toBe(9);
      expect(rowsOf('vehicle_rows', '平定县', sep('平定县', '车辆淘汰台账'))).toBe(142);

      // the city's totals make sense against the plan
      const aug = ledgerSummary(ws.db, '2020-08-31');
      const now = ledgerSummary(ws.db, '2020-09-30');
      const sum = (s: LedgerSummary, f: (u: LedgerSummary['units'][string]) => number) => Object.values(s.units).reduce((n, u) => n + f(u), 0);
      const restored = (s: LedgerSummary) => sum(s, (u) => u.mine.restoredMu);
      // abandoned-mine restoration: about 15,600 of the 20,000 亩 due by year end
      expect(restored(now)).toBeGreaterThan(15_000);
      expect(restored(now)).toBeLessThan(16_500);
      expect(restored(aug)).toBeGreaterThan(14_000);
      expect(restored(aug)).toBeLessThan(restored(now));
      expect(Object.keys(now.units)).toEqual(['城区', '矿区', '郊区', '平定县', '盂县', '开发区']);
      for (const [unit, u] of Object.entries(now.units)) {
        const open = u.mine.builtupTotal - u.mine.builtupClosed;
        expect(open, `${unit} 建成区及周边未关闭矿山`).toBe(unit === '郊区' ? 1 : 0);
        expect(u.boiler.gasTotal - u.boiler.gasRetrofitted, `${unit} 未完成低氮改造的燃气锅炉`).toBe({ 盂县: 2, 平定县: 1 }[unit] ?? 0);
        expect(u.boiler.smallCoalRemaining, `${unit} 35蒸吨以下燃煤锅炉`).toBe(unit === '平定县' ? 1 : 0);
        expect(u.permit.covered).toBeLessThanOrEqual(u.permit.listed);
        expect(u.permit.covered).toBeGreaterThanOrEqual(aug.units[unit]!.permit.covered);
        expect(u.vehicle.eligibleRetired).toBeGreaterThanOrEqual(aug.units[unit]!.vehicle.eligibleRetired);
      }
      // in August 盂县 had not yet closed its last built-up mine; 开发区's September vehicles fall back to August's ledger
      expect(aug.units['盂县']!.mine.builtupClosed).toBe(now.units['盂县']!.mine.builtupTotal - 1);
      expect(now.units['开发区']!.vehicle).toEqual(aug.units['开发区']!.vehicle);
      expect(sum(now, (u) => u.vehicle.rows)).toBeGreaterThan(sum(aug, (u) => u.vehicle.rows));
    } finally {
      ws.db.close();
    }
  });
});
