import { describe, expect, it } from 'vitest';
import { openWorkspace } from '../../main/core/workspace';
import { resolveUnit } from '../../main/core/units/resolve';
import { addAlias, removeAlias } from '../../main/core/units/aliases';
import { loadUnitIndex } from '../../main/core/units/unitIndex';

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

describe('names inside longer texts', () => {
  const index = loadUnitIndex(ws.db);

  it.each([
    ['填报单位：昔阳县市场监督管理局', [], ['昔阳县']],
    ['关于报送昔阳县市场监督管理局锅炉台账的函', [], ['昔阳县']],
    ['长治市城区生态环境局2020年9月', [], ['长治市']],
    ['阳泉市市场监督管理局', ['市市场监督管理局'], []],
    ['市场监管局锅炉台账', ['市市场监督管理局'], []],
    ['盂县生态环境局2020年9月锅炉台账', ['盂县'], []],
    ['开发区生态环境局', ['开发区'], []],
    ['阳泉市城区2020年9月锅炉台账', ['城区'], []],
    ['主城区露天矿区台账', [], []],
    ['各县区生态环境局', ['市生态环境局'], []],
  ])('“%s” names %j of ours and %j elsewhere', (text, units, foreign) => {
    expect(index.mentions(text)).toEqual({ units, foreign });
  });

  it.each([
    ['昔阳县', '昔阳县'],
    ['晋中市城区', '晋中市'],
    ['太原市人民政府', '太原市'],
    ['昔阳县市场监督管理局', '昔阳县'],
    ['阳泉开发区', null],
    ['高新区', null],
    ['工业园区', null],
    ['全市', null],
    ['平定', null],
  ])('a cell “%s” is a place outside the city: %s', (written, place) => {
    expect(index.foreignPlace(written)).toBe(place);
  });
});
