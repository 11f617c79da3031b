import type { NavItem } from '../navigation';

/** An honest page for a feature that is not built yet: what it will do, and that it is not there. */
export function ComingLater({ item }: { item: NavItem }) {
  return (
    <section className="page coming-later" aria-labelledby="page-title">
      <header className="page-header">
        <h1 id="page-title">{item.label}</h1>
      </header>
      <div className="notice">
        <p className="notice-title">本功能尚未开发，将在后续版本提供。</p>
        <p>{item.purpose}</p>
        <p className="muted">当前版本可在“考核评估”中查看各单位的完成情况和台账依据，在“问责台账”中处理问责建议，在“目标与分解”中查看方案的全部任务、考核目标并录入分解值。</p>
      </div>
    </section>
  );
}
