import { useRef, useState } from 'react';
import { AgGridReact } from 'ag-grid-react';
import type { ColDef } from 'ag-grid-community';
import type { FileInput } from '../../../shared/api';
import type { PlanCheckView, PlanFindingView, PlanVersionView } from '../../../shared/planModels';
import { formatDateCn } from '../../../shared/format';
import { canPickFiles, fileInputOf, invoke, pickFiles } from '../api/client';
import { autoHeightFixes, GRID_LOCALE, gridTheme } from './grid';
import { copyOnCtrlC } from './gridCopy';
import { ErrorBanner } from './Status';
import { PlanDiffView } from './PlanDiffView';
import { planTitle, versionName } from './planVersionText';

/** The workbook chosen: its name, and how it goes to the core (a path from the app's dialog, or its bytes). */
interface Chosen {
  name: string;
  input: () => Promise<FileInput>;
}

const SEVERITY_TEXT: Record<PlanFindingView['severity'], string> = { error: '错误', warning: '警告' };

const findingColumns: ColDef<PlanFindingView>[] = [
  { headerName: '工作表', colId: 'sheet', width: 120, valueGetter: (p) => p.data?.sheet ?? '（整个文件）', tooltipValueGetter: (p) => p.data?.sheet ?? null },
  { headerName: '单元格', colId: 'cell', width: 80, valueGetter: (p) => p.data?.cell ?? '—', cellClass: 'cell-center' },
  {
    headerName: '严重程度',
    colId: 'severity',
    width: 90,
    valueGetter: (p) => (p.data ? SEVERITY_TEXT[p.data.severity] : ''),
    cellClass: (p) => (p.data ? `sev-${p.data.severity}` : ''),
  },
  { headerName: '说明', field: 'message', flex: 1, minWidth: 260, wrapText: true, autoHeight: true, tooltipField: 'message' },
];

/** Up to this many findings the grid is as tall as its rows; more scroll inside it. */
const FINDINGS_AT_FULL_HEIGHT = 8;

/** Errors first, then warnings; within each, as the core listed them (sheet by sheet, cell by cell). */
export function findingsInOrder(findings: PlanFindingView[]): PlanFindingView[] {
  return [...findings.filter((f) => f.severity === 'error'), ...findings.filter((f) => f.severity === 'warning')];
}

/** The check's verdict in one sentence; `loadable`: whether the core said what loading would do. */
export function findingsSentence(findings: PlanFindingView[], loadable: boolean): string {
  const errors = findings.filter((f) => f.severity === 'error').length;
  const warnings = findings.length - errors;
  if (errors > 0) return `发现 ${errors} 处错误${warnings ? `、${warnings} 处警告` : ''}：请在工作簿中改正错误后重新检查，改正前不能载入。`;
  // e.g. the same content as the version already loaded
  if (!loadable) return `没有错误，但这份工作簿不需要载入${warnings ? '，原因见下表' : ''}。`;
  if (warnings > 0) return `没有错误，有 ${warnings} 处警告，请核对后再载入。`;
  return '没有发现问题，可以载入。';
}

function LoadPlanLine({ check }: { check: PlanCheckView }) {
  const load = check.load;
  if (!load) return null;
  const from = formatDateCn(load.effectiveFrom);
  if (load.kind === 'new' || !load.revisionOf) {
    return (
      <p className="load-plan" aria-label="载入后">
        载入后：新增方案 {planTitle(load)}，为第{load.version}版，自{from}起施行。
      </p>
    );
  }
  const before = versionName(load.revisionOf);
  return (
    <p className="load-plan" aria-label="载入后">
      载入后：成为 {planTitle(load)} 的第{load.version}版，修订{before}；截止日期在{from}及以后的考核按新版本计算，此前的月份仍按{before}。
    </p>
  );
}

function SummaryLine({ check }: { check: PlanCheckView }) {
  const s = check.summary;
  if (!s) return null;
  return (
    <p className="plan-summary" aria-label="方案概要">
      {planTitle(s)}
      {s.issuer ? ` · ${s.issuer}` : ''}
      {s.year ? ` · ${s.year}年` : ''}：重点任务 <strong>{s.tasks}</strong> 项，考核目标 <strong>{s.targets}</strong> 个{s.goals > 0 ? `（其中决战目标 ${s.goals} 个）` : ''}
      {s.provisions > 0 ? `，保障措施 ${s.provisions} 条` : ''}，责任单位 <strong>{s.units}</strong> 个。
    </p>
  );
}

/**
 * 导入方案: a plan workbook (the exported template, edited) is checked first — nothing is written — and loaded only
 * when the check found no error. A workbook with a plan's 文号 already in the workspace becomes its next version.
 */
