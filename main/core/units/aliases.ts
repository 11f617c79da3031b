import type { Db } from '../db/connection';
import { ApiError } from '../../../shared/api';
import { normalizeName } from '../../../shared/text';
import type { UnitView } from '../../../shared/models';
import { deleteAlias, findAlias, findUnitByName, insertUserAlias, listUnits } from '../db/repos/unitsRepo';
import { resolveUnit } from './resolve';

function viewOf(db: Db, name: string): UnitView {
  const view = listUnits(db).find((u) => u.name === name);
  if (!view) throw new ApiError('unknown_unit', `单位“${name}”不存在。`);
  return view;
}

/** The analyst teaches the workspace a new spelling; it must point at an existing unit and not already mean another one. */
export function addAlias(db: Db, alias: string, unitWritten: string, by: string, at: string): UnitView {
  const unitName = resolveUnit(db, unitWritten);
  const unit = unitName ? findUnitByName(db, unitName) : null;
  if (!unit) throw new ApiError('unknown_unit', `单位“${unitWritten}”不在单位表中；别名只能指向已有单位。`);
  const key = normalizeName(alias);
  if (!key) throw new ApiError('invalid_alias', '别名不能为空。');
  const existing = findAlias(db, key);
  if (existing) {
    if (existing.unit === unit.name) return viewOf(db, unit.name);
    throw new ApiError('alias_conflict', `“${alias}”已经是“${existing.unit}”的名称或别名，不能再指向“${unit.name}”。`);
  }
  insertUserAlias(db, { alias: key, written: alias.trim(), unitId: unit.id, by, at });
  return viewOf(db, unit.name);
}

export function removeAlias(db: Db, alias: string): UnitView {
  const key = normalizeName(alias);
  const existing = findAlias(db, key);
  if (!existing) throw new ApiError('unknown_alias', `别名“${alias}”不存在。`);
  if (existing.source !== 'user') throw new ApiError('seed_alias', `“${alias}”是方案内置的名称，不能删除；只能删除分析人员添加的别名。`);
  deleteAlias(db, key);
  return viewOf(db, existing.unit);
}
