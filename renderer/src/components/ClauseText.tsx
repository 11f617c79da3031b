import { Fragment } from 'react';

interface Mark {
  start: number;
  end: number;
  id: string;
}

/** Finds where each target's quote stands in the clause, so the page can show which words a target comes from. */
export function markQuotes(text: string, quotes: { id: string; quote: string }[]): Mark[] {
  const marks: Mark[] = [];
  for (const q of quotes) {
    const start = text.indexOf(q.quote);
    if (start >= 0) marks.push({ start, end: start + q.quote.length, id: q.id });
  }
  marks.sort((a, b) => a.start - b.start || b.end - a.end);
  // overlapping quotes (two targets citing one sentence) collapse into the first
  const out: Mark[] = [];
  for (const m of marks) {
    const last = out[out.length - 1];
    if (last && m.start < last.end) continue;
    out.push(m);
  }
  return out;
}

export function ClauseText({ text, quotes, selected }: { text: string; quotes: { id: string; quote: string }[]; selected: string | null }) {
  return (
    <div className="clause-text">
      {text.split('\n').map((para, i) => {
        const marks = markQuotes(para, quotes);
        const parts: React.ReactNode[] = [];
        let at = 0;
        for (const m of marks) {
          if (m.start > at) parts.push(<Fragment key={`t${at}`}>{para.slice(at, m.start)}</Fragment>);
          const isSelected = selected !== null && quotes.some((q) => q.id === selected && para.slice(m.start, m.end).includes(q.quote));
          parts.push(
            <mark key={`m${m.start}`} className={isSelected ? 'quote selected' : 'quote'} data-target={m.id}>
              {para.slice(m.start, m.end)}
            </mark>,
          );
          at = m.end;
        }
        if (at < para.length) parts.push(<Fragment key={`t${at}`}>{para.slice(at)}</Fragment>);
        return <p key={i}>{parts}</p>;
      })}
    </div>
  );
}