export function PlanImportPanel({ onLoaded }: { onLoaded: (v: PlanVersionView) => void }) {
  const [chosen, setChosen] = useState<Chosen | null>(null);
  const [effectiveFrom, setEffectiveFrom] = useState('');
  const [check, setCheck] = useState<PlanCheckView | null>(null);
  /** What the shown check was made for: a changed file or date needs a new check before loading. */
  const [checkedFor, setCheckedFor] = useState<string | null>(null);
  const [busy, setBusy] = useState<'check' | 'load' | null>(null);
  const [error, setError] = useState<string | null>(null);
  const fileRef = useRef<HTMLInputElement>(null);
  const choice = useRef(0);

  const pick = (c: Chosen) => {
    choice.current++;
    setChosen(c);
    setCheck(null);
    setCheckedFor(null);
    setError(null);
  };

  /** Inside the app its own open dialog (the only way a path reaches the core); in a browser, the browser's picker. */
  const chooseFile = async () => {
    if (!canPickFiles()) return fileRef.current?.click();
    try {
      const [f] = await pickFiles('plan');
      if (f) pick({ name: f.name, input: async () => ({ name: f.name, path: f.path }) });
    } catch (e) {
      setError((e as Error).message);
    }
  };

  const stamp = () => `${choice.current}|${effectiveFrom}`;
  const args = async () => ({ file: await chosen!.input(), ...(effectiveFrom ? { effectiveFrom } : {}) });

  const runCheck = async () => {
    if (!chosen) return;
    setBusy('check');
    setError(null);
    const at = stamp();
    try {
      const c = await invoke('plans.check', await args());
      setCheck(c);
      setCheckedFor(at);
    } catch (e) {
      setCheck(null);
      setError((e as Error).message);
    } finally {
      setBusy(null);
    }
  };

  const runLoad = async () => {
    if (!chosen) return;
    setBusy('load');
    setError(null);
    try {
      const r = await invoke('plans.load', await args());
      setChosen(null);
      setCheck(null);
      setCheckedFor(null);
      setEffectiveFrom('');
      onLoaded(r.version);
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(null);
    }
  };

  const errors = check ? check.findings.filter((f) => f.severity === 'error').length : 0;
  const stale = check !== null && checkedFor !== stamp();
  const loadBlocked = !chosen
    ? '请先选择方案工作簿并检查'
    : !check
      ? '请先检查工作簿：检查通过后才能载入'
      : stale
        ? '文件或施行日期已改动，请重新检查'
        : errors > 0
          ? `工作簿有 ${errors} 处错误，改正后重新检查才能载入`
          : !check.ok || !check.load
            ? '这份工作簿不需要载入，原因见检查结果'
            : busy
              ? '正在处理，请稍候'
              : null;

  return (
    <section className="panel plan-import" aria-label="导入方案">
      <div className="toolbar plan-import-bar">
        <button type="button" className="secondary" onClick={() => void chooseFile()} disabled={busy !== null}>
          选择方案工作簿……
        </button>
        <span className={chosen ? 'file-name' : 'file-name muted'} title={chosen?.name}>
          {chosen ? chosen.name : '尚未选择文件（.xlsx，可由“导出方案模板”得到后修改）'}
        </span>
        <input
          ref={fileRef}
          type="file"
          accept=".xlsx"
          hidden
          aria-label="选择方案工作簿"
          onChange={(e) => {
            const f = e.target.files?.[0];
            if (f) pick({ name: f.name, input: () => fileInputOf(f) });
            e.target.value = '';
          }}
        />
        <label className="effective-from" title="从这一天起，考核按本版本计算。不填时，新方案自其年度1月1日起施行，修订与所修订的版本同日施行；检查结果中会写明。">
          施行日期（可选）
          <input type="date" value={effectiveFrom} onChange={(e) => setEffectiveFrom(e.target.value)} disabled={busy !== null} aria-label="施行日期" />
        </label>
        <span className="spacer" />
        <button type="button" className="secondary" onClick={() => void runCheck()} disabled={!chosen || busy !== null}>
          {busy === 'check' ? '正在检查……' : '检查'}
        </button>
        <button type="button" onClick={() => void runLoad()} disabled={loadBlocked !== null} title={loadBlocked ?? '把本方案载入工作区'}>
          {busy === 'load' ? '正在载入……' : '载入'}
        </button>
      </div>
      {error && <ErrorBanner message={error} />}
      {!check && !error && (
        <p className="muted plan-import-hint">
          先检查、后载入：检查只读取工作簿，不改动工作区。文号与已有方案相同的工作簿载入后成为该方案的新版本（修订），其余作为新方案。
        </p>
      )}
      {check && (
        <div className="plan-check" aria-label="检查结果">
          {stale && <p className="notice-line">文件或施行日期在检查后改动过，下面是上次检查的结果；请重新检查。</p>}
          <SummaryLine check={check} />
          <p className={errors > 0 ? 'error-line findings-count' : 'ok-line findings-count'} role="status">
            {findingsSentence(check.findings, check.ok && check.load !== null)}
          </p>
          <LoadPlanLine check={check} />
          {check.findings.length > 0 && (
            <div className={check.findings.length > FINDINGS_AT_FULL_HEIGHT ? 'plan-findings tall' : 'plan-findings'} aria-label="检查发现的问题">
              <AgGridReact<PlanFindingView>
                domLayout={check.findings.length > FINDINGS_AT_FULL_HEIGHT ? 'normal' : 'autoHeight'}
                {...copyOnCtrlC}
                theme={gridTheme}
                localeText={GRID_LOCALE}
                rowData={findingsInOrder(check.findings)}
                columnDefs={findingColumns}
                // a workbook's findings are a short list: all rows laid out at once, so wrapped ones measure right
                suppressRowVirtualisation
                tooltipShowDelay={400}
                {...autoHeightFixes}
              />
            </div>
          )}
          {check.diff && (
            <details className="plan-check-diff" open>
              <summary>与{check.load?.revisionOf ? versionName(check.load.revisionOf) : '现有版本'}相比的改动</summary>
              <PlanDiffView diff={check.diff} />
            </details>
          )}
        </div>
      )}
    </section>
  );
}
