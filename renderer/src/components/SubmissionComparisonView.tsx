import { useEffect, useState } from 'react';
import type { ComparedRow, LedgerFieldView, SubmissionComparison } from '../../../shared/ledgerModels';
import { LEDGER_LABEL, type LedgerKind } from '../../../shared/models';
import { formatMonthCn } from '../../../shared/format';
import { invoke } from '../api/client';
import { valueText } from './ledgerCells';

const SHOWN = 200;

function label(fields: LedgerFieldView[], key: string): string {
  return fields.find((f) => f.key === key)?.label ?? key;
}

function shown(fields: LedgerFieldView[], key: string, v: unknown): string {
  const f = fields.find((x) => x.key === key);
  const t = f ? valueText(f, v) : v === null || v === undefined ? '' : String(v);
  return t === '' ? '（空）' : t;
}

function RowList({ title, rows, total, fields, className }: { title: string; rows: ComparedRow[]; total: number; fields: LedgerFieldView[]; className: string }) {
  if (rows.length === 0) return null;
  const cols = fields.filter((f) => f.type !== 'unit').slice(0, 6);
  return (
    <section className={`compare-section ${className}`} aria-label={title}>
      <h3>
        {title}（{total} 行）
      </h3>
      <table className="compare-table">
        <thead>
          <tr>
            <th scope="col">位置</th>
            <th scope="col">县区</th>
            {cols.map((f) => (
              <th key={f.key} scope="col">
                {f.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.slice(0, SHOWN).map((r) => (
            <tr key={`${r.sheet}\u0000${r.rowNo}`}>
              <td>
                {r.sheet} 第{r.rowNo}行
              </td>
              <td>{r.unit ?? ''}</td>
              {cols.map((f) => (
                <td key={f.key}>{valueText(f, r.values[f.key])}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      {total > Math.min(SHOWN, rows.length) && <p className="muted">只列出前 {Math.min(SHOWN, rows.length)} 行。</p>}
    </section>
  );
}

/** A correction against the version it replaced: rows added, removed and changed, field by field. */
export function SubmissionComparisonView({ id, fields, onClose }: { id: number; fields: Record<LedgerKind, LedgerFieldView[]>; onClose: () => void }) {
  const [c, setC] = useState<SubmissionComparison | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    setC(null);
    setError(null);
    invoke('submissions.compare', { id }).then(setC, (e: Error) => setError(e.message));
  }, [id]);

  const f = c ? fields[c.kind] : [];
  const replaced = c ? [...new Map(c.units.flatMap((u) => (u.replaced ? [[u.replaced.id, u.replaced] as const] : []))).values()] : [];
  return (
    <section className="panel comparison" aria-label="版本对比">
      <header className="comparison-head">
        <h2>版本对比</h2>
        <button type="button" className="link" onClick={onClose}>
          关闭对比
        </button>
      </header>
      {error && <p className="error-line">{error}</p>}
      {!c && !error && <p className="muted">正在对比…</p>}
      {c && (
        <>
          <p className="comparison-what">
            {LEDGER_LABEL[c.kind]} · {c.submission.submitter} · {formatMonthCn(c.submission.period)}：报送 #{c.submission.id}“{c.submission.file}”与它替换的
            {replaced.map((r) => `报送 #${r.id}“${r.file}”`).join('、')}相比（{c.units.map((u) => u.unit).join('、')}）：
          </p>
          <p className="comparison-counts" role="status">
            新增 <b>{c.counts.added}</b> 行，删除 <b>{c.counts.removed}</b> 行，修改 <b>{c.counts.changed}</b> 行，未变 {c.counts.unchanged} 行。
          </p>
          {c.changed.length > 0 && (
            <section className="compare-section changed" aria-label="修改的行">
              <h3>修改（{c.counts.changed} 行）</h3>
              <table className="compare-table">
                <thead>
                  <tr>
                    <th scope="col">记录</th>
                    <th scope="col">位置（原 → 新）</th>
                    <th scope="col">字段</th>
                    <th scope="col">原值</th>
                    <th scope="col">新值</th>
                  </tr>
                </thead>
                <tbody>
                  {c.changed.slice(0, SHOWN).flatMap((x) =>
                    x.fields.map((d, i) => (
                      <tr key={`${x.key}\u0000${d.field}`} className={i === 0 ? 'first' : undefined}>
                        {i === 0 && (
                          <>
                            <td rowSpan={x.fields.length}>
                              {x.key}
                              {x.unit ? `（${x.unit}）` : ''}
                            </td>
                            <td rowSpan={x.fields.length}>
                              第{x.before.rowNo}行{x.before.status === 'rejected' ? '（原拒收）' : ''} → 第{x.after.rowNo}行
                              {x.after.status === 'rejected' ? '（仍拒收）' : ''}
                            </td>
                          </>
                        )}
                        <td>{label(f, d.field)}</td>
                        <td className="before">{shown(f, d.field, d.before)}</td>
                        <td className="after">{shown(f, d.field, d.after)}</td>
                      </tr>
                    )),
                  )}
                </tbody>
              </table>
              {c.counts.changed > Math.min(SHOWN, c.changed.length) && <p className="muted">只列出前 {Math.min(SHOWN, c.changed.length)} 行。</p>}
            </section>
          )}
          <RowList title="新增" rows={c.added} total={c.counts.added} fields={f} className="added" />
          <RowList title="删除" rows={c.removed} total={c.counts.removed} fields={f} className="removed" />
          {c.counts.added + c.counts.removed + c.counts.changed === 0 && <p className="muted">两个版本的内容相同。</p>}
        </>
      )}
    </section>
  );
}
