// The words a plan workbook uses for the plan's coded fields, and what each coded value may be combined with:
// one table read by the workbook writer (drop-downs, 填写说明) and by the reader and validator (labels back to codes).
import {
  AGGREGATION_LABEL,
  COMPARATORS,
  DEADLINE_BASIS_LABEL,
  LEDGER_KINDS,
  LEDGER_LABEL,
  SCOPE_LABEL,
  STRENGTH_LABEL,
  UNIT_KIND_LABEL,
  UNIT_KINDS,
  type Aggregation,
  type Comparator,
  type DeadlineBasis,
  type LedgerKind,
  type ReportedBy,
  type Strength,
  type TargetScope,
  type UnitKind,
  type ValueSource,
} from '../../../shared/models';

export const COMPARATOR_WORD: Record<Comparator, string> = {
  '>=': '不低于（≥）',
  '<=': '不高于（≤）',
  '<': '低于（<）',
  '>': '高于（>）',
  '=': '等于（=）',
};

export const REPORTED_BY_LABEL: Record<ReportedBy, string> = { units: '各责任单位报送', lead: '牵头单位报送' };
export const VALUE_SOURCE_LABEL: Record<ValueSource, string> = { plan: '方案给定', allocation: '另行分解下达' };

/** 决战目标 are grouped as the plan groups them; syncPlan writes these two sections. */
export const GOAL_GROUPS: Record<string, string> = { '二(一)': '约束性指标', '二(二)': '争取性指标' };

/**
 * What a detailed ledger can compute for a target (the assessment's ledgerMeasure): the measure the figure comes in
 * and the comparators that make sense for it. Indicator and milestone ledgers carry whatever the plan names.
 */
export interface Measurement {
  code: string;
  ledger: Exclude<LedgerKind, 'indicator' | 'milestone'>;
  label: string;
  measure: string;
  comparators: readonly Comparator[];
}

export const MEASUREMENTS: readonly Measurement[] = [
  { code: 'mine.builtupClosedRate', ledger: 'mine', label: '建成区及周边露天矿山关闭率', measure: '%', comparators: ['>=', '>', '='] },
  { code: 'mine.restoredMu', ledger: 'mine', label: '废弃露天矿山治理面积（累计）', measure: '亩', comparators: ['>=', '>'] },
  { code: 'boiler.smallCoalRemaining', ledger: 'boiler', label: '35蒸吨以下燃煤锅炉剩余台数', measure: '台', comparators: ['=', '<=', '<'] },
  { code: 'boiler.gasRetrofitRate', ledger: 'boiler', label: '燃气锅炉低氮改造完成率', measure: '%', comparators: ['>=', '>', '='] },
  { code: 'vehicle.eligibleRetired', ledger: 'vehicle', label: '国三及以下柴油货车淘汰数（累计）', measure: '辆', comparators: ['>=', '>'] },
  { code: 'permit.coverage', ledger: 'permit', label: '排污许可发证登记覆盖率', measure: '%', comparators: ['>=', '>', '='] },
];

/**
 * Measures a plan target is written in. A concentration or a deposition rate is a ceiling, never a floor to reach;
 * a measure not listed here is taken as a plain figure (any comparator), with a warning to check it.
 */
const ANY: readonly Comparator[] = COMPARATORS;
const CEILING: readonly Comparator[] = ['<=', '<'];
export const MEASURES: readonly { measure: string; comparators: readonly Comparator[] }[] = [
  { measure: '%', comparators: ANY },
  { measure: 'μg/m³', comparators: CEILING },
  { measure: 'mg/m³', comparators: CEILING },
  { measure: '吨/月·平方公里', comparators: CEILING },
  { measure: '天', comparators: ANY },
  { measure: '万吨', comparators: ANY },
  { measure: '吨', comparators: ANY },
  { measure: '亩', comparators: ANY },
  { measure: '户', comparators: ANY },
  { measure: '台', comparators: ANY },
  { measure: '辆', comparators: ANY },
  { measure: '个', comparators: ANY },
  { measure: '座', comparators: ANY },
  { measure: '家', comparators: ANY },
  { measure: '名', comparators: ANY },
  { measure: '次', comparators: ANY },
  { measure: '公里', comparators: ANY },
  { measure: '蒸吨/小时', comparators: ANY },
];

export const YES_NO = ['是', '否'] as const;

/** A code ↔ Chinese label table, read back leniently: the label, the code itself, or the label without its bracket. */
export class Vocabulary<T extends string> {
  readonly labels: string[];
  constructor(private readonly table: Record<T, string>) {
    this.labels = Object.values(table);
  }
  label(code: T): string {
    return this.table[code];
  }
  code(written: string): T | null {
    const key = fold(written);
    if (!key) return null;
    for (const [code, label] of Object.entries(this.table) as [T, string][]) {
      if (fold(label) === key || fold(code) === key || fold(label.replace(/（.*）$/u, '')) === key) return code;
    }
    return null;
  }
}

function fold(s: string): string {
  return s.normalize('NFKC').replace(/\s+/g, '').toLowerCase();
}

const record = <T extends string>(codes: readonly T[], label: (c: T) => string) =>
  Object.fromEntries(codes.map((c) => [c, label(c)])) as Record<T, string>;

export const VOCAB = {
  comparator: new Vocabulary<Comparator>({ ...COMPARATOR_WORD }),
  ledger: new Vocabulary<LedgerKind>(record(LEDGER_KINDS, (k) => LEDGER_LABEL[k])),
  aggregation: new Vocabulary<Aggregation>({ ...AGGREGATION_LABEL }),
  scope: new Vocabulary<TargetScope>({ ...SCOPE_LABEL }),
  strength: new Vocabulary<Strength>({ ...STRENGTH_LABEL }),
  deadlineBasis: new Vocabulary<DeadlineBasis>({ ...DEADLINE_BASIS_LABEL }),
  reportedBy: new Vocabulary<ReportedBy>({ ...REPORTED_BY_LABEL }),
  valueSource: new Vocabulary<ValueSource>({ ...VALUE_SOURCE_LABEL }),
  unitKind: new Vocabulary<UnitKind>(record(UNIT_KINDS, (k) => UNIT_KIND_LABEL[k])),
  measurement: new Vocabulary<string>(Object.fromEntries(MEASUREMENTS.map((m) => [m.code, m.label]))),
};

/** Comparator symbols people type instead of the drop-down's words. */
export function comparatorCode(written: string): Comparator | null {
  const s = written.normalize('NFKC').replace(/\s+/g, '');
  const symbols: Record<string, Comparator> = { '≥': '>=', '>=': '>=', '≤': '<=', '<=': '<=', '<': '<', '>': '>', '=': '=', '==': '=' };
  return symbols[s] ?? VOCAB.comparator.code(written);
}
