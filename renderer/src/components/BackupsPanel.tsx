// The 备份 folder on the 设置 page: the copies made before imports, issues and upgrades, a copy on demand,
// the whole workspace as one file, and restoring a copy (after the analyst confirms it).
import { useEffect, useRef, useState } from 'react';
import { BACKUP_REASON_LABEL, type BackupView } from '../../../shared/backupModels';
import type { FileInput } from '../../../shared/api';
import { formatBeijingDateTime, formatBytes } from '../../../shared/format';
import { canPickFiles, deliverFile, fileInputOf, invoke, pickFiles, type Delivery } from '../api/client';
import { useApi } from '../api/useApi';
import { ErrorBanner, Loading } from './Status';

/** A picked file travels to the bridge as base64 inside the request; the contract takes at most 150 MB of it. */
const UPLOAD_LIMIT = 100 * 1024 * 1024;

/** What the page says after it reloads on the restored workspace. */
const RESTORED_KEY = 'bluesky.restored';

type Message = { ok: boolean; text: string; delivery?: Delivery };

/** A restore waiting for the analyst's confirmation: a copy from the folder, or a file they picked. */
type Pending = { kind: 'backup'; backup: BackupView } | { kind: 'file'; file: FileInput; fileName: string };

function deliveryText(d: Delivery): string {
  if (d.how === 'downloaded') return `已下载：${d.fileName}`;
  if (d.how === 'saved') return `已保存到：${d.path}`;
  return '未保存文件（已取消）。';
}

const when = (b: BackupView) => formatBeijingDateTime(b.createdAt, true);
const errorText = (e: unknown) => (e instanceof Error ? e.message : String(e));

function KeepForm({ keep, onSaved }: { keep: number; onSaved: (m: Message) => void }) {
  const [value, setValue] = useState(String(keep));
  useEffect(() => setValue(String(keep)), [keep]);
  const save = async (e: React.FormEvent) => {
    e.preventDefault();
    try {
      const s = await invoke('workspaceSettings.set', { key: 'backupKeep', value: Number(value) });
      onSaved({ ok: true, text: `已保存：备份文件夹保留最近 ${s.backupKeep} 份备份，更早的在下次备份时删除。` });
    } catch (err) {
      onSaved({ ok: false, text: errorText(err) });
    }
  };
  return (
    <form className="keep-form" onSubmit={save}>
      <label>
        保留最近
        <input type="number" min={1} max={500} step={1} value={value} onChange={(e) => setValue(e.target.value)} aria-label="保留的备份份数" required />份
      </label>
      <button type="submit" className="secondary small-button" disabled={value === String(keep) || !/^\d+$/.test(value)}>
        保存
      </button>
    </form>
  );
}

function ConfirmRestore({ pending, busy, onConfirm, onCancel }: { pending: Pending; busy: boolean; onConfirm: () => void; onCancel: () => void }) {
  const what = pending.kind === 'backup' ? `${when(pending.backup)}（北京时间）的备份（${BACKUP_REASON_LABEL[pending.backup.reason]}）` : `文件“${pending.fileName}”`;
  return (
    <div className="confirm-box" role="alertdialog" aria-labelledby="restore-title" aria-describedby="restore-text">
      <p id="restore-title" className="confirm-title">
        用{what}恢复工作区？
      </p>
      <p id="restore-text">
        当前工作区会先完整备份到备份文件夹（原因为“恢复前”），然后被这份备份替换。此后导入的台账、作出的决定和印发记录不会出现在恢复后的工作区中，但都保留在那份“恢复前”的备份里。恢复后页面会重新载入。
      </p>
      <div className="actions">
        <button type="button" onClick={onConfirm} disabled={busy}>
          {busy ? '正在恢复……' : '确认恢复'}
        </button>
        <button type="button" className="secondary" onClick={onCancel} disabled={busy}>
          取消
        </button>
      </div>
    </div>
  );
}

