import type { FieldDef, LedgerDef } from '../ledgers/types';
import { LEDGER_LIST } from '../ledgers';

const REQUIRED_MARKS = /[*＊※△▲★☆]/g;

/** Header text reduced to what identifies the field: NFKC, no spaces, line breaks or required-marks. */
export function normalizeHeader(text: string): string {
  return text.normalize('NFKC').replace(REQUIRED_MARKS, '').replace(/\s+/g, '').replace(/[:：]$/, '');
}

/** "面积(亩)" → { base: "面积", bracket: "亩" }; "(单位:万元)" brackets give "万元". */
export function splitMeasure(normalized: string): { base: string; bracket: string | null } {
  const m = /^(.*?)[([{【]([^()[\]{}【】]*)[)\]}】]$/.exec(normalized);
  if (!m || !m[1]) return { base: normalized, bracket: null };
  return { base: m[1], bracket: m[2]!.replace(/^(计量)?单位[:：]?/, '') };
}

export interface FieldMatch {
  field: FieldDef;
  /** How sure: an exact synonym beats a synonym found inside longer header text, which beats less of it. */
  quality: number;
  /** Multiplier from the header's measure to the field's canonical one. */
  factor: number;
  /** The header states a measure we cannot convert: the column must not be read as if it were canonical. */
  unknownMeasure: string | null;
  exact: boolean;
}

interface KindIndex {
  def: LedgerDef;
  /** The ledger's own object words (锅炉, 露天矿山…), longest first: a group that starts with one says no more for it. */
  objectWords: string[];
  exact: Map<string, FieldDef>;
  /** Synonyms longest first, for headers that wrap a synonym in more words. */
  byLength: { syn: string; field: FieldDef }[];
}

function buildIndex(def: LedgerDef): KindIndex {
  const exact = new Map<string, FieldDef>();
  const byLength: { syn: string; field: FieldDef }[] = [];
  for (const f of def.fields) {
    for (const s of [f.label, ...f.synonyms]) {
      const n = normalizeHeader(s);
      if (!exact.has(n)) exact.set(n, f);
      byLength.push({ syn: n, field: f });
    }
  }
  byLength.sort((a, b) => b.syn.length - a.syn.length);
  return { def, objectWords: [...def.titleWords].sort((a, b) => b.length - a.length), exact, byLength };
}

const INDEXES = new Map(LEDGER_LIST.map((d) => [d.kind, buildIndex(d)]));

function measureFactor(field: FieldDef, bracket: string | null): { factor: number; unknown: string | null } {
  if (!field.measure || !bracket) return { factor: 1, unknown: null };
  const b = bracket.toLowerCase();
  if (field.measure.canonicalNames.some((n) => n.toLowerCase() === b)) return { factor: 1, unknown: null };
  for (const o of field.measure.others ?? []) if (o.names.some((n) => n.toLowerCase() === b)) return { factor: o.factor, unknown: null };
  return { factor: 1, unknown: bracket };
}

/**
 * Words that make a header something else than the field its synonym suggests: 计划关闭时间 is no closing
 * date, 所在地址 is no 县区, 号牌种类 is no plate number.
 */
function excluded(f: FieldDef, header: string): boolean {
  if (f.type === 'date' && /(计划|预计|拟|应于|要求|期限)/.test(header)) return true;
  if (f.type === 'unit' && /(地址|地点|位置|门牌|详细)/.test(header)) return true;
  if ((f.type === 'plate' || f.type === 'vin') && /(种类|类型|颜色|类别)/.test(header)) return true;
  return false;
}

/** Which field of `kind` a header names, if any. `candidates` are the texts to try, most specific first. */
export function matchHeader(kind: LedgerDef['kind'], candidates: string[]): FieldMatch | null {
  const idx = INDEXES.get(kind)!;
  for (const raw of candidates) {
    const n = normalizeHeader(raw);
    if (!n) continue;
    const whole = idx.exact.get(n);
    if (whole) return { field: whole, factor: 1, unknownMeasure: null, exact: true, quality: 3 };
    const { base, bracket } = splitMeasure(n);
    const f = idx.exact.get(base);
    if (f) {
      const m = measureFactor(f, bracket);
      // a bracket that is not a measure ("锅炉编号(使用登记证号)") is just part of the name
      if (m.unknown && !f.measure) return { field: f, factor: 1, unknownMeasure: null, exact: true, quality: 3 };
      return { field: f, factor: m.factor, unknownMeasure: m.unknown, exact: true, quality: 3 };
    }
  }
  for (const raw of candidates) {
    const whole = normalizeHeader(raw);
    const { base, bracket } = splitMeasure(whole);
    // "所在县（区）" holds the synonym "县(区)" whole; "锅炉额定蒸发量（MW）" holds "额定蒸发量" before its measure
    const inWhole = whole.length >= 2 ? idx.byLength.find((x) => x.syn.length >= 2 && x.syn.includes('(') && whole.includes(x.syn) && !excluded(x.field, whole)) : undefined;
    if (inWhole) return { field: inWhole.field, factor: 1, unknownMeasure: null, exact: false, quality: 1 + inWhole.syn.length / whole.length };
    if (base.length < 2) continue;
    const hit = idx.byLength.find((x) => x.syn.length >= 2 && base.includes(x.syn) && !excluded(x.field, base));
    if (hit) {
      const m = measureFactor(hit.field, bracket);
      return { field: hit.field, factor: m.factor, unknownMeasure: hit.field.measure ? m.unknown : null, exact: false, quality: 1 + hit.syn.length / base.length };
    }
  }
  return null;
}

