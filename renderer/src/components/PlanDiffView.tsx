import type { PlanDiff, PlanFieldChange } from '../../../shared/planModels';
import { versionName } from './planVersionText';

/** Before and after split into what they share at the start and end and the part that differs between. */
export function changedSpan(before: string, after: string): { head: string; before: string; after: string; tail: string } {
  const a = [...before];
  const b = [...after];
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  return { head: a.slice(0, head).join(''), before: a.slice(head, a.length - tail).join(''), after: b.slice(head, b.length - tail).join(''), tail: a.slice(a.length - tail).join('') };
}

/** A long text with the part that changed marked, so a sentence added to a clause is seen at once. */
function Marked({ head, part, tail, kind }: { head: string; part: string; tail: string; kind: 'before' | 'after' }) {
  if (!head && !part && !tail) return <>（空）</>;
  const Tag = kind === 'before' ? 'del' : 'ins';
  if (!head && !tail) return <>{part}</>;
  return (
    <>
      {head}
      {part && <Tag>{part}</Tag>}
      {tail}
    </>
  );
}

/** Texts at least this long have their changed part marked. */
const MARK_FROM = 24;

function Changes({ changes, caption }: { changes: PlanFieldChange[]; caption: string }) {
  return (
    <table className="diff-changes" aria-label={caption}>
      <thead>
        <tr>
          <th className="diff-field">项目</th>
          <th>修订前</th>
          <th>修订后</th>
        </tr>
      </thead>
      <tbody>
        {changes.map((c, i) => {
          // a figure or a date is read whole; in a sentence or a clause the changed part is marked
          const long = Math.max(c.before.length, c.after.length) >= MARK_FROM;
          const span = long ? changedSpan(c.before, c.after) : { head: '', before: c.before, after: c.after, tail: '' };
          return (
            <tr key={`${c.field}|${i}`}>
              <th scope="row" className="diff-field">
                {c.label}
              </th>
              <td className="diff-before">
                <Marked head={span.head} part={span.before} tail={span.tail} kind="before" />
              </td>
              <td className="diff-after">
                <Marked head={span.head} part={span.after} tail={span.tail} kind="after" />
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

function NameList({ title, names, kind }: { title: string; names: string[]; kind: 'added' | 'removed' }) {
  if (names.length === 0) return null;
  return (
    <div className={`diff-list ${kind}`}>
      <h4>
        {title}（{names.length}）
      </h4>
      <ul aria-label={title}>
        {names.map((n, i) => (
          <li key={`${n}|${i}`}>{n}</li>
        ))}
      </ul>
    </div>
  );
}

function count(n: number, what: string): string | null {
  return n > 0 ? `${what} ${n} 项` : null;
}

/** One line saying how much changed, so the reader knows what to look for below. */
export function diffSummary(d: PlanDiff): string {
  if (d.same) return '两个版本内容相同。';
  const parts = [
    d.document.length > 0 ? `文件信息改动 ${d.document.length} 处` : null,
    count(d.tasks.added.length, '新增任务'),
    count(d.tasks.removed.length, '删除任务'),
    count(d.tasks.changed.length, '修改任务'),
    count(d.targets.added.length, '新增目标'),
    count(d.targets.removed.length, '删除目标'),
    count(d.targets.changed.length, '修改目标'),
    d.units.added.length > 0 ? `新增责任单位 ${d.units.added.length} 个` : null,
    d.units.removed.length > 0 ? `删除责任单位 ${d.units.removed.length} 个` : null,
  ].filter((p): p is string => p !== null);
  return `${versionName(d.to)}较${versionName(d.from)}：${parts.join('，')}。`;
}

/** What one version of a plan changed against another: document fields, tasks, targets, units; long texts wrap whole. */
export function PlanDiffView({ diff }: { diff: PlanDiff }) {
  if (diff.same) return <p className="diff-same" role="status">两个版本内容相同。</p>;
  const taskName = (t: { no: number; title: string }) => `任务${t.no} ${t.title}`;
  return (
    <div className="plan-diff" aria-label="修订内容">
      <p className="diff-summary" role="status">
        {diffSummary(diff)}
      </p>
      {diff.document.length > 0 && (
        <section className="diff-section">
          <h3>文件信息</h3>
          <Changes changes={diff.document} caption="文件信息的改动" />
        </section>
      )}
      {(diff.tasks.added.length > 0 || diff.tasks.removed.length > 0 || diff.tasks.changed.length > 0) && (
        <section className="diff-section">
          <h3>重点任务</h3>
          <NameList title="新增的任务" names={diff.tasks.added.map(taskName)} kind="added" />
          <NameList title="删除的任务" names={diff.tasks.removed.map(taskName)} kind="removed" />
          {diff.tasks.changed.map((t) => (
            <div key={t.no} className="diff-item">
              <h4>{taskName(t)}</h4>
              <Changes changes={t.changes} caption={`${taskName(t)}的改动`} />
            </div>
          ))}
        </section>
      )}
      {(diff.targets.added.length > 0 || diff.targets.removed.length > 0 || diff.targets.changed.length > 0) && (
        <section className="diff-section">
          <h3>考核目标</h3>
          <NameList title="新增的目标" names={diff.targets.added.map((t) => t.name)} kind="added" />
          <NameList title="删除的目标" names={diff.targets.removed.map((t) => t.name)} kind="removed" />
          {diff.targets.changed.map((t) => (
            <div key={t.id} className="diff-item">
              <h4>{t.name}</h4>
              <Changes changes={t.changes} caption={`${t.name}的改动`} />
            </div>
          ))}
        </section>
      )}
      {(diff.units.added.length > 0 || diff.units.removed.length > 0) && (
        <section className="diff-section">
          <h3>责任单位</h3>
          <NameList title="新增的责任单位" names={diff.units.added} kind="added" />
          <NameList title="删除的责任单位" names={diff.units.removed} kind="removed" />
        </section>
      )}
    </div>
  );
}
