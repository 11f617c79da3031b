// 署名与发文 on the 设置 page: who signs the documents and decisions, and how the documents are addressed.
import { useEffect, useState } from 'react';
import { WORKSPACE_SETTING_LABEL, type WorkspaceSettings } from '../../../shared/settingsModels';
import { invoke } from '../api/client';
import { useApi } from '../api/useApi';
import { ErrorBanner, Loading } from './Status';

type Key = 'analyst' | 'office' | 'docNumberPrefix' | 'mainRecipients' | 'copyRecipients';

const FIELDS: { key: Key; hint: string; placeholder: string; max: number }[] = [
  { key: 'analyst', hint: '通报的制表人、约谈材料的生成人、印发记录的印发人和问责决定的决定人。未填写时不能印发文件或登记决定。', placeholder: '例如：张三', max: 20 },
  { key: 'office', hint: '文件落款和版记中的印发机关。', placeholder: '阳泉市大气污染防治工作领导组办公室', max: 40 },
  { key: 'docNumberPrefix', hint: '机关代字；填写后每份文件按年编号，如 阳大气办〔2020〕3号。留空则不编文号。', placeholder: '例如：阳大气办', max: 20 },
  { key: 'mainRecipients', hint: '通报封面的主送机关。', placeholder: '例如：各县（区）人民政府，市直有关单位', max: 200 },
  { key: 'copyRecipients', hint: '版记中的抄送机关。', placeholder: '例如：市委办公室，市政府办公室', max: 200 },
];

const errorText = (e: unknown) => (e instanceof Error ? e.message : String(e));

export function SignaturePanel() {
  const settings = useApi('workspaceSettings.get', {});
  const [draft, setDraft] = useState<Partial<Record<Key, string>>>({});
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const saved = settings.value.state === 'ready' ? settings.value.data : null;
  useEffect(() => setDraft({}), [saved]);

  const value = (k: Key) => draft[k] ?? (saved ? saved[k] : '');
  const changed = saved ? FIELDS.filter((f) => draft[f.key] !== undefined && draft[f.key]!.trim() !== saved[f.key]) : [];

  const save = async (e: React.FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setMessage(null);
    let last: WorkspaceSettings | null = null;
    try {
      for (const f of changed) last = await invoke('workspaceSettings.set', { key: f.key, value: draft[f.key]!.trim() });
      setMessage({ ok: true, text: `已保存：${changed.map((f) => WORKSPACE_SETTING_LABEL[f.key]).join('、')}。此后印发的文件和登记的决定按此署名。` });
      if (last) settings.reload();
    } catch (err) {
      setMessage({ ok: false, text: `${errorText(err)}${last ? '（此前各项已保存）' : ''}` });
      if (last) settings.reload();
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="panel signature-panel" aria-labelledby="signature-title">
      <h2 id="signature-title">署名与发文</h2>
      {settings.value.state === 'loading' && <Loading what="设置" />}
      {settings.value.state === 'error' && <ErrorBanner message={settings.value.message} />}
      {saved && (
        <form onSubmit={save} className="settings-form">
          {saved.analyst === '' && (
            <p className="error-line" role="alert">
              尚未设置分析员姓名：在此填写后才能印发通报、约谈材料和登记问责决定。
            </p>
          )}
          {FIELDS.map((f) => (
            <label key={f.key} className="settings-field">
              <span className="settings-label">{WORKSPACE_SETTING_LABEL[f.key]}</span>
              <input value={value(f.key)} onChange={(e) => setDraft((d) => ({ ...d, [f.key]: e.target.value }))} placeholder={f.placeholder} maxLength={f.max} aria-label={WORKSPACE_SETTING_LABEL[f.key]} />
              <span className="muted small">{f.hint}</span>
            </label>
          ))}
          <div className="actions">
            <button type="submit" disabled={busy || changed.length === 0}>
              {busy ? '正在保存……' : '保存'}
            </button>
          </div>
          {message && (
            <p className={message.ok ? 'ok-line' : 'error-line'} role="status">
              {message.text}
            </p>
          )}
        </form>
      )}
    </section>
  );
}
