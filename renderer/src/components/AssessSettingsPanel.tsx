// 考核设置 on the 设置 page: the 严重滞后 gap and the county ranking's weights, used from the next assessment on.
import { useEffect, useMemo, useState } from 'react';
import type { TargetView } from '../../../shared/models';
import { invoke } from '../api/client';
import { useApi } from '../api/useApi';
import { ErrorBanner, Loading } from './Status';

const errorText = (e: unknown) => (e instanceof Error ? e.message : String(e));

/** 0.2 → "20"; the page works in percentage points, the core in fractions. */
const points = (gap: number) => String(Math.round(gap * 10000) / 100);

function GapForm({ gap, onSaved }: { gap: number; onSaved: (m: { ok: boolean; text: string }) => void }) {
  const [value, setValue] = useState(points(gap));
  useEffect(() => setValue(points(gap)), [gap]);
  const n = Number(value);
  const valid = value.trim() !== '' && Number.isFinite(n) && n >= 0 && n <= 100;
  const save = async (e: React.FormEvent) => {
    e.preventDefault();
    try {
      const s = await invoke('settings.set', { key: 'seriousLagGap', value: Math.round(n * 100) / 10000 });
      onSaved({ ok: true, text: `已保存：完成率低于序时进度超过 ${points(s.seriousLagGap)} 个百分点为严重滞后，从下一次评估起生效。` });
    } catch (err) {
      onSaved({ ok: false, text: errorText(err) });
    }
  };
  return (
    <form className="gap-form" onSubmit={save}>
      <label>
        严重滞后差距：完成率低于序时进度超过
        <input type="number" min={0} max={100} step={1} value={value} onChange={(e) => setValue(e.target.value)} aria-label="严重滞后差距（百分点）" required />
        个百分点
      </label>
      <button type="submit" className="secondary small-button" disabled={!valid || value === points(gap)}>
        保存
      </button>
      {!valid && <span className="error-line small">请填写 0 到 100 之间的数。</span>}
    </form>
  );
}

function WeightsForm({ weights, targets, onSaved }: { weights: Record<string, number>; targets: TargetView[]; onSaved: (m: { ok: boolean; text: string }) => void }) {
  const [draft, setDraft] = useState<Record<string, string>>({});
  // keyed on content: re-reading the settings after the gap is saved must not drop weights being typed
  const weightsKey = JSON.stringify(weights);
  useEffect(() => setDraft({}), [weightsKey]);
  const shown = (id: string) => draft[id] ?? String(weights[id] ?? 1);
  const bad = Object.entries(draft).filter(([, v]) => {
    const n = Number(v);
    return v.trim() === '' || !Number.isFinite(n) || n < 0 || n > 100;
  });
  const changed = Object.entries(draft).some(([id, v]) => Number(v) !== (weights[id] ?? 1));
  const save = async (e: React.FormEvent) => {
    e.preventDefault();
    const next: Record<string, number> = {};
    for (const t of targets) {
      const w = Number(shown(t.id));
      if (w !== 1) next[t.id] = w;
    }
    try {
      await invoke('settings.set', { key: 'weights', value: next });
      const n = Object.keys(next).length;
      onSaved({ ok: true, text: `已保存排名权重（${n === 0 ? '各目标权重相同' : `${n} 个目标不为 1`}），从下一次评估起生效。` });
    } catch (err) {
      onSaved({ ok: false, text: errorText(err) });
    }
  };
  const reset = () => setDraft(Object.fromEntries(targets.map((t) => [t.id, '1'])));
  return (
    <form className="weights-form" onSubmit={save}>
      <p className="muted small">
        县区得分为各目标完成率（最高按 100% 计）的加权平均。权重默认均为 1；设为 0 的目标不计入排名。
      </p>
      <div className="weights-table-wrap">
        <table className="report-table weights-table" aria-label="排名权重">
          <thead>
            <tr>
              <th className="left">任务</th>
              <th className="left">考核目标</th>
              <th>权重</th>
            </tr>
          </thead>
          <tbody>
            {targets.map((t) => (
              <tr key={t.id}>
                <td className="left">{t.task ? `任务${t.task}` : t.section}</td>
                <td className="left">{t.description}</td>
                <td>
                  <input
                    type="number"
                    min={0}
                    max={100}
                    step={0.5}
                    value={shown(t.id)}
                    onChange={(e) => setDraft((d) => ({ ...d, [t.id]: e.target.value }))}
                    aria-label={`${t.description}的权重`}
                    className={bad.some(([id]) => id === t.id) ? 'weight-input bad' : 'weight-input'}
                  />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div className="actions">
        <button type="submit" className="secondary" disabled={!changed || bad.length > 0}>
          保存权重
        </button>
        <button type="button" className="link" onClick={reset}>
          恢复均等
        </button>
        {bad.length > 0 && <span className="error-line small">权重应为 0 到 100 之间的数。</span>}
      </div>
    </form>
  );
}

export function AssessSettingsPanel() {
  const settings = useApi('settings.get', {});
  const plan = useApi('plan.get', {});
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  // the targets a county is ranked on: those held against each unit, not city-wide figures
  const targets = useMemo(
    () => (plan.value.state === 'ready' ? [...plan.value.data.goals, ...plan.value.data.tasks.flatMap((t) => t.targets), ...plan.value.data.provisions.flatMap((p) => p.targets)].filter((t) => t.scope === 'unit') : []),
    [plan.value],
  );
  const onSaved = (m: { ok: boolean; text: string }) => {
    setMessage(m);
    if (m.ok) settings.reload();
  };
  const weighted = settings.value.state === 'ready' ? Object.entries(settings.value.data.weights).filter(([, w]) => w !== 1) : [];

  return (
    <section className="panel assess-settings-panel" aria-labelledby="assess-settings-title">
      <h2 id="assess-settings-title">考核设置</h2>
      <p className="muted section-note">从下一次评估起生效；已保存的评估保留当时使用的设置，按原样重新打开和印发。</p>
      {(settings.value.state === 'loading' || plan.value.state === 'loading') && <Loading what="考核设置" />}
      {settings.value.state === 'error' && <ErrorBanner message={settings.value.message} />}
      {plan.value.state === 'error' && <ErrorBanner message={plan.value.message} />}
      {settings.value.state === 'ready' && plan.value.state === 'ready' && (
        <>
          <GapForm gap={settings.value.data.seriousLagGap} onSaved={onSaved} />
          <h3>县区排名权重{weighted.length > 0 ? `（${weighted.length} 个目标的权重不为 1）` : '（各目标相同）'}</h3>
          <WeightsForm weights={settings.value.data.weights} targets={targets} onSaved={onSaved} />
        </>
      )}
      {message && (
        <p className={message.ok ? 'ok-line' : 'error-line'} role="status">
          {message.text}
        </p>
      )}
    </section>
  );
}
