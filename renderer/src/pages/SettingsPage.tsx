import { useState } from 'react';
import { AgGridReact } from 'ag-grid-react';
import { copyOnCtrlC } from '../components/gridCopy';
import type { ColDef } from 'ag-grid-community';
import { UNIT_KIND_LABEL, type UnitView } from '../../../shared/models';
import { invoke } from '../api/client';
import { useApi } from '../api/useApi';
import { ErrorBanner, Loading } from '../components/Status';
import { BackupsPanel } from '../components/BackupsPanel';
import { SignaturePanel } from '../components/SignaturePanel';
import { AssessSettingsPanel } from '../components/AssessSettingsPanel';
import { autoHeightFixes, GRID_LOCALE, gridTheme } from '../components/grid';
import { MilestoneScorePanel } from '../components/MilestoneScorePanel';

const unitColumns: ColDef<UnitView>[] = [
  { field: 'name', headerName: '单位', width: 140, wrapText: true, autoHeight: true },
  { headerName: '类别', colId: 'kind', width: 104, valueGetter: (p) => (p.data ? UNIT_KIND_LABEL[p.data.kind] : '') },
  { field: 'fullName', headerName: '全称', flex: 1, minWidth: 160, wrapText: true, autoHeight: true },
  {
    headerName: '可识别的写法（别名）',
    colId: 'aliases',
    flex: 1.6,
    minWidth: 200,
    wrapText: true,
    autoHeight: true,
    valueGetter: (p) => (p.data ? p.data.aliases.map((a) => (a.source === 'user' ? `${a.alias}（自定义）` : a.alias)).join('、') : ''),
  },
];

function AliasForm({ units, onChanged }: { units: UnitView[]; onChanged: () => void }) {
  const [alias, setAlias] = useState('');
  const [unit, setUnit] = useState(units[0]?.name ?? '');
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const userAliases = units.flatMap((u) => u.aliases.filter((a) => a.source === 'user').map((a) => ({ unit: u.name, alias: a.alias })));

  const add = async (e: React.FormEvent) => {
    e.preventDefault();
    try {
      await invoke('units.addAlias', { alias, unit });
      setMessage({ ok: true, text: `已添加：“${alias.trim()}”今后识别为“${unit}”。` });
      setAlias('');
      onChanged();
    } catch (err) {
      setMessage({ ok: false, text: (err as Error).message });
    }
  };
  const remove = async (a: string) => {
    try {
      await invoke('units.removeAlias', { alias: a });
      setMessage({ ok: true, text: `已删除别名“${a}”。` });
      onChanged();
    } catch (err) {
      setMessage({ ok: false, text: (err as Error).message });
    }
  };

  return (
    <div className="panel alias-form">
      <h2>添加单位别名</h2>
      <p className="muted">台账中出现单位表不认识的写法时，导入会报“未知单位”。确认它指的是哪个单位后在此添加，之后的导入即可识别。</p>
      <form onSubmit={add}>
        <label>
          台账中的写法
          <input value={alias} onChange={(e) => setAlias(e.target.value)} placeholder="例如：盂县大气办" required maxLength={100} />
        </label>
        <label>
          指的是
          <select value={unit} onChange={(e) => setUnit(e.target.value)}>
            {units
              .filter((u) => u.kind !== 'group')
              .map((u) => (
                <option key={u.name} value={u.name}>
                  {u.name}
                </option>
              ))}
          </select>
        </label>
        <button type="submit" disabled={!alias.trim()}>
          添加
        </button>
      </form>
      {message && <p className={message.ok ? 'ok-line' : 'error-line'} role="status">{message.text}</p>}
      {userAliases.length > 0 && (
        <>
          <h3>自定义别名</h3>
          <ul className="alias-list">
            {userAliases.map((a) => (
              <li key={a.alias}>
                “{a.alias}” → {a.unit}
                <button type="button" className="link" onClick={() => void remove(a.alias)}>
                  删除
                </button>
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}

/** onRestored: after a backup is restored (the page reloads on the restored workspace unless a test says otherwise). */
export function SettingsPage({ onRestored }: { onRestored?: () => void } = {}) {
  const info = useApi('app.info', {});
  const units = useApi('units.list', {});

  return (
    <section className="page settings-page" aria-labelledby="page-title">
      <header className="page-header">
        <h1 id="page-title">设置</h1>
      </header>
      {info.value.state === 'error' && <ErrorBanner message={info.value.message} />}
      {info.value.state === 'ready' && (
        <dl className="panel info-list">
          <div>
            <dt>工作区文件</dt>
            <dd>{info.value.data.workspacePath}</dd>
          </div>
          <div>
            <dt>方案</dt>
            <dd>
              {info.value.data.planTitle}（{info.value.data.planNumber}）
            </dd>
          </div>
          <div>
            <dt>内容</dt>
            <dd>
              重点任务 {info.value.data.counts.tasks} 项，考核目标和销号事项 {info.value.data.counts.targets} 个，单位 {info.value.data.counts.units} 个
            </dd>
          </div>
          <div>
            <dt>程序版本</dt>
            <dd>
              {info.value.data.appVersion}（数据库版本 {info.value.data.schemaVersion}）
            </dd>
          </div>
          <div>
            <dt>系统账户</dt>
            <dd>{info.value.data.user}（只记入操作记录，不作署名）</dd>
          </div>
        </dl>
      )}
      <SignaturePanel />
      <AssessSettingsPanel />
      <BackupsPanel {...(onRestored ? { onRestored } : {})} />
      <MilestoneScorePanel />
      {units.value.state === 'loading' && <Loading what="单位表" />}
      {units.value.state === 'error' && <ErrorBanner message={units.value.message} />}
      {units.value.state === 'ready' && (
        <div className="settings-layout">
          <div className="panel units-grid">
            <AgGridReact<UnitView>
              {...copyOnCtrlC}
              theme={gridTheme}
              localeText={GRID_LOCALE}
              rowData={units.value.data}
              columnDefs={unitColumns}
              getRowId={(p) => p.data.name}
              {...autoHeightFixes}
              onRowDataUpdated={(e) => e.api.resetRowHeights()}
            />
          </div>
          <AliasForm units={units.value.data} onChanged={units.reload} />
        </div>
      )}
    </section>
  );
}
