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
  return { def, exact, byLength };
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

export const SERIAL_HEADERS = new Set(['序号', '序', 'NO', 'NO.', '编号序号', '排序']);
