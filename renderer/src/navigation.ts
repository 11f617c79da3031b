export type PageId = 'import' | 'ledgers' | 'assess' | 'register' | 'reports' | 'plan' | 'settings';

export interface NavItem {
  id: PageId;
  label: string;
  /** What the page is for, shown on pages that are not built yet. */
  purpose: string;
}

export const NAV_ITEMS: NavItem[] = [
  { id: 'import', label: '台账导入', purpose: '导入各县区、各部门报送的月度台账（Excel、WPS、CSV），即时查看识别结果和问题清单，退回标注问题的文件，并知道谁尚未报送。' },
  { id: 'ledgers', label: '台账浏览', purpose: '按台账类别浏览已导入的每一行数据及其来源文件、工作表和行号，查看各单位的报送历史和被替换的旧版本。' },
  { id: 'assess', label: '考核评估', purpose: '按截止日期把各县区台账与方案目标逐项对照，计算完成率和序时进度，标出序时推进、滞后、严重滞后和逾期未完成，并对县区排名；保存每月评估，点击任一数字可查看其背后的台账行。' },
  { id: 'register', label: '问责台账', purpose: '对滞后单位提出预警、约谈、挂牌督办建议，由分析人员确认、降级或驳回并说明理由，跟踪整改直至销号。' },
  { id: 'reports', label: '报告', purpose: '生成月度通报工作簿和约谈材料（Word、PDF），每个数字都能追溯到台账行；记录每份已发报告，可按原样重新生成。' },
  { id: 'plan', label: '目标与分解', purpose: '方案的重点任务、考核目标和条文。' },
  { id: 'settings', label: '设置', purpose: '署名与发文（分析员姓名、印发机关、文号、主送和抄送）、考核设置（严重滞后差距、排名权重）、备份和单位别名表。' },
];

export const DEFAULT_PAGE: PageId = 'import';

/** '#/reports?unit=盂县&month=2020-09' → 'reports'; an unknown page → the default one. */
export function pageFromHash(hash: string): PageId {
  const id = hash.replace(/^#\/?/, '').split('?')[0];
  return NAV_ITEMS.some((n) => n.id === id) ? (id as PageId) : DEFAULT_PAGE;
}

/** What a link passes to a page after the '?': '#/reports?unit=盂县&month=2020-09' → unit, month. */
export function hashParams(hash: string): URLSearchParams {
  const i = hash.indexOf('?');
  return new URLSearchParams(i < 0 ? '' : hash.slice(i + 1));
}

/** A link to a page with parameters: pageHref('reports', { unit: '盂县', month: '2020-09' }). */
export function pageHref(page: PageId, params: Record<string, string> = {}): string {
  const q = new URLSearchParams(params).toString();
  return `#/${page}${q ? `?${q}` : ''}`;
}
