import { useEffect, useMemo, useRef, useState } from 'react';
import type { ApiEvents, FileInput } from '../../../shared/api';
import type { FindingView, ImportResultView } from '../../../shared/ledgerModels';
import { LEDGER_KINDS, LEDGER_LABEL, type LedgerKind, type UnitView } from '../../../shared/models';
import { formatDateTime, formatMonthCn, monthOptions } from '../../../shared/format';
import type { PickedFile } from '../../../shared/requestPaths';
import { canPickFiles, ClientError, fileInputOf, invoke, onEvent, pickFiles } from '../api/client';
import { useApi } from '../api/useApi';
import { FindingsGrid } from '../components/FindingsGrid';
import { ReturnsMatrix } from '../components/ReturnsMatrix';
import { ErrorBanner } from '../components/Status';
import { BATCH_FILES, formatBytes, saveBlob, uploadBatches } from '../util/files';
import { MonthSelect } from '../components/MonthSelect';

type EntryState = 'checking' | 'checked' | 'queued' | 'importing' | 'imported' | 'refused' | 'duplicate' | 'failed';

interface Overrides {
  kind?: LedgerKind;
  unit?: string;
  period?: string;
}

interface Entry {
  key: string;
  name: string;
  size: number;
  state: EntryState;
  result: ImportResultView | null;
  /** How to hand the file to the core again: its path (Electron) or the staging handle of its uploaded bytes. */
  source: FileInput | null;
  overrides: Overrides;
  message: string | null;
}

const STATE_LABEL: Record<EntryState, string> = {
  checking: '检查中',
  checked: '待导入',
  queued: '排队中',
  importing: '导入中',
  imported: '已导入',
  refused: '拒收',
  duplicate: '重复文件',
  failed: '出错',
};

const ACCEPT = '.xlsx,.xls,.csv,.xlsm';

function stateOf(r: ImportResultView): EntryState {
  if (r.status === 'imported') return 'imported';
  if (r.status === 'duplicate_file') return 'duplicate';
  if (r.status === 'refused') return 'refused';
  return 'checked';
}

/** A path stays a path; uploaded bytes are referred to by their staging handle from then on. */
function sourceAfter(sent: FileInput, r: ImportResultView): FileInput | null {
  if ('path' in sent) return sent;
  if (r.stagingId) return { name: sent.name, stagingId: r.stagingId };
  return 'stagingId' in sent ? sent : null;
}

function overridesArgs(o: Overrides) {
  return { ...(o.kind ? { kind: o.kind } : {}), ...(o.unit ? { unit: o.unit } : {}), ...(o.period ? { period: o.period } : {}) };
}

let nextKey = 1;

/** A file to check: its name and size for the list, and how it goes to the core (bytes are read only when sent). */
interface Incoming {
  name: string;
  size: number;
  /** What it adds to a request: its bytes as base64 when uploaded, next to nothing when it is a path. */
  upload: number;
  input: () => Promise<FileInput>;
}

const fromFiles = (files: File[]): Incoming[] => files.map((f) => ({ name: f.name, size: f.size, upload: f.size, input: () => fileInputOf(f) }));
const fromPicked = (files: PickedFile[]): Incoming[] =>
  files.map((f) => ({ name: f.name, size: f.size, upload: 0, input: async () => ({ name: f.name, path: f.path }) }));

/** How far the whole request is: the files before this one, and this one's rows. */
function overallPercent(p: ApiEvents['progress']): number | null {
  const within = p.stage === 'done' ? 1 : p.total > 1 ? p.done / p.total : 0;
  if (p.count > 1) return Math.round(((p.index + within) / p.count) * 100);
  return p.total > 1 ? Math.round(within * 100) : null;
}

function ProgressBar({ progress }: { progress: ApiEvents['progress'] | null }) {
  if (!progress) return null;
  const pct = overallPercent(progress);
  return (
    <div className="progress" role="progressbar" aria-valuemin={0} aria-valuemax={100} aria-valuenow={pct ?? undefined} aria-label="导入进度">
      <div className="progress-bar" style={{ width: `${pct ?? 100}%` }} data-indeterminate={pct === null} />
      <span className="progress-text">{progress.message}</span>
    </div>
  );
}

