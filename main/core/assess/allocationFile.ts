import { ApiError } from '../../../shared/api';
import type { TargetView } from '../../../shared/models';
import { defaultReader } from '../importer/xlsxReader';
import { cellText, parseNumber, isBlank } from '../importer/values';
import { targetLookup } from '../plan/planIndex';
import { normalizeHeader } from '../importer/headers';
import type { UnitIndex } from '../units/unitIndex';

const UNIT_HEADERS = ['单位', '县区', '责任单位', '县(区)'];
const TARGET_HEADERS = ['目标', '目标编号', '指标', '考核目标', '任务'];
const VALUE_HEADERS = ['分解值', '分解目标', '分解任务', '目标值', '任务数', '分解数'];

/**
 * Allocations from a workbook with 单位 / 目标 / 分解值 columns (the way the office circulates them):
 * every row must name a unit and a target the workspace knows, or the whole file is refused.
 */
export function readAllocationFile(bytes: Uint8Array, fileName: string, units: UnitIndex, targets: TargetView[]): { target: string; unit: string; value: number; note?: string }[] {
  const wb = defaultReader.read(bytes, fileName);
  const lookup = targetLookup(targets);
  for (const sheet of wb.sheets) {
    for (let h = 0; h < Math.min(sheet.rows.length, 15); h++) {
      const header = (sheet.rows[h] ?? []).map((v) => normalizeHeader(cellText(v)));
      const col = (names: string[]) => header.findIndex((x) => names.includes(x) || names.some((n) => x.startsWith(n)));
      const cu = col(UNIT_HEADERS);
      const ct = col(TARGET_HEADERS);
      const cv = col(VALUE_HEADERS);
      const cn = header.findIndex((x) => x === '备注' || x === '说明');
      if (cu < 0 || ct < 0 || cv < 0) continue;
      const out: { target: string; unit: string; value: number; note?: string }[] = [];
      const problems: string[] = [];
      for (let r = h + 1; r < sheet.rows.length; r++) {
        const row = sheet.rows[r] ?? [];
        if (row.every((v) => isBlank(v))) continue;
        const where = `工作表“${sheet.name}”第 ${r + 1} 行`;
        const unitText = cellText(row[cu] ?? null);
        if (/^(合计|小计|全市)/.test(unitText)) continue;
        const unit = units.resolve(unitText);
        const hit = lookup(cellText(row[ct] ?? null));
        const target = hit && 'target' in hit ? hit.target : null;
        const value = parseNumber(row[cv] ?? null);
        if (!unit) problems.push(`${where}：单位“${unitText}”不在单位表中`);
        if (!target) problems.push(`${where}：目标“${cellText(row[ct] ?? null)}”不是方案中的目标（请填写目标名称，如“任务13 完成国三及以下排放标准营运中型和重型柴油货车淘汰任务”）`);
        if (!value.ok) problems.push(`${where}：分解值${value.reason}`);
        if (unit && target && value.ok) {
          const note = cn >= 0 ? cellText(row[cn] ?? null) : '';
          out.push({ target: target.id, unit, value: value.value, ...(note ? { note } : {}) });
        }
      }
      if (problems.length > 0) {
        throw new ApiError('invalid_allocations', `分解表“${fileName}”有 ${problems.length} 处问题，未导入任何分解值：${problems.slice(0, 8).join('；')}${problems.length > 8 ? '……' : ''}。`);
      }
      if (out.length === 0) throw new ApiError('invalid_allocations', `分解表“${fileName}”的表头下没有数据。`);
      return out;
    }
  }
  throw new ApiError('invalid_allocations', `分解表“${fileName}”中找不到“单位”“目标”“分解值”三列。请按这三列的表头整理后再导入。`);
}
