import { useEffect, useState } from 'react';
import { NAV_ITEMS, pageFromHash, type PageId } from './navigation';
import { ComingLater } from './components/ComingLater';
import { PlanPage } from './pages/PlanPage';
import { SettingsPage } from './pages/SettingsPage';
import { ImportPage } from './pages/ImportPage';
import { LedgersPage } from './pages/LedgersPage';
import { AssessPage } from './pages/AssessPage';
import { RegisterPage } from './pages/RegisterPage';
import { ReportsPage } from './pages/ReportsPage';
import { useApi } from './api/useApi';
import { useFindShortcut } from './util/findShortcut';

function usePage(): PageId {
  const [page, setPage] = useState<PageId>(() => pageFromHash(window.location.hash));
  useEffect(() => {
    const onHash = () => setPage(pageFromHash(window.location.hash));
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);
  return page;
}

function PageBody({ page }: { page: PageId }) {
  if (page === 'plan') return <PlanPage />;
  if (page === 'settings') return <SettingsPage />;
  if (page === 'import') return <ImportPage />;
  if (page === 'ledgers') return <LedgersPage />;
  if (page === 'assess') return <AssessPage />;
  if (page === 'register') return <RegisterPage />;
  if (page === 'reports') return <ReportsPage />;
  return <ComingLater item={NAV_ITEMS.find((n) => n.id === page)!} />;
}

export function App() {
  const page = usePage();
  useFindShortcut();
  const info = useApi('app.info', {});
  const built = new Set<PageId>(['import', 'ledgers', 'assess', 'register', 'reports', 'plan', 'settings']);
  return (
    <div className="app">
      <nav className="sidebar" aria-label="主导航">
        <div className="brand">
          <span className="brand-name">蓝天督办工作台</span>
          {/* broken where the name breaks, not wherever the sidebar ends */}
          <span className="brand-sub" title="阳泉市大气污染防治工作领导组办公室">
            <span>阳泉市大气污染防治</span>
            <span>工作领导组办公室</span>
          </span>
        </div>
        <ul>
          {NAV_ITEMS.map((n) => (
            <li key={n.id}>
              <a href={`#/${n.id}`} className={n.id === page ? 'active' : undefined} aria-current={n.id === page ? 'page' : undefined}>
                {n.label}
                {!built.has(n.id) && <span className="later-tag">待开发</span>}
              </a>
            </li>
          ))}
        </ul>
        <div className="workspace-line" title={info.value.state === 'ready' ? info.value.data.workspacePath : ''}>
          {info.value.state === 'ready' && (
            <>
              <span className="workspace-label">工作区：</span>
              <span className="workspace-file">{info.value.data.workspacePath.split(/[\\/]/).pop()}</span>
            </>
          )}
        </div>
      </nav>
      <main className="content">
        <PageBody page={page} />
      </main>
    </div>
  );
}
