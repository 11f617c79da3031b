// The plan's own sentences behind a target, for documents that cite the plan: a dossier quotes the sentences a
// lagging target rests on, not the task's whole clause.

/** Where the plan ends a sentence or a clause of a list (it writes both full- and half-width semicolons). */
const STOPS = ['。', '；', ';', '\n'];

/** A responsibility note that the plan put after the previous sentence's full stop: "(市生态环境局牵头,…)2020年10底前,…". */
const LEADING_NOTE = /^[(（][^()（）]*负责落实[)）]/u;

interface Span {
  start: number;
  end: number;
}

/** The sentence of `text` around `at..at+length`, from after the previous stop to its own stop (included). */
function sentenceSpan(text: string, at: number, length: number): Span {
  const start = Math.max(...STOPS.map((s) => text.lastIndexOf(s, at - 1))) + 1;
  const ends = STOPS.map((s) => text.indexOf(s, at + Math.max(length, 1) - 1)).filter((i) => i >= 0);
  const stop = ends.length ? Math.min(...ends) : text.length;
  // a newline ends a paragraph but is not part of the sentence
  const end = stop < text.length && text[stop] !== '\n' ? stop + 1 : stop;
  return { start, end };
}

/**
 * The sentences of `text` that contain any of `quotes`, each once, in the plan's order; sentences that do not
 * follow one another are joined with "……", as a quotation that leaves words out marks the gap.
 * A quote not found in the text stands for itself.
 */
export function quoteSentences(text: string, quotes: readonly string[]): string {
  const spans: Span[] = [];
  const missing: string[] = [];
  for (const q of quotes) {
    const at = q ? text.indexOf(q) : -1;
    if (at < 0) {
      if (q && !missing.includes(q)) missing.push(q);
      continue;
    }
    const s = sentenceSpan(text, at, q.length);
    if (!spans.some((x) => x.start === s.start)) spans.push(s);
  }
  spans.sort((a, b) => a.start - b.start);
  let out = '';
  let last = -1;
  for (const s of spans) {
    if (s.end <= last) continue;
    const sentence = text.slice(Math.max(s.start, last), s.end).trim().replace(LEADING_NOTE, '');
    if (!sentence) continue;
    const adjacent = last >= 0 && text.slice(last, s.start).trim() === '';
    out += out && !adjacent ? `……${sentence}` : sentence;
    last = s.end;
  }
  // a quotation that stops at one of the plan's semicolons ends there, without it
  return [out, ...missing].filter(Boolean).join('……').replace(/[;；]$/u, '');
}
