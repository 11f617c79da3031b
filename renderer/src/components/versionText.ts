import type { RowVersion } from '../../../shared/ledgerModels';

/** Which submission and version a row came from: “报送 #65 · 第2版 · 当前”. */
export function rowVersionText(submissionId: number, v: RowVersion): string {
  const state = v.state === 'current' ? '当前' : v.state === 'withdrawn' ? '已撤回' : v.supersededById ? `已被 #${v.supersededById} 替换` : '已被替换';
  return `报送 #${submissionId} · 第${v.no}版 · ${state}`;
}
