import { describe, expect, it } from 'vitest';
import { dossierBlocks } from '../../main/core/reports/dossierText';
import { renderDossierHtml } from '../../main/core/reports/dossierHtml';
import { dossierData } from '../fixtures/dossierData';
import type { DossierData } from '../../shared/reportModels';

/** Every word the dossier says, blocks joined. */
function words(data: DossierData): string {
  return dossierBlocks(data)
    .map((b) => {
      switch (b.kind) {
        case 'title':
          return b.lines.join('');
        case 'para':
          return b.runs.map((r) => r.text).join('');
        case 'table':
          return b.rows.map((row) => row.map((c) => c.runs.map((r) => r.text).join('') + (c.sub ?? '')).join('|')).join('\n');
        case 'signature':
          return b.lines.map((l) => l.text).join('');
        default:
          return b.text;
      }
    })
    .join('\n');
}

const BOILERS = '全面完成燃气锅炉低氮改造';

describe('the dossier’s wording follows the recorded decision', () => {
  it('announces an interview where the register holds 约谈 only', () => {
    const text = words({ ...dossierData(), decision: { level: 'interview', interview: [BOILERS], supervision: [], entries: [3] } });
    expect(text).toContain('决定对盂县主要负责同志进行约谈，督促其压实责任、限期整改。');
    expect(text).toContain('一、约谈事由');
    expect(text).toContain('约谈对象：');
    expect(text).toContain('约谈时间：');
    // the next step threatened is 挂牌督办, which has not been decided
    expect(text).toContain('组织开展专项督察、挂牌督办，追责问责');
  });

  it('lists the targets under 挂牌督办, and never mentions an interview nobody decided', () => {
    const text = words({ ...dossierData(), title: '关于盂县打赢蓝天保卫战攻坚任务滞后问题的挂牌督办材料', decision: { level: 'supervision', interview: [], supervision: [BOILERS], entries: [4] } });
    expect(text).toContain(`决定对盂县“${BOILERS}”任务挂牌督办，督促其压实责任、限期整改。`);
    expect(text).toContain('一、督办事由');
    expect(text).toContain('督办对象：');
    expect(text).toContain('挂牌时间：');
    expect(text).not.toMatch(/约谈对象|约谈时间|约谈事由|进行约谈/);
    // already listed: not threatened with it again
    expect(text).toContain('逾期未完成整改的，依据《方案》四(七)追责问责。');
  });

  it('says both where both were decided', () => {
    const text = words({ ...dossierData(), decision: { level: 'supervision', interview: ['将已完成清洁取暖改造的区域划定为“禁煤区”'], supervision: [BOILERS, '固定污染源排污许可证全覆盖'], entries: [5, 6, 7] } });
    expect(text).toContain(`决定对盂县主要负责同志进行约谈，并对“${BOILERS}”、“固定污染源排污许可证全覆盖” 2 项任务挂牌督办`);
    expect(text).toContain('一、约谈及督办事由');
  });

  it('proposes rather than announces in a draft, and marks it on every page', () => {
    const data: DossierData = { ...dossierData(), title: '关于盂县打赢蓝天保卫战攻坚任务滞后问题的约谈材料（草稿）', decision: null, draft: true, proposedLevel: 'interview' };
    const text = words(data);
    expect(text).toContain('拟对盂县主要负责同志进行约谈');
    expect(text).toContain('问责台账中尚未作出约谈或挂牌督办决定，本材料为草稿');
    expect(text).not.toContain('决定对盂县');
    expect(text).toContain('本材料为草稿，未经问责决定，不得印发。');
    const html = renderDossierHtml(data);
    expect(html).toContain('@top-left { content: "草稿　尚未作出问责决定，不得印发"');
    expect(renderDossierHtml(dossierData())).not.toContain('@top-left');
  });

  it('reads a record issued before decisions were required as it was issued', () => {
    const legacy = dossierData();
    delete legacy.decision;
    expect(words(legacy)).toContain('决定对盂县主要负责同志进行约谈');
  });
});

describe('the dossier cites the provisions of the plan it was measured against', () => {
  it('quotes 四(五) and 四(七) of the 2020 plan', () => {
    const text = words({ ...dossierData(), decision: { level: 'interview', interview: [BOILERS], supervision: [], entries: [3] } });
    expect(text).toContain('《方案》四(五)要求“');
    expect(text).toContain('《方案》四(七)：');
    expect(text).toContain('依据《方案》四(七)组织开展专项督察');
  });

  it('says 有关规定 where a plan has no provision for 约谈 or 预警, and invents no section number', () => {
    const data: DossierData = {
      ...dossierData(),
      planTitle: '阳泉市2021年大气污染防治巩固提升行动方案（示例）',
      planNumber: '阳气防办〔2021〕示例1号',
      accountabilityClause: '',
      accountabilityCode: null,
      guidanceClause: '',
      guidanceCode: null,
      decision: { level: 'interview', interview: [BOILERS], supervision: [], entries: [3] },
    };
    const text = words(data);
    expect(text).toContain('根据《阳泉市2021年大气污染防治巩固提升行动方案（示例）》（阳气防办〔2021〕示例1号，以下简称《方案》）');
    expect(text).toContain('依据《方案》有关规定，阳泉市大气污染防治工作领导组办公室决定对盂县主要负责同志进行约谈');
    expect(text).toContain('依据《方案》有关规定组织开展专项督察');
    // (the register's table quotes what the escalation rule said at the time; the dossier's own sentences cite nothing)
    const ownSentences = text.split('\n').filter((l) => !l.includes('|'));
    expect(ownSentences.join('\n')).not.toMatch(/四\((五|七)\)/);
  });
});