// What a group header adds without narrowing its children: 锅炉基本情况 says no more than 锅炉
const GROUP_FILLER = /(基本情况|有关情况|相关情况|主要情况|基本信息|相关信息|有关信息|主要信息|基本概况|情况|信息|概况)$/;
// Groups that only say whose data follows, once the ledger's own object word (锅炉, 矿山…) is taken off
const SUBJECT_GROUPS = new Set(['', '基本', '基础', '主要', '企业', '单位', '企业单位', '使用单位', '排污单位', '所属单位', '设备', '对象', '项目']);

/** A group header without filler, asides and the ledger's object word: 锅炉低氮改造情况 → 低氮改造, 淘汰（拆除）情况 → 淘汰. */
function groupCore(idx: KindIndex, group: string): string {
  const g = group.replace(GROUP_FILLER, '').replace(/[([{【][^()[\]{}【】]*[)\]}】]/g, '');
  const object = idx.objectWords.find((w) => g.startsWith(w));
  return object ? g.slice(object.length) : g;
}

// two-character words too common to tie a group to a field
const COMMON_WORDS = new Set(['时间', '日期', '完成', '是否', '名称', '编号', '面积', '金额', '数量', '情况']);
const namesOf = new WeakMap<FieldDef, string[]>();
/** Fields that share a word with the group, or whose name the group contains: 关闭 and 关闭验收 name 关闭时间. */
function fieldsNamedBy(def: LedgerDef, core: string): FieldDef[] {
  if (core.length < 2) return [];
  const words: string[] = [];
  for (let i = 0; i + 2 <= core.length; i++) if (!COMMON_WORDS.has(core.slice(i, i + 2))) words.push(core.slice(i, i + 2));
  return def.fields.filter((f) => {
    let names = namesOf.get(f);
    if (!names) {
      names = [f.label, ...f.synonyms].map((n) => splitMeasure(normalizeHeader(n)).base);
      namesOf.set(f, names);
    }
    return names.some((n) => n.includes(core) || (n.length >= 2 && core.includes(n)) || words.some((w) => n.includes(w)));
  });
}

// Children that only a group tells apart: 完成时间 (which event?), 面积 (which area?), 是否完成 (done what?)
const GROUP_DECIDES: ReadonlySet<FieldDef['type']> = new Set(['date', 'number', 'yesno']);

/**
 * Which field a column under a group header names. 低氮改造情况 / 完成时间 is 低氮改造完成时间, so the group and
 * the child are read together first. The child alone counts for less than any group-qualified reading, and not
 * at all for a field the group contradicts: a group that names another date, amount or yes/no field (关闭情况
 * names 关闭时间) keeps 完成时间 under it from being 治理完成时间. Subject groups (锅炉基本情况, 企业信息) pass
 * the child through.
 */
export function matchUnderGroup(kind: LedgerDef['kind'], group: string, child: string): FieldMatch | null {
  const idx = INDEXES.get(kind)!;
  const def = idx.def;
  const g = splitMeasure(normalizeHeader(group));
  const s = splitMeasure(normalizeHeader(child));
  const measure = s.bracket ?? g.bracket;
  const tail = measure ? `(${measure})` : '';
  const alone = [`${s.base}${tail}`, child];
  const core = groupCore(idx, g.base);
  if (SUBJECT_GROUPS.has(core)) return matchHeader(kind, [...alone, `${g.base}${s.base}${tail}`]);

  const named = fieldsNamedBy(def, core);
  const contradicted = (m: FieldMatch) => GROUP_DECIDES.has(m.field.type) && !named.includes(m.field) && named.some((f) => f.type === m.field.type);
  const qualified = matchHeader(
    kind,
    s.base.includes(core) ? alone : [`${core}${s.base}${tail}`, `${s.base}${core}${tail}`, `${g.base}${s.base}${tail}`],
  );
  const single = matchHeader(kind, alone);
  if (qualified && !contradicted(qualified)) {
    if (qualified.exact) return qualified;
    // a loose reading must owe something to both: 低氮改造排放浓度 holds a synonym in its group only, 验收完成时间 in its child only
    const byGroup = matchHeader(kind, [core]);
    if (byGroup?.field !== qualified.field && single?.field !== qualified.field) return qualified;
  }
  if (!single || contradicted(single)) return null;
  return { ...single, quality: single.quality * 0.3 };
}

export const SERIAL_HEADERS = new Set(['序号', '序', 'NO', 'NO.', '编号序号', '排序']);
