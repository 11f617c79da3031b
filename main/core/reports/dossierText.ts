// The words of a 约谈材料 (interview dossier), produced once as a list of blocks that the .docx builder and the
// HTML (→ PDF) renderer both lay out, so the two outputs can never say different things.
import { DECISION_STATUS_LABEL, LEVEL_LABEL, STATUS_LABEL, type AssessStatus, type Level } from '../../../shared/assessModels';
import { countItems } from '../assess/counts';
import { beijingDate, formatDateCn, formatMonthCn, formatNumber, formatCompletion, formatPercent } from '../../../shared/format';
import type { Comparator } from '../../../shared/models';
import { targetCitation } from '../../../shared/planNames';
import { DEMO_NOTICE, ISSUING_OFFICE, type DossierData, type DossierHistory, type DossierItem, type EvidenceRow } from '../../../shared/reportModels';

/** Who issues the dossier and signs it. */
export const DOSSIER_OFFICE = ISSUING_OFFICE;

/** The issuing office the dossier names: the one set in 设置 when it was issued. */
export const officeOf = (data: DossierData): string => data.office ?? DOSSIER_OFFICE;

/** A4 portrait with the margins of 党政机关公文 (GB/T 9704): top, right, bottom, left in millimetres. */
export const DOSSIER_PAGE = { widthMm: 210, heightMm: 297, marginMm: { top: 37, right: 26, bottom: 35, left: 28 } } as const;
/** The width the text and the tables have: 156 mm. */
export const DOSSIER_TEXT_WIDTH_MM = DOSSIER_PAGE.widthMm - DOSSIER_PAGE.marginMm.left - DOSSIER_PAGE.marginMm.right;

export interface Run {
  text: string;
  bold?: boolean;
  /** 小五 (9 pt) instead of the table's 五号: a file name that must stay on two lines. */
  small?: boolean;
}

export interface Cell {
  runs: Run[];
  /** A second, smaller line: the date a file came in, a deadline. */
  sub?: string;
}

export interface Column {
  title: string;
  /** Millimetres; a table's columns add up to the text width. */
  widthMm: number;
  align: 'center' | 'left';
}

export interface TableBlock {
  kind: 'table';
  columns: Column[];
  rows: Cell[][];
}

export type Block =
  /** The title, already broken into lines where it is too long for one. */
  | { kind: 'title'; lines: string[] }
  | { kind: 'subtitle'; text: string }
  | { kind: 'heading'; level: 1 | 2; text: string }
  /** A body paragraph; indented two characters unless `align` says otherwise. */
  | { kind: 'para'; runs: Run[]; align?: 'right' | 'center'; keepNext?: boolean }
  /** One paragraph of a quoted clause: the quote stays one run so it can be found and copied whole. */
  | { kind: 'quote'; text: string }
  | TableBlock
  /** Right-aligned lines centred on one axis: `rightChars` is each line's right indent in characters. */
  | { kind: 'signature'; lines: { text: string; rightChars: number }[] }
  | { kind: 'note'; text: string };

/** Text as it may go into XML or HTML: no control characters, no lone surrogates. */
export function printable(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\ufffe\uffff]/g, '').replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd');
}

/** One line: a value typed into a ledger cell with Alt+Enter reads as one line in a table. */
function oneLine(text: string): string {
  return text.replace(/\s*[\r\n]+\s*/g, ' ').trim();
}


const CN_DIGITS = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];
/** 1 → 一, 12 → 十二, 21 → 二十一 (enough for headings and list numbers). */
function chineseNumber(n: number): string {
  if (n < 10) return CN_DIGITS[n]!;
  if (n < 20) return `十${n % 10 ? CN_DIGITS[n % 10] : ''}`;
  if (n < 100) return `${CN_DIGITS[Math.floor(n / 10)]}十${n % 10 ? CN_DIGITS[n % 10] : ''}`;
  return String(n);
}

const pct = (x: number) => formatPercent(x);
const completionPct = (x: number) => formatCompletion(x);

/** 4800 亩 → "4,800 亩"; 12000 亩 → "12,000 亩（1.2万亩）"; 85 % → "85%". */
function quantity(value: number, measure: string | null): string {
  if (measure === '%') return `${formatNumber(value, 1)}%`;
  const base = `${formatNumber(value)}${measure ? ` ${measure}` : ''}`;
  if (measure === '亩' && Math.abs(value) >= 10000) return `${base}（${formatNumber(value / 10000, 4)}万亩）`;
  return base;
}

