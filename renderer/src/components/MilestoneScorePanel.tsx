// The 设置 panel for how a milestone reported “推进中” counts: its completion in the matrix, the ranking and the
// briefing. A saved assessment keeps the value it was computed with; a new one uses this.
import { useEffect, useState } from 'react';
import { formatNumber } from '../../../shared/format';
import { invoke } from '../api/client';
import { useApi } from '../api/useApi';
import { ErrorBanner } from './Status';

/** Percent as typed: 0–99 with at most one decimal. */
const PERCENT = /^\d{1,2}(\.\d)?$/;

export function MilestoneScorePanel() {
  const settings = useApi('workspaceSettings.get', {});
  const stored = settings.value.state === 'ready' ? settings.value.data.milestoneInProgressScore : null;
  const [value, setValue] = useState('');
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  useEffect(() => {
    if (stored !== null) setValue(formatNumber(stored * 100, 1));
  }, [stored]);

  const save = async (e: React.FormEvent) => {
    e.preventDefault();
    try {
      const s = await invoke('workspaceSettings.set', { key: 'milestoneInProgressScore', value: Math.round(Number(value) * 10) / 1000 });
      setMessage({ ok: true, text: `已保存：“推进中”今后按 ${formatNumber(s.milestoneInProgressScore * 100, 1)}% 计入完成率和得分。已保存的评估和已印发的通报保留当时的口径。` });
      settings.reload();
    } catch (err) {
      setMessage({ ok: false, text: err instanceof Error ? err.message : String(err) });
    }
  };

  const same = stored !== null && PERCENT.test(value) && Math.abs(Number(value) / 100 - stored) < 1e-9;
  return (
    <section className="panel milestone-score-panel" aria-labelledby="milestone-score-title">
      <h2 id="milestone-score-title">销号事项的计分口径</h2>
      <p className="muted">
        任务销号台账报“已完成”的按 100% 计，“未启动”按 0% 计；报“推进中”的，考核矩阵显示“推进中”，完成率和县区得分按下面的比例计入。
      </p>
      {settings.value.state === 'error' && <ErrorBanner message={settings.value.message} />}
      <form className="keep-form" onSubmit={save}>
        <label>
          “推进中”按
          <input type="number" min={0} max={99} step={0.1} value={value} onChange={(e) => setValue(e.target.value)} aria-label="推进中计入的完成率（%）" required disabled={stored === null} />%
          计
        </label>
        <button type="submit" className="secondary small-button" disabled={stored === null || same || !PERCENT.test(value)}>
          保存
        </button>
      </form>
      {message && (
        <p className={message.ok ? 'ok-line' : 'error-line'} role="status">
          {message.text}
        </p>
      )}
    </section>
  );
}