/** Which files of a batch that stopped partway are in the workspace, as the core listed them. */
function stoppedBatch(err: unknown): { committed: Set<string>; notCommitted: Set<string> } | null {
  const d = err instanceof ClientError ? (err.details as { committed?: { file: string }[]; notCommitted?: string[] } | undefined) : undefined;
  if (!d?.committed || !d.notCommitted) return null;
  return { committed: new Set(d.committed.map((c) => c.file)), notCommitted: new Set(d.notCommitted) };
}

const SOURCE_LABEL: Record<string, string> = {
  flag: '手动指定',
  title: '按标题识别',
  file_name: '按文件名识别',
  rows: '按数据行识别',
  headers: '按表头识别',
  lead: '文件未写明，按牵头单位推定，请核实',
  foreign: '文件写的是外市单位，记在市大气办名下',
};

/** Whose rows the file holds and, per unit, which earlier rows it replaces — before anything is written. */
function Coverage({ result, imported }: { result: ImportResultView; imported: boolean }) {
  const c = result.coverage ?? [];
  if (c.length === 0) return null;
  const replacing = c.some((x) => x.replaces);
  return (
    <table className="coverage" aria-label="涉及单位">
      <caption>
        本文件的行分属 {c.length} 个单位
        {replacing ? `；${imported ? '已' : '导入后'}只替换同一报送单位同月旧文件中这些单位的行，其他单位的行不受影响` : ''}
      </caption>
      <thead>
        <tr>
          <th>单位</th>
          <th>行数</th>
          <th>拒收</th>
          <th>{imported ? '替换了' : '导入后替换'}</th>
        </tr>
      </thead>
      <tbody>
        {c.map((x) => (
          <tr key={x.unit}>
            <td>{x.unit}</td>
            <td className="num">{x.rows.toLocaleString('zh-CN')}</td>
            <td className={x.rejected ? 'num bad' : 'num'}>{x.rejected.toLocaleString('zh-CN')}</td>
            <td>
              {x.replaces
                ? `“${x.replaces.file}”（报送编号 ${x.replaces.id}，${formatDateTime(x.replaces.importedAt)} 导入）中该单位的 ${x.replaces.rows.toLocaleString('zh-CN')} 行`
                : '—（新报送）'}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Detection({ entry, units, onChange, disabled }: { entry: Entry; units: UnitView[]; onChange: (o: Overrides) => void; disabled: boolean }) {
  const r = entry.result;
  const kind = entry.overrides.kind ?? r?.kind ?? '';
  const unit = entry.overrides.unit ?? r?.submitter ?? '';
  const period = entry.overrides.period ?? r?.period ?? '';
  const source = (s?: { source: string }) =>
    s ? SOURCE_LABEL[s.source] ?? '' : '';
  return (
    <div className="detection" aria-label="识别结果">
      <label>
        台账类别
        <select value={kind} disabled={disabled} onChange={(e) => onChange({ ...entry.overrides, kind: (e.target.value || undefined) as LedgerKind | undefined })}>
          <option value="">（自动识别）</option>
          {LEDGER_KINDS.map((k) => (
            <option key={k} value={k}>
              {LEDGER_LABEL[k]}
            </option>
          ))}
        </select>
        <small>{entry.overrides.kind ? '手动指定' : source(r?.detection?.kind)}</small>
      </label>
      <label>
        报送单位
        <select value={unit} disabled={disabled} onChange={(e) => onChange({ ...entry.overrides, unit: e.target.value || undefined })}>
          <option value="">（自动识别）</option>
          {units.map((u) => (
            <option key={u.name} value={u.name}>
              {u.name}
            </option>
          ))}
        </select>
        <small className={!entry.overrides.unit && (r?.detection?.submitter.source === 'lead' || r?.detection?.submitter.source === 'foreign') ? 'warn' : undefined}
          title={entry.overrides.unit ? undefined : r?.detection?.submitter.text}>
          {entry.overrides.unit ? '手动指定' : source(r?.detection?.submitter)}
        </small>
      </label>
      <label>
        报送月份
        <MonthSelect value={period} months={monthOptions()} disabled={disabled} onChange={(m) => onChange({ ...entry.overrides, period: m || undefined })} emptyLabel="（自动识别）" />
        <small>{entry.overrides.period ? '手动指定' : source(r?.detection?.period)}</small>
      </label>
    </div>
  );
}

function ProblemRow({ result, finding }: { result: ImportResultView; finding: FindingView | null }) {
  if (!finding) return <p className="muted problem-row">点击一条问题，可在此查看该行填写的内容。</p>;
  const row = result.problemRows?.find((p) => p.sheet === finding.sheet && p.row === finding.row);
  if (!row) return <p className="muted problem-row">该问题不对应某一行数据（如表头、合计行或汇总表）。</p>;
  return (
    <div className="problem-row" aria-label="该行内容">
      <h3>
        工作表“{row.sheet}”第 {row.row} 行
      </h3>
      <table>
        <tbody>
          <tr>
            {row.cells.map((c) => (
              <th key={c.header} className={c.header === finding.column ? 'hit' : undefined}>
                {c.header}
              </th>
            ))}
          </tr>
          <tr>
            {row.cells.map((c) => (
              <td key={c.header} className={c.header === finding.column ? 'hit' : undefined}>
                {c.text || '（空）'}
              </td>
            ))}
          </tr>
        </tbody>
      </table>
    </div>
  );
}

function EntryDetail({
  entry,
  units,
  busy,
  onRecheck,
  onCommit,
  onReturn,
  setOverrides,
}: {
  entry: Entry;
  units: UnitView[];
  busy: boolean;
  onRecheck: () => void;
  onCommit: () => void;
  onReturn: () => void;
  setOverrides: (o: Overrides) => void;
}) {
  const [picked, setPicked] = useState<FindingView | null>(null);
  useEffect(() => setPicked(null), [entry.key, entry.result]);
  const r = entry.result;
  const dirty = Object.keys(entry.overrides).length > 0 && entry.state !== 'imported';
  const canCommit = (entry.state === 'checked' || (entry.state === 'refused' && dirty)) && !busy;
  return (
    <section className="panel entry-detail" aria-label={`文件 ${entry.name}`}>
      <header className="entry-header">
        <div>
          <h2>{entry.name}</h2>
          <p className="muted">
            {formatBytes(entry.size)}
            {r?.format ? ` · ${r.format === 'csv' ? 'CSV' : r.format === 'xls' ? 'Excel 97-2003 工作簿' : 'Excel 工作簿'}` : ''}
          </p>
        </div>
        <span className={`badge state-${entry.state}`}>{STATE_LABEL[entry.state]}</span>
      </header>
      {entry.message && <ErrorBanner message={entry.message} />}
      {r?.error && <ErrorBanner message={r.error.message} />}
      {r?.duplicateOf && (
        <p className="notice-line">
          与 {formatDateTime(r.duplicateOf.importedAt)} 导入的“{r.duplicateOf.file}”（报送编号 {r.duplicateOf.id}）内容完全相同，未重复导入。
        </p>
      )}
      <Detection entry={entry} units={units} onChange={setOverrides} disabled={busy || entry.state === 'imported' || entry.state === 'duplicate'} />
      {r && r.status !== 'refused' && r.status !== 'duplicate_file' && (
        <>
          <p className="counts" aria-label="行数统计">
            {r.submitter} · {r.period ? formatMonthCn(r.period) : ''} · {r.kind ? LEDGER_LABEL[r.kind] : ''}：共 <strong>{r.rows.total.toLocaleString('zh-CN')}</strong> 行，接收{' '}
            <strong>{r.rows.accepted.toLocaleString('zh-CN')}</strong> 行（其中 {r.rows.warned.toLocaleString('zh-CN')} 行有警告），拒收{' '}
            <strong className={r.rows.rejected ? 'bad' : undefined}>{r.rows.rejected.toLocaleString('zh-CN')}</strong> 行
            {r.id ? `，报送编号 ${r.id}` : ''}。
          </p>
          <Coverage result={r} imported={entry.state === 'imported'} />
          {r.supersedes && entry.state === 'imported' && <p className="muted">被替换的行保留在报送历史中；撤回本次报送，它们即恢复有效。</p>}
          {r.sheets && (
            <details className="sheets">
              <summary>识别的工作表和表头（{r.sheets.filter((s) => s.role === 'ledger').length} 个台账工作表）</summary>
              <ul>
                {r.sheets.map((s) => (
                  <li key={s.name}>
                    “{s.name}”{s.hidden ? '（隐藏）' : ''}：
                    {s.role === 'ledger'
                      ? `第 ${s.headerRows.join('、')} 行为表头，${s.dataRows} 行数据；${s.columns.map((c) => `${c.letter}列“${c.header}”→${c.label}`).join('；')}`
                      : s.role === 'summary'
                        ? '汇总表，用于核对合计'
                        : `已跳过（${s.reason ?? ''}）`}
                  </li>
                ))}
              </ul>
            </details>
          )}
        </>
      )}
      <div className="actions">
        <button type="button" onClick={onCommit} disabled={!canCommit}>
          {entry.state === 'imported' ? '已导入' : '导入工作区'}
        </button>
        <button type="button" className="secondary" onClick={onRecheck} disabled={busy || !entry.source || entry.state === 'imported' || entry.state === 'duplicate'}>
          按修改后的识别结果重新检查
        </button>
        <button type="button" className="secondary" onClick={onReturn} disabled={busy || !r || (r.status !== 'imported' && !entry.source) || r.findings.every((f) => f.severity === 'info')}>
          下载退回文件
        </button>
      </div>
      {r && r.findings.length > 0 && (
        <>
          <FindingsGrid findings={r.findings} onPick={setPicked} />
          <ProblemRow result={r} finding={picked} />
        </>
      )}
      {r && r.findings.length === 0 && r.status !== 'refused' && r.status !== 'duplicate_file' && <p className="ok-line">没有发现问题。</p>}
    </section>
  );
}

export function ImportPage() {
  const unitsApi = useApi('units.list', {});
  const units = useMemo(() => (unitsApi.value.state === 'ready' ? unitsApi.value.data.filter((u) => u.kind !== 'group') : []), [unitsApi.value]);
  const [entries, setEntries] = useState<Entry[]>([]);
  const [selected, setSelected] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  /** Counts finished import runs, so the returns matrix reloads after each. */
  const [importRound, setImportRound] = useState(0);
  const [progress, setProgress] = useState<ApiEvents['progress'] | null>(null);
  const [dragging, setDragging] = useState(false);
  const [templateKind, setTemplateKind] = useState<LedgerKind>('boiler');
  const [pageError, setPageError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [cancelling, setCancelling] = useState(false);
  const cancelRequested = useRef(false);
  const input = useRef<HTMLInputElement>(null);

  useEffect(() => onEvent('progress', setProgress), []);

  const update = (key: string, patch: Partial<Entry>) => setEntries((list) => list.map((e) => (e.key === key ? { ...e, ...patch } : e)));

  const addFiles = async (items: Incoming[]) => {
    if (items.length === 0) return;
    setPageError(null);
    setBusy(true);
    const fresh = items.map((item) => {
      const entry: Entry = { key: String(nextKey++), name: item.name, size: item.size, state: 'checking', result: null, source: null, overrides: {}, message: null };
      return { item, entry };
    });
    setEntries((list) => [...fresh.map((f) => f.entry), ...list]);
    setSelected(fresh[0]!.entry.key);
    for (const batch of uploadBatches(fresh, (f) => f.item.upload)) {
      try {
        const payload = await Promise.all(batch.map((f) => f.item.input()));
        const { submissions } = await invoke('imports.check', { files: payload });
        submissions.forEach((r, i) => update(batch[i]!.entry.key, { result: r, state: stateOf(r), source: sourceAfter(payload[i]!, r) }));
      } catch (err) {
        batch.forEach((f) => update(f.entry.key, { state: 'failed', message: (err as Error).message }));
      }
    }
    setBusy(false);
    setProgress(null);
  };

  /** Inside the app its own open dialog (the only way a path reaches the core); in a browser, the browser's picker. */
  const chooseFiles = async () => {
    if (!canPickFiles()) return input.current?.click();
    try {
      await addFiles(fromPicked(await pickFiles('ledgers')));
    } catch (err) {
      setPageError((err as Error).message);
    }
  };

  const recheck = async (entry: Entry) => {
    if (!entry.source) return;
    setBusy(true);
    update(entry.key, { state: 'checking', message: null });
    try {
      const { submissions } = await invoke('imports.check', { files: [entry.source], ...overridesArgs(entry.overrides) });
      const r = submissions[0]!;
      update(entry.key, { result: r, state: stateOf(r), source: sourceAfter(entry.source, r) });
    } catch (err) {
      update(entry.key, { state: 'failed', message: (err as Error).message });
    } finally {
      setBusy(false);
      setProgress(null);
    }
  };

  /** Files go in requests of up to 50, so the core backs the workspace up once per request and its worker stays warm. */
  const commit = async (list: Entry[]) => {
    const todo = list.filter((e) => e.source);
    if (todo.length === 0) return;
    setBusy(true);
    setCancelling(false);
    setNotice(null);
    let cancelled = 0;
    for (const e of todo) update(e.key, { state: 'queued', message: null });
    for (let at = 0; at < todo.length; at += BATCH_FILES) {
      const batch = todo.slice(at, at + BATCH_FILES);
      for (const e of batch) update(e.key, { state: 'importing' });
      try {
        const files = batch.map((e) => ({ ...e.source!, ...(Object.keys(e.overrides).length > 0 ? { overrides: overridesArgs(e.overrides) } : {}) }));
        const { submissions } = await invoke('imports.run', { files });
        submissions.forEach((r, i) => {
          const e = batch[i]!;
          if (r.status === 'cancelled') {
            cancelled++;
            // nothing happened to it: it waits, checked as before
            update(e.key, { state: 'checked', source: sourceAfter(e.source!, r) });
          } else update(e.key, { result: r, state: stateOf(r), source: r.status === 'imported' ? null : sourceAfter(e.source!, r) });
        });
      } catch (err) {
        const stopped = stoppedBatch(err);
        setPageError((err as Error).message);
        for (const e of batch) {
          if (stopped?.committed.has(e.name)) update(e.key, { state: 'imported', source: null });
          else if (stopped && !stopped.notCommitted.has(e.name)) update(e.key, { state: 'checked' });
          else update(e.key, { state: stopped ? 'checked' : 'failed', message: stopped ? '未导入：导入在此前停止，请稍后重新导入。' : (err as Error).message });
        }
      }
      if (cancelRequested.current) {
        // the requests not yet sent are cancelled here; the one in hand was told by the core
        for (const e of todo.slice(at + BATCH_FILES)) update(e.key, { state: 'checked' });
        cancelled += Math.max(0, todo.length - (at + BATCH_FILES));
        break;
      }
    }
    cancelRequested.current = false;
    setImportRound((n) => n + 1);
    if (cancelled > 0) setNotice(`已取消 ${cancelled} 个尚未开始导入的文件，它们仍在待导入列表中。`);
    setCancelling(false);
    setBusy(false);
    setProgress(null);
  };

  const cancelImport = async () => {
    cancelRequested.current = true;
    setCancelling(true);
    try {
      await invoke('imports.cancel', {});
    } catch (err) {
      setPageError((err as Error).message);
    }
  };

  const download = async (what: 'template' | Entry) => {
    try {
      if (what === 'template') saveBlob(await invoke('imports.template', { kind: templateKind }));
      else if (what.result?.id) saveBlob(await invoke('imports.returnWorkbook', { submissionId: what.result.id }));
      else if (what.source && 'stagingId' in what.source) saveBlob(await invoke('imports.returnWorkbook', { stagingId: what.source.stagingId, ...overridesArgs(what.overrides) }));
      else if (what.source && 'path' in what.source) saveBlob(await invoke('imports.returnWorkbook', { path: what.source.path, ...overridesArgs(what.overrides) }));
    } catch (err) {
      setPageError((err as Error).message);
    }
  };

  const current = entries.find((e) => e.key === selected) ?? null;
  const waiting = entries.filter((e) => e.state === 'checked');

  return (
    <section className="page import-page" aria-labelledby="page-title">
      <header className="page-header">
        <div>
          <h1 id="page-title">台账导入</h1>
          <p className="subtitle">先检查、后导入：检查不改动工作区；导入时每个文件作为一次报送整份写入。</p>
        </div>
        <div className="template-box">
          <label>
            <span className="sr-only">模板类别</span>
            <select value={templateKind} onChange={(e) => setTemplateKind(e.target.value as LedgerKind)} aria-label="模板类别">
              {LEDGER_KINDS.map((k) => (
                <option key={k} value={k}>
                  {LEDGER_LABEL[k]}
                </option>
              ))}
            </select>
          </label>
          <button type="button" className="secondary" onClick={() => void download('template')}>
            下载空白模板
          </button>
        </div>
      </header>
      {pageError && <ErrorBanner message={pageError} />}
      {notice && <p className="notice-line">{notice}</p>}
      <div
        className={dragging ? 'dropzone over' : 'dropzone'}
        onDragOver={(e) => {
          e.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={(e) => {
          e.preventDefault();
          setDragging(false);
          void addFiles(fromFiles([...e.dataTransfer.files]));
        }}
      >
        <p>
          把各单位报送的台账文件拖到这里，或
          <button type="button" className="link" onClick={() => void chooseFiles()} disabled={busy}>
            选择文件
          </button>
          （可多选；支持 .xlsx、.xls 和 UTF-8 / GBK 编码的 .csv）
        </p>
        <input
          ref={input}
          type="file"
          multiple
          accept={ACCEPT}
          hidden
          aria-label="选择台账文件"
          onChange={(e) => {
            void addFiles(fromFiles([...(e.target.files ?? [])]));
            e.target.value = '';
          }}
        />
        <ProgressBar progress={busy ? progress : null} />
        {busy && entries.some((e) => e.state === 'importing' || e.state === 'queued') && (
          <button type="button" className="secondary cancel-import" onClick={() => void cancelImport()} disabled={cancelling}>
            {cancelling ? '正在取消…' : '取消尚未开始的文件'}
          </button>
        )}
      </div>
      {entries.length > 0 && (
        <div className="import-layout">
          <aside className="panel file-list" aria-label="本次文件">
            <div className="file-list-head">
              <span>本次文件（{entries.length}）</span>
              <button type="button" onClick={() => void commit(waiting)} disabled={busy || waiting.length === 0}>
                全部导入（{waiting.length}）
              </button>
            </div>
            <ul>
              {entries.map((e) => (
                <li key={e.key}>
                  <button type="button" className={e.key === selected ? 'file-item on' : 'file-item'} onClick={() => setSelected(e.key)}>
                    <span className="file-name" title={e.name}>{e.name}</span>
                    <span className={`badge state-${e.state}`}>{STATE_LABEL[e.state]}</span>
                    {e.result && e.result.status !== 'refused' && e.result.status !== 'duplicate_file' && (
                      <span className="file-meta">
                        {e.result.submitter} · {e.result.kind ? LEDGER_LABEL[e.result.kind] : ''} · 拒收 {e.result.rows.rejected}
                      </span>
                    )}
                  </button>
                </li>
              ))}
            </ul>
          </aside>
          {current && (
            <EntryDetail
              key={current.key}
              entry={current}
              units={units}
              busy={busy}
              setOverrides={(o) => update(current.key, { overrides: o })}
              onRecheck={() => void recheck(current)}
              onCommit={() => void commit([current])}
              onReturn={() => void download(current)}
            />
          )}
        </div>
      )}
      <ReturnsMatrix version={importRound} />
    </section>
  );
}
