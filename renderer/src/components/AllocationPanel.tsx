import { useEffect, useMemo, useRef, useState } from 'react';
import type { AllocationCheck, AllocationView } from '../../../shared/assessModels';
import type { TargetView } from '../../../shared/models';
import { formatDateTime, formatNumber, formatTargetValue } from '../../../shared/format';
import { targetName } from '../../../shared/planNames';
import { canPickFiles, fileInputOf, invoke, pickFiles } from '../api/client';
import type { FileInput } from '../../../shared/api';
import { Loading } from './Status';

/** Targets whose value the office splits among the units, or which wait for a value to be handed down. */
export function needsAllocation(t: TargetView): boolean {
  return t.kind !== 'milestone' && (t.allocatable || t.valueSource === 'allocation');
}

type State = { allocations: AllocationView[]; checks: AllocationCheck[] };

function parseShare(text: string): number | null | 'bad' {
  const s = text.trim().replace(/,/g, '');
  if (s === '') return null;
  const n = Number(s);
  return Number.isFinite(n) && n >= 0 ? n : 'bad';
}

/**
 * 分解下达 for one target: a share per implementing unit, saved by hand or imported from a workbook with
 * 单位 / 目标 / 分解值 columns, and the core's check that the shares add up to the city figure.
 */
export function AllocationPanel({ target, plan }: { target: TargetView; plan?: number }) {
  const [state, setState] = useState<State | null>(null);
  const [inputs, setInputs] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const fileRef = useRef<HTMLInputElement>(null);
  const measure = target.measure ?? '';

  const current = useMemo(() => {
    const m = new Map<string, AllocationView>();
    for (const a of state?.allocations ?? []) if (a.target === target.id) m.set(a.unit, a);
    return m;
  }, [state, target.id]);

  const reset = (s: State) => {
    setState(s);
    const next: Record<string, string> = {};
    for (const a of s.allocations) if (a.target === target.id && a.value !== null) next[a.unit] = String(a.value);
    setInputs(next);
  };

  /** Allocations belong to the plan version the page shows; without one, the core's default version. */
  const planArg = plan !== undefined ? { plan } : {};

  useEffect(() => {
    let live = true;
    setMessage(null);
    // a reply for a target or version no longer shown must not replace the fields
    invoke('allocations.list', planArg).then(
      (s) => live && reset(s),
      (e: Error) => live && setMessage({ ok: false, text: e.message }),
    );
    return () => {
      live = false;
    };
  }, [target.id, plan]);

  const lastSet = [...current.values()].sort((a, b) => (a.setAt < b.setAt ? 1 : -1))[0] ?? null;
  const check = state?.checks.find((c) => c.target === target.id) ?? null;
  const parsed = target.units.map((u) => ({ unit: u, value: parseShare(inputs[u] ?? '') }));
  const bad = parsed.filter((p) => p.value === 'bad').map((p) => p.unit);
  const sum = parsed.reduce((s, p) => s + (typeof p.value === 'number' ? p.value : 0), 0);
  const changed = parsed.filter((p) => p.value !== 'bad' && p.value !== (current.get(p.unit)?.value ?? null));

  const save = async () => {
    if (bad.length > 0 || changed.length === 0) return;
    setBusy(true);
    setMessage(null);
    try {
      const s = await invoke('allocations.set', { items: changed.map((p) => ({ target: target.id, unit: p.unit, value: p.value as number | null })), ...planArg });
      reset(s);
      setMessage({ ok: true, text: `已保存 ${changed.length} 个单位的分解值。` });
    } catch (e) {
      setMessage({ ok: false, text: (e as Error).message });
    } finally {
      setBusy(false);
    }
  };

  const importFile = async (name: string, file: () => Promise<FileInput>) => {
    setBusy(true);
    setMessage(null);
    try {
      const s = await invoke('allocations.import', { file: await file(), ...planArg });
      reset(s);
      setMessage({ ok: true, text: `已从“${name}”导入 ${s.imported} 项分解值（可含其他目标）。` });
    } catch (e) {
      setMessage({ ok: false, text: (e as Error).message });
    } finally {
      setBusy(false);
      if (fileRef.current) fileRef.current.value = '';
    }
  };

  /** Inside the app its own open dialog (the only way a path reaches the core); in a browser, the browser's picker. */
  const chooseFile = async () => {
    if (!canPickFiles()) return fileRef.current?.click();
    let picked;
    try {
      [picked] = await pickFiles('allocation');
    } catch (e) {
      return setMessage({ ok: false, text: (e as Error).message });
    }
    if (picked) await importFile(picked.name, async () => ({ name: picked.name, path: picked.path }));
  };

  const cityText = target.value !== null && target.comparator ? formatTargetValue(target) : '全市目标值待下达';
  const unitScope = target.scope === 'unit';

  return (
    <section className="allocation-panel" aria-label="目标分解">
      <div className="allocation-head">
        <h3>目标分解下达</h3>
        <span className="muted">
          {unitScope ? '各责任单位的目标值（方案要求另行下达）' : `全市目标 ${cityText}，分解到各责任单位`}
        </span>
      </div>
      {target.units.length === 0 ? (
        <p className="muted">该目标没有可分解的责任单位：其值由省里直接下达给全市。</p>
      ) : state === null ? (
        // the fields open once the saved shares are in, so a late reply never overwrites what was typed
        !message && <Loading what="已保存的分解" />
      ) : (
        <>
          <div className="alloc-units">
            {target.units.map((u) => {
              const a = current.get(u);
              return (
                <label key={u} className="alloc-unit" title={a && a.value !== null ? `当前：${a.value}（${a.source} · ${a.setBy} · ${formatDateTime(a.setAt)}）` : '尚未分解'}>
                  <span>{u}</span>
                  <input
                    type="text"
                    inputMode="decimal"
                    aria-label={`${u}分解值`}
                    value={inputs[u] ?? ''}
                    className={bad.includes(u) ? 'bad' : undefined}
                    onChange={(e) => setInputs({ ...inputs, [u]: e.target.value })}
                    placeholder="未分解"
                  />
                  {measure && measure !== '%' ? <span className="muted">{measure}</span> : measure === '%' ? <span className="muted">%</span> : null}
                </label>
              );
            })}
          </div>
          <p className="alloc-sum">
            {!unitScope && (
              <>
                合计 <strong>{formatNumber(sum)}</strong>
                {measure && measure !== '%' ? ` ${measure}` : ''}
                {target.value !== null ? `，全市目标 ${formatNumber(target.value)}${measure && measure !== '%' ? ` ${measure}` : ''}` : ''}
                {'\u3000'}
              </>
            )}
            <span className="muted">{lastSet ? `最近录入：${lastSet.source} · ${lastSet.setBy} · ${formatDateTime(lastSet.setAt)}` : '尚未录入分解值'}</span>
          </p>
          {bad.length > 0 && <p className="error-line">{bad.join('、')}的分解值应为不小于 0 的数字。</p>}
          <div className="actions">
            <button type="button" onClick={() => void save()} disabled={busy || bad.length > 0 || changed.length === 0}>
              保存分解值
            </button>
            <button type="button" className="secondary" onClick={() => void chooseFile()} disabled={busy}>
              从 Excel 导入……
            </button>
            <input
              ref={fileRef}
              type="file"
              accept=".xlsx,.xls,.csv"
              hidden
              aria-label="选择分解表"
              onChange={(e) => {
                const f = e.target.files?.[0];
                if (f) void importFile(f.name, () => fileInputOf(f));
              }}
            />
            <span className="muted small">分解表需有“单位”“目标”“分解值”三列，目标填名称，如“{targetName(target)}”。</span>
          </div>
        </>
      )}
      {message && (
        <p className={message.ok ? 'ok-line' : 'error-line'} role="status">
          {message.text}
        </p>
      )}
      {check && (
        <p className={check.message ? 'allocation-check warn' : 'allocation-check ok'} role="status" aria-label="分解核对">
          {check.message ?? `已分解到 ${check.units} 个单位，合计 ${formatNumber(check.allocatedSum)}${measure && measure !== '%' ? ` ${measure}` : ''}${check.cityValue !== null ? '，与全市目标一致' : ''}。`}
        </p>
      )}
    </section>
  );
}
