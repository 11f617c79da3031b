import { describe, expect, it } from 'vitest';
import { openWorkspace } from '../../main/core/workspace';
import { resolveUnit } from '../../main/core/units/resolve';
import { addAlias, removeAlias } from '../../main/core/units/aliases';

const ws = openWorkspace(':memory:');

describe('unit names as submissions spell them', () => {
  it.each([
    ['平定', '平定县'],
    ['平定县 ', '平定县'],
    ['  盂县', '盂县'],
    ['盂县人民政府', '盂县'],
    ['经开区', '开发区'],
    ['经济技术开发区', '开发区'],
    ['阳泉经济技术开发区管委会', '开发区'],
    ['开发区\u3000', '开发区'],
    ['阳泉市城区', '城区'],
    ['郊区人民政府', '郊区'],
    ['阳泉煤业（集团）有限责任公司', '阳煤集团'],
    ['阳泉煤业(集团)有限责任公司', '阳煤集团'],
    ['阳泉市生态环境局', '市生态环境局'],
    ['阳泉市规划和自然资源局', '市规划和自然资源局'],
    ['市应急管理市', '市应急管理局'],
    ['阳泉公路分局', '阳泉市公路分局'],
  ])('“%s” is %s', (written, unit) => {
    expect(resolveUnit(ws.db, written)).toBe(unit);
  });

  it.each(['太原市', '平定乡', '', '   ', '县区', '合计'])('“%s” is no unit at all', (written) => {
    expect(resolveUnit(ws.db, written)).toBeNull();
  });
});

describe('the alias table the analyst extends', () => {
  it('adds a spelling that then resolves, and removes it again', () => {
    const view = addAlias(ws.db, '平定县大气办', '平定', 'analyst', '2020-10-01T00:00:00Z');
    expect(view.name).toBe('平定县');
    expect(view.aliases).toContainEqual({ alias: '平定县大气办', source: 'user' });
    expect(resolveUnit(ws.db, '平定县 大气办')).toBe('平定县');
    removeAlias(ws.db, '平定县大气办');
    expect(resolveUnit(ws.db, '平定县大气办')).toBeNull();
  });

  it('will not let one spelling mean two units, nor point at a unit that does not exist', () => {
    expect(() => addAlias(ws.db, '经开区', '盂县', 'analyst', 'now')).toThrow(/“经开区”已经是“开发区”的名称或别名/);
    expect(() => addAlias(ws.db, '太原', '太原市', 'analyst', 'now')).toThrow(/单位“太原市”不在单位表中/);
  });

  it('keeps the built-in names', () => {
    expect(() => removeAlias(ws.db, '经开区')).toThrow(/方案内置的名称，不能删除/);
  });
});
