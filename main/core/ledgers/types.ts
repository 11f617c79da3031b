import type { LedgerKind } from '../../../shared/models';

export type FieldType = 'unit' | 'text' | 'number' | 'date' | 'yesno' | 'enum' | 'uscc' | 'plate' | 'vin' | 'period';

/** How a measure written in a header converts to the field's canonical one (面积（公顷） → × 15 亩). */
export interface MeasureConversion {
  /** Spellings in the header, e.g. 公顷, hm², ha. */
  names: string[];
  factor: number;
}

export interface FieldDef {
  key: string;
  /** Canonical header, as in the templates. */
  label: string;
  type: FieldType;
  required?: boolean;
  /** Header spellings (without measure suffix) that mean this field. */
  synonyms: string[];
  /** For enums: canonical value → spellings that mean it. */
  values?: Record<string, string[]>;
  /** Canonical measure of a numeric field and the other measures a header may state. */
  measure?: { canonical: string; canonicalNames: string[]; others?: MeasureConversion[] };
  /** Numbers below zero are impossible for this field. */
  nonNegative?: boolean;
  /** The largest value one object can have, in the canonical measure, and why, as the submitter reads it. */
  max?: { value: number; reason: string };
  /** An event date: must fall between 2015 and the end of the reporting month. */
  eventDate?: boolean;
  /** Identifies the row's object for duplicate checks. */
  duplicateKey?: boolean;
  /** Holds a target of the plan: stored as its code, shown and offered by its name. */
  planTarget?: boolean;
}

export type RowValues = Record<string, string | number | boolean | null>;

export interface RowIssue {
  severity: 'error' | 'warning';
  code: string;
  field: string | null;
  message: string;
}

export interface LedgerDef {
  kind: LedgerKind;
  label: string;
  /** Words that name the ledger in a title or file name. */
  titleWords: string[];
  fields: FieldDef[];
  /** The field naming each object (矿山名称, 锅炉编号…): a table without it is a summary, not a ledger. */
  identity: string;
  /** Which field holds the row's unit (县区 or 单位). */
  unitField: string;
  /** Rules across the fields of one row. */
  rowRules?: (row: RowValues) => RowIssue[];
}