export function BackupsPanel({ onRestored = () => window.location.reload() }: { onRestored?: () => void }) {
  const list = useApi('backups.list', {});
  const settings = useApi('workspaceSettings.get', {});
  const [busy, setBusy] = useState<string | null>(null);
  const [message, setMessage] = useState<Message | null>(null);
  const [pending, setPending] = useState<Pending | null>(null);
  const picker = useRef<HTMLInputElement>(null);

  useEffect(() => {
    const note = sessionStorage.getItem(RESTORED_KEY);
    if (note) {
      sessionStorage.removeItem(RESTORED_KEY);
      setMessage({ ok: true, text: note });
    }
  }, []);

  const run = async (what: string, fn: () => Promise<Message | null>) => {
    setBusy(what);
    setMessage(null);
    try {
      const m = await fn();
      if (m) setMessage(m);
    } catch (err) {
      setMessage({ ok: false, text: errorText(err) });
    } finally {
      setBusy(null);
    }
  };

  const backupNow = () =>
    run('create', async () => {
      const b = await invoke('backups.create', {});
      list.reload();
      return { ok: true, text: `已备份工作区：${b.name}（${formatBytes(b.size)}）。` };
    });

  const exportWorkspace = () =>
    run('export', async () => {
      const blob = await invoke('backups.export', {});
      const delivery = await deliverFile(blob);
      return { ok: true, text: '已导出整个工作区（一个 .sqlite 文件）。在另一台电脑上可用“从文件恢复”打开它。', delivery };
    });

  const pickFile = async (files: FileList | null) => {
    const f = files?.[0];
    if (picker.current) picker.current.value = '';
    if (!f) return;
    try {
      const file = await fileInputOf(f);
      if ('base64' in file && f.size > UPLOAD_LIMIT) {
        setMessage({ ok: false, text: `“${f.name}”有 ${formatBytes(f.size)}，超过了在页面中上传的上限 ${formatBytes(UPLOAD_LIMIT)}。请关闭工作台后用命令行 bluesky restore 恢复它。` });
        return;
      }
      setPending({ kind: 'file', file, fileName: f.name });
      setMessage(null);
    } catch (err) {
      setMessage({ ok: false, text: errorText(err) });
    }
  };

  // inside the app the open dialog hands over a path, so a workspace of any size can be restored
  const chooseFile = async () => {
    if (!canPickFiles()) return picker.current?.click();
    try {
      const [f] = await pickFiles('workspace');
      if (!f) return;
      setPending({ kind: 'file', file: { name: f.name, path: f.path }, fileName: f.name });
      setMessage(null);
    } catch (err) {
      setMessage({ ok: false, text: errorText(err) });
    }
  };

  const restore = (p: Pending) =>
    run('restore', async () => {
      const r = await invoke('backups.restore', p.kind === 'backup' ? { name: p.backup.name } : { file: p.file });
      const from = p.kind === 'backup' ? `${when(p.backup)} 的备份` : `“${p.fileName}”`;
      const kept = r.kept ? `${r.keptDamaged ? '原来的工作区已损坏，已原样保存为' : '恢复前的工作区已备份为'} ${r.kept.name}。` : '';
      sessionStorage.setItem(RESTORED_KEY, `已用${from}恢复工作区。${kept}`);
      setPending(null);
      onRestored();
      return { ok: true, text: `已用${from}恢复工作区，正在重新载入……` };
    });

  const data = list.value.state === 'ready' ? list.value.data : null;
  const keep = settings.value.state === 'ready' ? settings.value.data.backupKeep : null;
  const inMemory = data !== null && data.folder === null;

  return (
    <section className="panel backups-panel" aria-labelledby="backups-title">
      <div className="toolbar">
        <h2 id="backups-title">备份与恢复</h2>
        <button type="button" onClick={() => void backupNow()} disabled={busy !== null || inMemory}>
          {busy === 'create' ? '正在备份……' : '立即备份'}
        </button>
        <button type="button" className="secondary" onClick={() => void exportWorkspace()} disabled={busy !== null || inMemory} title="把整个工作区保存为一个文件，可带到另一台电脑">
          {busy === 'export' ? '正在导出……' : '导出工作区'}
        </button>
        <button type="button" className="secondary" onClick={() => void chooseFile()} disabled={busy !== null || inMemory} title="用导出的工作区文件或其他位置的备份替换当前工作区">
          从文件恢复…
        </button>
        <input ref={picker} type="file" accept=".sqlite,.db" className="sr-only" tabIndex={-1} aria-label="选择要恢复的工作区文件" onChange={(e) => void pickFile(e.target.files)} />
      </div>
      {data && !inMemory && (
        <div className="backups-intro">
          <p className="muted">
            每次导入台账、印发报告和升级数据库之前，工作台都会自动备份整个工作区，保存在 <span className="path">{data.folder}</span>。
          </p>
          {keep !== null && (
            <KeepForm
              keep={keep}
              onSaved={(m) => {
                setMessage(m);
                settings.reload();
              }}
            />
          )}
        </div>
      )}
      {inMemory && <p className="muted">这个工作区只在内存中（测试或演示），不做备份。</p>}
      {pending && <ConfirmRestore pending={pending} busy={busy === 'restore'} onConfirm={() => void restore(pending)} onCancel={() => setPending(null)} />}
      {message && (
        <div className={message.ok ? 'ok-line' : 'error-line'} role="status">
          <p>{message.text}</p>
          {message.delivery && <p>{deliveryText(message.delivery)}</p>}
        </div>
      )}
      {list.value.state === 'loading' && <Loading what="备份列表" />}
      {list.value.state === 'error' && <ErrorBanner message={list.value.message} />}
      {data && !inMemory && data.backups.length === 0 && <p className="muted">还没有备份。第一次导入台账之前会自动备份，也可以点“立即备份”。</p>}
      {data && data.backups.length > 0 && (
        <div className="backups-scroll">
          <table className="backups" aria-label="备份列表">
            <thead>
              <tr>
                <th>时间（北京时间）</th>
                <th>原因</th>
                <th className="num">大小</th>
                <th className="num">数据库版本</th>
                <th>
                  <span className="sr-only">操作</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {data.backups.map((b) => (
                <tr key={b.name} title={b.file}>
                  <td>{when(b)}</td>
                  <td>{BACKUP_REASON_LABEL[b.reason]}</td>
                  <td className="num">{formatBytes(b.size)}</td>
                  <td className="num">{b.schemaVersion}</td>
                  <td>
                    <button type="button" className="secondary small-button" disabled={busy !== null} onClick={() => setPending({ kind: 'backup', backup: b })} aria-label={`恢复 ${when(b)} 的备份`}>
                      恢复
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