const isMilestone = (item: DossierItem) => item.target.measure === null;

const SYMBOL: Record<Comparator, string> = { '>=': '≥', '<=': '≤', '<': '<', '>': '>', '=': '=' };

/** The plan's comparator as a symbol; records issued before targets carried it are read from the value text ("＝ 0 台"). */
function comparatorOf(item: DossierItem): string | null {
  if (item.target.comparator) return SYMBOL[item.target.comparator];
  const sym = /[≥≤=＝<>]/.exec(item.target.valueText)?.[0] ?? null;
  return sym === '＝' ? '=' : sym;
}

/** "= 0" targets count what is left to do. */
const countsRemaining = (item: DossierItem) => comparatorOf(item) === '=' && item.cell.value === 0;

/** How the dossier cites the plan for an item: "第4项" (of 《方案》), or the section of a goal or provision. */
const taskRef = (item: DossierItem): string => targetCitation(item.target);

function targetValueText(item: DossierItem): string {
  if (isMilestone(item) || item.cell.value === null) return oneLine(item.target.valueText);
  const sym = comparatorOf(item);
  return `${sym ? `${sym} ` : ''}${quantity(item.cell.value, item.target.measure)}`;
}

function actualText(item: DossierItem): string {
  const { cell, target } = item;
  if (isMilestone(item)) return cell.actual === null ? '未报送' : oneLine(cell.basis) || '已报送进展';
  if (cell.actual === null) return '未报送';
  if (countsRemaining(item)) return `尚余 ${quantity(cell.actual, target.measure)}`;
  return quantity(cell.actual, target.measure);
}

function completionText(item: DossierItem): string {
  if (item.cell.completion !== null) return completionPct(item.cell.completion);
  return item.cell.actual === null ? '未报送' : '—';
}

/** What the unit has done, in words: "完成 4,800 亩", "尚有 3 台未完成", "2020年9月报送进展“推进中”". */
function actualPhrase(item: DossierItem): string {
  const { cell, target } = item;
  if (cell.actual === null) return `未报送${isMilestone(item) ? '进展' : '数据'}`;
  if (isMilestone(item)) return oneLine(cell.basis) || '已报送进展';
  if (countsRemaining(item)) return `尚有 ${quantity(cell.actual, target.measure)}未完成`;
  const cmp = comparatorOf(item);
  if (cmp === '≤' || cmp === '<') return `实际为 ${quantity(cell.actual, target.measure)}`;
  return `完成 ${quantity(cell.actual, target.measure)}`;
}

const COMPARATOR_WORDS: Record<string, string> = { '≥': '不少于', '>': '超过', '≤': '不超过', '<': '低于', '=': '' };

/** What the plan asks of the unit, in words: "按《方案》第14项，目标为不少于 12,000 亩（1.2万亩），应于2020年12月31日前完成。" */
function requirementSentence(item: DossierItem): string {
  const due = `应于${formatDateCn(item.target.deadline)}前完成`;
  if (isMilestone(item) || item.cell.value === null) return `按《方案》${taskRef(item)}，${due}。`;
  return `按《方案》${taskRef(item)}，目标为${goalPhrase(item, item.cell.value)}，${due}。`;
}

/** "不少于 12,000 亩（1.2万亩）", " 0 台". */
function goalPhrase(item: DossierItem, value: number): string {
  return `${COMPARATOR_WORDS[comparatorOf(item) ?? ''] ?? ''} ${quantity(value, item.target.measure)}`;
}

/** The numbers of one lagging target in words, after what the plan asks. */
function itemSentence(item: DossierItem, asOf: string): string {
  const { cell } = item;
  const parts = [`截至${formatDateCn(asOf)}，${actualPhrase(item)}`];
  if (cell.completion !== null) parts.push(`${isMilestone(item) ? '按进展折算完成率' : '完成率'} ${completionPct(cell.completion)}`);
  if (cell.status === 'overdue') parts.push(`截止日期已过，逾期未完成`);
  else {
    const gap = cell.completion === null ? 0 : cell.timeProgress - cell.completion;
    parts.push(gap > 0.0005 ? `低于时序进度 ${pct(cell.timeProgress)} ${(gap * 100).toFixed(1)} 个百分点` : `时序进度 ${pct(cell.timeProgress)}`);
  }
  if (item.monthsBehind >= 2) parts.push(`已连续 ${item.monthsBehind} 个月滞后`);
  else if (item.monthsBehind === 1) parts.push('本月首次出现滞后');
  let text = `${requirementSentence(item)}${parts.join('，')}。`;
  if (cell.basis && !isMilestone(item)) text += `核算依据：${oneLine(cell.basis)}。`;
  const notes = cell.notes.map(oneLine).filter(Boolean);
  if (notes.length) text += `${notes.join('；')}。`;
  return text;
}

