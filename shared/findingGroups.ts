// Repeated findings fold: the same problem on 56 rows is one line with a count and the rows (第5–9、12、40行).

export interface FindingLike {
  severity: 'error' | 'warning' | 'info';
  code: string;
  sheet: string | null;
  row: number | null;
  column: string | null;
  message: string;
}

export interface FindingGroup<F extends FindingLike> {
  /** Stable within one list: severity, code, sheet and column. */
  key: string;
  severity: F['severity'];
  code: string;
  sheet: string | null;
  column: string | null;
  /** The message all members share, or null when each row says something of its own (then see `members`). */
  message: string | null;
  /** In the order the rows come in the file. */
  members: F[];
  rows: number[];
}

const SEVERITY_RANK = { error: 0, warning: 1, info: 2 } as const;

/**
 * Findings of the same kind on the same sheet and column, one group each; a finding on no row (about the whole file)
 * stays on its own. Groups come errors first, then by the first row they concern.
 */
export function groupFindings<F extends FindingLike>(findings: readonly F[]): FindingGroup<F>[] {
  const groups = new Map<string, FindingGroup<F>>();
  findings.forEach((f, i) => {
    const key = f.row === null ? `file\u0000${i}` : [f.severity, f.code, f.sheet ?? '', f.column ?? ''].join('\u0000');
    const g = groups.get(key);
    if (g) g.members.push(f);
    else groups.set(key, { key, severity: f.severity, code: f.code, sheet: f.sheet, column: f.column, message: null, members: [f], rows: [] });
  });
  const out = [...groups.values()];
  for (const g of out) {
    g.members.sort((a, b) => (a.row ?? 0) - (b.row ?? 0));
    g.rows = [...new Set(g.members.flatMap((m) => (m.row === null ? [] : [m.row])))];
    g.message = g.members.every((m) => m.message === g.members[0]!.message) ? g.members[0]!.message : null;
  }
  return out.sort((a, b) => SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] || (a.rows[0] ?? 0) - (b.rows[0] ?? 0));
}

/** Excel rows as people write them: 第5–9、12、40行; past `max` runs, the rest as “等”. Empty for none. */
export function rowRanges(rows: readonly number[], max = Infinity): string {
  const sorted = [...new Set(rows)].sort((a, b) => a - b);
  if (sorted.length === 0) return '';
  const parts: string[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j]! + 1) j++;
    parts.push(j === i ? String(sorted[i]) : j === i + 1 ? `${sorted[i]}、${sorted[j]}` : `${sorted[i]}–${sorted[j]}`);
    i = j + 1;
  }
  return parts.length > max ? `第${parts.slice(0, max).join('、')}等行` : `第${parts.join('、')}行`;
}
