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
        <p className="muted">当前版本可在“目标与分解”中查看方案的全部任务和考核目标，在“设置”中维护单位别名。</p>
      </div>
    </section>
  );
}