/** The part of a provision that names the duty: the sentence around `keyword`, from its "对……的" clause on. */
function dutyExcerpt(text: string, keyword: string): string | null {
  const at = text.indexOf(keyword);
  if (at < 0) return null;
  const sentenceStart = Math.max(...['。', '；', ';'].map((p) => text.lastIndexOf(p, at))) + 1;
  const ends = ['。', '；', ';'].map((p) => text.indexOf(p, at)).filter((i) => i >= 0);
  const end = ends.length ? Math.min(...ends) : text.length;
  let start = sentenceStart;
  for (const sep of [',对', '，对']) {
    const i = text.lastIndexOf(sep, at);
    if (i >= sentenceStart) start = Math.max(start, i + 1);
  }
  return text.slice(start, end).trim();
}

const LEVEL_NOUN: Record<Level, string> = { warning: '预警', interview: '约谈', supervision: '挂牌督办' };

const STATUS_ORDER: AssessStatus[] = ['overdue', 'seriously_lagging', 'lagging', 'no_data', 'no_target', 'on_track', 'done'];

function statusCounts(items: DossierItem[]): string {
  // counted as the briefing and the 考核评估 page count them
  const counts = countItems(items.map((i) => i.cell)).byStatus;
  return STATUS_ORDER.map((s) => ({ s, n: counts[s] }))
    .filter((x) => x.n > 0)
    .map((x) => `${STATUS_LABEL[x.s]} ${x.n} 项`)
    .join('、');
}

/** The tasks the items fall under, each once, in the order the items first name them. */
function distinctTasks(items: DossierItem[]): DossierItem[] {
  const seen = new Set<string>();
  return items.filter((i) => {
    const key = taskRef(i);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function unitName(data: DossierData): string {
  return data.unitFullName && data.unitFullName !== data.unit ? `${data.unitFullName}（${data.unit}）` : data.unit;
}

/** Marked on every page of a draft, in the page header. */
export const DRAFT_HEADER = '草稿　尚未作出问责决定，不得印发';

/** What the dossier announces, from the register: 约谈, 挂牌督办 of some targets, or both. */
interface Wording {
  interview: boolean;
  supervised: boolean;
  /** The targets put under 挂牌督办, as people read them; empty: "相关任务". */
  supervisionTargets: string[];
  /** False in a draft written before a decision: it proposes, it does not announce. */
  decided: boolean;
}

function wordingOf(data: DossierData): Wording {
  if (data.decision) return { interview: data.decision.interview.length > 0, supervised: data.decision.supervision.length > 0, supervisionTargets: data.decision.supervision, decided: true };
  if (data.decision === undefined && !data.draft) {
    // records issued before a decision was required read as they were issued
    const supervised = data.history.some((h) => h.asOf === data.asOf && h.level === 'supervision' && h.action !== 'dismiss');
    return { interview: true, supervised, supervisionTargets: [], decided: true };
  }
  const supervised = data.proposedLevel === 'supervision';
  return { interview: !supervised, supervised, supervisionTargets: [], decided: false };
}

/** 约谈, 督办, 约谈及督办: the occasion in headings and the header lines. */
function occasion(w: Wording): string {
  return w.interview && w.supervised ? '约谈及督办' : w.supervised ? '督办' : '约谈';
}

/** "“A”任务", "“A”、“B” 2 项任务", "“A”、“B”等 5 项任务", "相关任务". */
function targetsPhrase(targets: string[]): string {
  const q = (t: string) => `“${oneLine(t)}”`;
  if (targets.length === 0) return '相关任务';
  if (targets.length === 1) return `${q(targets[0]!)}任务`;
  if (targets.length <= 3) return `${targets.map(q).join('、')} ${targets.length} 项任务`;
  return `${q(targets[0]!)}、${q(targets[1]!)}等 ${targets.length} 项任务`;
}

/** "决定对平定县主要负责同志进行约谈，并对“……”任务挂牌督办", or in a draft "拟……". */
function actionClause(data: DossierData, w: Wording): string {
  const parts: string[] = [];
  if (w.interview) parts.push(`对${data.unit}主要负责同志进行约谈`);
  if (w.supervised) parts.push(`${w.interview ? '并对' : `对${data.unit}`}${targetsPhrase(w.supervisionTargets)}挂牌督办`);
  return `${officeOf(data)}${w.decided ? '决定' : '拟'}${parts.join('，')}`;
}

function reasonBlocks(data: DossierData): Block[] {
  const asOf = formatDateCn(data.asOf);
  const tasks = distinctTasks(data.items);
  const first = [
    `根据《${data.planTitle}》（${data.planNumber}，以下简称《方案》）和${formatMonthCn(data.month)}攻坚任务考核评估结果，截至${asOf}，${data.unit}承担的攻坚任务中有 ${data.items.length} 项目标未按序时进度完成`,
  ];
  if (data.items.length) first.push(`其中${statusCounts(data.items)}，涉及《方案》${tasks.map((t) => `${taskRef(t)}（${t.taskTitle}）`).join('、')}`);
  let text = `${first.join('，')}。`;
  const repeated = data.items.filter((i) => i.monthsBehind >= 2);
  if (repeated.length === 1) text += `“${oneLine(repeated[0]!.target.description)}”已连续 ${repeated[0]!.monthsBehind} 个月滞后。`;
  else if (repeated.length > 1) text += `${repeated.map((i) => `“${oneLine(i.target.description)}”`).join('、')}均已连续 2 个月以上滞后。`;
  // decisions of the month the dossier is about are its occasion, not its history
  const earlier = data.history.filter((h) => h.level !== null && h.action !== 'dismiss' && h.asOf < data.asOf);
  if (earlier.length) {
    // one clause per assessment: "2020年8月31日的考核中对其作出预警 2 项、约谈 3 项"
    const dates = [...new Set(earlier.map((h) => h.asOf))].sort();
    const perDate = dates.map((d) => {
      const levels = (['warning', 'interview', 'supervision'] as Level[]).flatMap((l) => {
        const n = earlier.filter((h) => h.asOf === d && h.level === l).length;
        return n ? [`${LEVEL_NOUN[l]} ${n} 项`] : [];
      });
      return `${formatDateCn(d)}的考核中对其作出${levels.join('、')}`;
    });
    text += `此前，${officeOf(data)}已在${perDate.join('；')}（详见第五部分）。`;
  }
  const w = wordingOf(data);
  const guidance = dutyExcerpt(data.guidanceClause, '预警');
  const accountability = dutyExcerpt(data.accountabilityClause, '约谈');
  const duties: string[] = [];
  if (guidance && data.guidanceCode) duties.push(`《方案》${data.guidanceCode}要求“${guidance}”`);
  if (accountability && data.accountabilityCode) duties.push(`${duties.length ? '' : '《方案》'}${data.accountabilityCode}规定“${accountability}”`);
  const pending = w.decided ? '' : '（问责台账中尚未作出约谈或挂牌督办决定，本材料为草稿）';
  const codes = [data.guidanceCode, data.accountabilityCode].filter((c): c is string => c !== null);
  const basis = duties.length ? `${duties.join('，')}。依据上述规定` : codes.length ? `依据《方案》${codes.join('、')}的规定` : '依据《方案》有关规定';
  const second = `${basis}，${actionClause(data, w)}，督促其压实责任、限期整改${pending}。`;
  return [
    { kind: 'heading', level: 1, text: `一、${occasion(w)}事由` },
    { kind: 'para', runs: [{ text }] },
    { kind: 'para', runs: [{ text: second }] },
  ];
}

const PROGRESS_COLUMNS: Column[] = [
  { title: '序号', widthMm: 10, align: 'center' },
  { title: '任务', widthMm: 17, align: 'center' },
  { title: '目标', widthMm: 28, align: 'left' },
  { title: '目标值', widthMm: 24, align: 'center' },
  { title: '实际完成', widthMm: 22, align: 'center' },
  { title: '完成率', widthMm: 14, align: 'center' },
  { title: '时序进度', widthMm: 17, align: 'center' },
  { title: '状态', widthMm: 12, align: 'center' },
  { title: '连续滞后月数', widthMm: 12, align: 'center' },
];

const cellOf = (t: string, bold = false): Cell => ({ runs: [{ text: t, ...(bold ? { bold } : {}) }] });

function progressBlocks(data: DossierData): Block[] {
  const blocks: Block[] = [{ kind: 'heading', level: 1, text: '二、滞后任务及完成情况' }];
  if (!data.items.length) {
    blocks.push({ kind: 'para', runs: [{ text: `截至${formatDateCn(data.asOf)}，未发现滞后目标。` }] });
    return blocks;
  }
  blocks.push({ kind: 'para', runs: [{ text: `截至${formatDateCn(data.asOf)}，${data.unit}滞后目标的完成情况见下表。` }], keepNext: true });
  blocks.push({
    kind: 'table',
    columns: PROGRESS_COLUMNS,
    rows: data.items.map((item, i) => [
      cellOf(String(i + 1)),
      { runs: [{ text: taskRef(item) }], sub: item.taskTitle },
      cellOf(oneLine(item.target.description)),
      { runs: [{ text: targetValueText(item) }], sub: `${formatDateCn(item.target.deadline)}前` },
      cellOf(actualText(item)),
      cellOf(completionText(item)),
      cellOf(pct(item.cell.timeProgress)),
      cellOf(STATUS_LABEL[item.cell.status], item.cell.status === 'overdue' || item.cell.status === 'seriously_lagging'),
      cellOf(String(item.monthsBehind)),
    ]),
  });
  data.items.forEach((item, i) => {
    blocks.push({
      kind: 'para',
      runs: [
        { text: `${i + 1}．${oneLine(item.target.description)}（${STATUS_LABEL[item.cell.status]}）。`, bold: true },
        { text: itemSentence(item, data.asOf) },
      ],
    });
  });
  return blocks;
}

/**
 * A clause the plan wrote over several paragraphs stays several paragraphs, each one quote run; as GB/T 15834 has
 * it, every paragraph opens with a quotation mark and only the last one closes.
 */
function quoteBlocks(clause: string): Block[] {
  const paras = clause
    .split(/\r?\n/)
    .map((p) => p.trim())
    .filter(Boolean);
  return paras.map((p, i) => ({ kind: 'quote', text: `“${p}${i === paras.length - 1 ? '”' : ''}` }));
}

function clauseBlocks(data: DossierData): Block[] {
  const blocks: Block[] = [
    { kind: 'heading', level: 1, text: '三、违反的方案条款' },
    { kind: 'para', runs: [{ text: `上述目标未按期、按序时完成，不符合《方案》下列规定：` }], keepNext: true },
  ];
  for (const item of distinctTasks(data.items)) {
    blocks.push({ kind: 'para', runs: [{ text: `《方案》${taskRef(item)}（${item.taskTitle}）：`, bold: true }], keepNext: true });
    blocks.push(...quoteBlocks(item.clause));
  }
  // a plan without a provision for 约谈 or 预警 is quoted for its tasks only
  for (const [code, clause] of [
    [data.accountabilityCode, data.accountabilityClause],
    [data.guidanceCode, data.guidanceClause],
  ] as const) {
    if (!code || !clause) continue;
    blocks.push({ kind: 'para', runs: [{ text: `《方案》${code}：`, bold: true }], keepNext: true });
    blocks.push(...quoteBlocks(clause));
  }
  return blocks;
}

const EVIDENCE_COLUMNS: Column[] = [
  { title: '序号', widthMm: 10, align: 'center' },
  { title: '来源文件', widthMm: 46, align: 'left' },
  { title: '工作表、行号', widthMm: 20, align: 'center' },
  { title: '主要内容', widthMm: 56, align: 'left' },
  { title: '问题', widthMm: 24, align: 'left' },
];

/**
 * How wide a file name may be, in characters (Latin letters and digits count half), to stay on two lines of the
 * 来源文件 column in 小五 (about 13.5 a line in its 42 mm of text); a little is left for lines that break early at a Latin word.
 */
export const EVIDENCE_FILE_EMS = 24;

/** A file name that fits `maxEms`: the middle gives way to "…", the start (unit, ledger, month) and the extension stay. */
export function shortFileName(name: string, maxEms = EVIDENCE_FILE_EMS): string {
  if (ems(name) <= maxEms) return name;
  const chars = [...name];
  const dot = name.lastIndexOf('.');
  const ext = dot > 0 && name.length - dot <= 6 ? [...name.slice(dot)] : [];
  const stem = chars.slice(0, chars.length - ext.length);
  // the end of the stem keeps about a third of the room: it often says 更正, 第二版 or the submitter
  let tailEms = Math.max(0, Math.floor((maxEms - 1 - ems(ext.join(''))) / 3));
  const tail: string[] = [];
  for (let i = stem.length - 1; i >= 0 && ems(stem[i]!) <= tailEms; i--) {
    tailEms -= ems(stem[i]!);
    tail.unshift(stem[i]!);
  }
  let room = maxEms - 1 - ems([...tail, ...ext].join(''));
  const head: string[] = [];
  for (const ch of stem) {
    if (ems(ch) > room) break;
    room -= ems(ch);
    head.push(ch);
  }
  return `${head.join('')}…${tail.join('')}${ext.join('')}`;
}

/** 行号 as the evidence cell shows it: 第5行. */
const rowLabel = (row: number) => `第${row}行`;

function evidenceRow(e: EvidenceRow, i: number, unit: string): Cell[] {
  // the dossier is about one unit; a row filed under another (a city figure's county rows) says whose it is
  const whose = e.unit && e.unit !== unit ? `单位：${oneLine(e.unit)}；` : '';
  const content = whose + e.cells
    .filter((c) => c.value.trim() !== '')
    .map((c) => `${oneLine(c.label)}：${oneLine(c.value)}；`)
    .join('');
  const problems = e.problems.map(oneLine).filter(Boolean).join('；');
  const problemRuns: Run[] = [];
  if (e.holdsBack) problemRuns.push({ text: '拖后腿', bold: true });
  if (problems) problemRuns.push({ text: `${e.holdsBack ? '：' : ''}${problems}` });
  if (!problemRuns.length) problemRuns.push({ text: '—' });
  return [
    cellOf(String(i + 1), e.holdsBack),
    { runs: [{ text: shortFileName(oneLine(e.file)), small: true }], ...(e.importedAt ? { sub: `${oneLine(e.importedAt)}导入` } : {}) },
    { runs: [{ text: oneLine(e.sheet) }], sub: rowLabel(e.row) },
    cellOf(content || '—'),
    { runs: problemRuns },
  ];
}

function evidenceBlocks(data: DossierData): Block[] {
  const blocks: Block[] = [
    { kind: 'heading', level: 1, text: '四、证据清单' },
    {
      kind: 'para',
      runs: [{ text: `以下台账行是核算各项目标完成情况的依据，均注明来源文件、工作表和行号，可在工作区中逐行追溯；标“拖后腿”的行是拉低完成情况的记录。` }],
    },
  ];
  data.items.forEach((item, i) => {
    blocks.push({ kind: 'heading', level: 2, text: `（${chineseNumber(i + 1)}）${oneLine(item.target.description)}（${taskRef(item)}）` });
    if (!item.evidence.length) {
      blocks.push({ kind: 'para', runs: [{ text: item.evidenceTotal > 0 ? `共 ${item.evidenceTotal} 行台账记录，详见工作区台账（${taskRef(item)}目标）。` : '未取得对应的台账明细行（未报送或无对应台账）。' }] });
      return;
    }
    const held = item.heldBackTotal ?? 0;
    const listed = item.evidence.length;
    const intro = held
      ? `共 ${item.evidenceTotal} 行台账记录，其中拖后腿（未完成）${held} 行${held > listed ? `，列出前 ${listed} 行` : '，逐行列出'}；其余 ${item.evidenceTotal - held} 行已计入完成数，可在工作区中查看：`
      : `共 ${item.evidenceTotal} 行台账记录${item.evidenceTotal > listed ? `，列出 ${listed} 行` : ''}：`;
    blocks.push({ kind: 'para', runs: [{ text: intro }], keepNext: true });
    blocks.push({ kind: 'table', columns: EVIDENCE_COLUMNS, rows: item.evidence.map((e, n) => evidenceRow(e, n, data.unit)) });

    const rest = (held || item.evidenceTotal) - listed;
    if (rest > 0) {
      blocks.push({ kind: 'para', runs: [{ text: `另有 ${rest} 行${held ? '拖后腿的记录' : ''}，详见工作区台账（${taskRef(item)}目标“${oneLine(item.target.description)}”）。` }] });
    }
  });
  // names shortened in the tables are written out in full once, so every row still leads to its file
  const shortened = [...new Set(data.items.flatMap((item) => item.evidence.map((e) => oneLine(e.file))))].filter((f) => shortFileName(f) !== f);
  if (shortened.length) {
    blocks.push({ kind: 'para', runs: [{ text: `表中从中间省略的来源文件名，全名如下：${shortened.map((f, n) => `${n + 1}．${f}`).join('；')}。` }] });
  }
  return blocks;
}

const ACTION_LABEL: Record<DossierHistory['action'], string> = { confirm: '确认', downgrade: '降级', dismiss: '驳回' };

const HISTORY_COLUMNS: Column[] = [
  { title: '日期', widthMm: 33, align: 'center' },
  { title: '级别', widthMm: 16, align: 'center' },
  { title: '处理', widthMm: 14, align: 'center' },
  { title: '状态', widthMm: 20, align: 'center' },
  { title: '理由', widthMm: 73, align: 'left' },
];

function historyBlocks(data: DossierData): Block[] {
  const blocks: Block[] = [{ kind: 'heading', level: 1, text: '五、预警及问责记录' }];
  if (!data.history.length) {
    blocks.push({ kind: 'para', runs: [{ text: '问责台账中没有对该单位的预警或问责记录。' }] });
    return blocks;
  }
  const history = [...data.history].sort((a, b) => a.asOf.localeCompare(b.asOf) || a.decidedAt.localeCompare(b.decidedAt));
  const counted = history.filter((h) => h.level !== null && h.action !== 'dismiss');
  const byLevel = (['warning', 'interview', 'supervision'] as const)
    .map((l) => ({ l, n: counted.filter((h) => h.level === l).length }))
    .filter((x) => x.n > 0)
    .map((x) => `${LEVEL_LABEL[x.l]} ${x.n} 项`);
  blocks.push({
    kind: 'para',
    runs: [{ text: `${byLevel.length ? `截至本材料印发，问责台账中已对${data.unit}作出${byLevel.join('、')}` : `问责台账中对${data.unit}的问责建议均未确认`}，记录如下。` }],
    keepNext: true,
  });
  blocks.push({
    kind: 'table',
    columns: HISTORY_COLUMNS,
    rows: history.map((h) => {
      const reason = oneLine(h.proposalReason);
      const decided = oneLine(h.reason);
      return [
        cellOf(formatDateCn(h.asOf)),
        cellOf(h.level ? LEVEL_LABEL[h.level] : '—'),
        cellOf(ACTION_LABEL[h.action]),
        cellOf((DECISION_STATUS_LABEL as Record<string, string>)[h.status] ?? oneLine(h.status)),
        { runs: [{ text: reason || decided || '—' }], ...(decided && reason && decided !== reason ? { sub: `处理意见：${decided}` } : {}) },
      ];
    }),
  });
  return blocks;
}

function demandFor(item: DossierItem, by: string): string {
  const what = oneLine(item.target.description);
  const deadline = formatDateCn(item.target.deadline);
  if (item.cell.actual === null) return `于${by}前，补报“${what}”的台账数据和进展，逐项核实后按要求推进，并报送整改报告。`;
  if (isMilestone(item) || item.cell.value === null) {
    return `于${by}前，完成“${what}”（原定${deadline}前完成${item.cell.status === 'overdue' ? '，现已逾期' : ''}），报送佐证材料（文件、文号）和整改报告。`;
  }
  const remaining = countsRemaining(item);
  if (item.cell.status === 'overdue') {
    const left = remaining ? `尚余 ${quantity(item.cell.actual, item.target.measure)}` : `目标为${goalPhrase(item, item.cell.value)}`;
    return `于${by}前，完成“${what}”（原定${deadline}前完成，现已逾期，${left}），并报送整改报告。`;
  }
  const goal = remaining ? '全部完成' : `完成${goalPhrase(item, item.cell.value).trim()}的目标`;
  return `于${by}前，加快推进“${what}”，使完成量达到时序进度要求，确保${deadline}前${goal}，并报送整改报告。`;
}

function demandBlocks(data: DossierData): Block[] {
  const by = formatDateCn(data.rectifyBy);
  const demands = data.items.map((item) => demandFor(item, by));
  if (data.items.some((i) => i.evidence.some((e) => e.problems.length > 0))) {
    demands.push(`于${by}前，对证据清单中标注问题的台账行逐一核实、更正，并重新报送台账。`);
  }
  demands.push(
    `于${by}前，向${officeOf(data)}报送书面整改报告，逐项说明滞后原因、整改措施、责任人和完成时限；整改报告须经主要负责同志签字。`,
    // a unit already under 挂牌督办 is not threatened with it again
    `整改期间，随每月台账报送整改进展；整改完成后申请销号。逾期未完成整改的，依据《方案》${data.accountabilityCode ?? '有关规定'}${wordingOf(data).supervised ? '' : '组织开展专项督察、挂牌督办，'}追责问责。`,
  );
  return [
    { kind: 'heading', level: 1, text: '六、整改要求' },
    { kind: 'para', runs: [{ text: `请${data.unit}对照上述问题，于${by}前完成以下整改：` }], keepNext: true },
    ...demands.map((d, i): Block => ({ kind: 'para', runs: [{ text: `${i + 1}．${d}` }] })),
    { kind: 'para', runs: [{ text: `整改期限：${by}。`, bold: true }] },
  ];
}

/** Width in characters of 16-point Chinese text: Latin letters and digits take half. */
function ems(text: string): number {
  return [...text].reduce((w, ch) => w + (ch.codePointAt(0)! < 0x2000 ? 0.5 : 1), 0);
}

/** A title too long for one line (about 20 characters of 二号 on the 156 mm line) breaks before its last 的 ("…的约谈材料"). */
export function titleLines(title: string, perLine = 20): string[] {
  if (ems(title) <= perLine) return [title];
  const at = title.lastIndexOf('的');
  if (at > 0 && ems(title.slice(0, at)) <= perLine && ems(title.slice(at)) <= perLine && ems(title.slice(0, at)) >= perLine / 2) return [title.slice(0, at), title.slice(at)];
  return [title];
}

/** The signature lines, right-aligned two characters in and centred under one another. */
function centredOnOneAxis(lines: string[]): { text: string; rightChars: number }[] {
  const longest = Math.max(...lines.map((l) => [...l].length));
  return lines.map((text) => ({ text, rightChars: 2 + (longest - [...text].length) / 2 }));
}

/** The whole dossier, top to bottom. */
export function dossierBlocks(data: DossierData): Block[] {
  const issued = beijingDate(data.issuedAt);
  const w = wordingOf(data);
  const who = w.interview ? '约谈' : '督办';
  return [
    { kind: 'title', lines: titleLines(oneLine(data.title)) },
    ...(data.docNumber ? [{ kind: 'para', align: 'center', runs: [{ text: data.docNumber }] } as Block] : []),
    { kind: 'subtitle', text: `（截至${formatDateCn(data.asOf)}）${data.demo ? DEMO_NOTICE : ''}` },
    { kind: 'para', runs: [{ text: `${who}对象：`, bold: true }, { text: unitName(data) }] },
    { kind: 'para', runs: [{ text: '主要负责同志：', bold: true }, { text: '__________（职务）' }] },
    { kind: 'para', runs: [{ text: `${who}单位：`, bold: true }, { text: officeOf(data) }] },
    { kind: 'para', runs: [{ text: w.interview ? '约谈时间：' : '挂牌时间：', bold: true }, { text: '____年__月__日' }] },
    { kind: 'para', runs: [{ text: '依据文件：', bold: true }, { text: `《${data.planTitle}》（${data.planNumber}）` }] },
    ...reasonBlocks(data),
    ...progressBlocks(data),
    ...clauseBlocks(data),
    ...evidenceBlocks(data),
    ...historyBlocks(data),
    ...demandBlocks(data),
    { kind: 'signature', lines: centredOnOneAxis([officeOf(data), formatDateCn(issued)]) },
    // 版记: 抄送, then the issuing office and the date it is issued
    ...(data.copyRecipients ? [{ kind: 'note', text: `抄送：${data.copyRecipients}。` } as Block] : []),
    ...(data.office ? [{ kind: 'note', text: `${data.office}\u3000\u3000${formatDateCn(issued)}印发` } as Block] : []),
    {
      kind: 'note',
      text: `${data.draft ? '本材料为草稿，未经问责决定，不得印发。' : ''}本材料依据第 ${data.runId} 号考核评估（截至${formatDateCn(data.asOf)}）生成，生成人：${data.issuer}，生成日期：${formatDateCn(issued)}；证据行可在工作区中追溯。`,
    },
  ];
}
