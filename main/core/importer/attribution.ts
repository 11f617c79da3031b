// Who sent a file, and whose rows are in it: two questions. The rows belong to the unit in their 县区 column,
// or to the county a sheet is named or titled for, or else to the submitter; the submitter is whoever the file
// says sent it, or — for a department's multi-county file that names nobody — the lead department of the plan
// task the ledger serves.
import { LEDGER_LABEL, type LedgerKind, type TargetView } from '../../../shared/models';
import type { LedgerDef } from '../ledgers/types';
import type { PlanIndex } from '../plan/planIndex';
import type { UnitIndex } from '../units/unitIndex';
import type { TableLayout } from './tableDetect';
import { cellText, isBlank, parsePeriod } from './values';
import type { SheetGrid } from './workbookReader';

export interface DetectionSource {
  source: 'flag' | 'title' | 'file_name' | 'rows' | 'headers' | 'lead' | 'foreign' | 'sheet';
  text?: string;
}

/** What a sheet's name or title says about whose rows it holds. */
export type SheetOwner = { unit: string; from: 'sheet_name' | 'sheet_title' } | { foreign: string; from: 'sheet_name' | 'sheet_title' } | null;

/** Units a sheet can stand for: a county (or 阳煤集团) by its title; by its very name, any unit that reports. */
function reportsRows(units: UnitIndex, unit: string, strict: boolean): boolean {
  const kind = units.kindOf(unit);
  if (kind === 'group' || kind === 'office' || kind === null) return false;
  return strict ? kind === 'county' || kind === 'enterprise' : true;
}

/** The county a sheet is for, from its name (城区, 盂县（9月）) or its title (矿区2020年9月锅炉台账). */
export function sheetOwner(units: UnitIndex, sheetName: string, titleText: string): SheetOwner {
  const name = sheetName.replace(/^\s*[\d一二三四五六七八九十]+[、.．\s]+/, '').trim();
  const exact = units.resolve(name);
  if (exact && reportsRows(units, exact, false)) return { unit: exact, from: 'sheet_name' };
  const inName = units.mentions(name);
  const namedUnits = inName.units.filter((u) => reportsRows(units, u, true));
  if (namedUnits.length === 1) return { unit: namedUnits[0]!, from: 'sheet_name' };
  if (namedUnits.length > 1) return null;
  const elsewhere = namedUnits.length === 0 ? (inName.foreign[0] ?? units.foreignPlace(name)) : null;
  if (elsewhere) return { foreign: elsewhere, from: 'sheet_name' };
  const inTitle = units.mentions(titleText);
  const titled = inTitle.units.filter((u) => reportsRows(units, u, true));
  if (titled.length === 1) return { unit: titled[0]!, from: 'sheet_title' };
  if (titled.length === 0 && inTitle.foreign.length > 0 && inTitle.units.length === 0) return { foreign: inTitle.foreign[0]!, from: 'sheet_title' };
  return null;
}

export type NamedSubmitter = { unit: string; from: DetectionSource } | { foreign: string; text: string; from: DetectionSource } | null;

/**
 * Who the file says sent it: the first text that names anyone decides. A place outside the city in front of a
 * bureau's name ("昔阳县市场监督管理局") names no unit of ours, whatever bureau follows.
 */
export function namedSubmitter(units: UnitIndex, texts: { source: DetectionSource['source']; text: string }[]): NamedSubmitter {
  for (const { source, text } of texts) {
    const { units: found, foreign } = units.mentions(text);
    if (found.length === 0 && foreign.length > 0) return { foreign: foreign[0]!, text: text.trim(), from: { source, text } };
    if (found.length === 0) continue;
    const counties = found.filter((u) => units.kindOf(u) === 'county');
    // a county named in the title is the submitter, whatever bureau of it filled the form in
    if (counties.length === 1) return { unit: counties[0]!, from: { source, text } };
    if (counties.length > 1) continue;
    const others = found.filter((u) => units.kindOf(u) !== 'group');
    if (others.length === 1) return { unit: others[0]!, from: { source, text } };
  }
  return null;
}

/**
 * The lead department of the plan task a ledger serves (where several departments lead, the first named).
 * For the monthly returns, which serve many tasks, the lead of the targets the rows report on, if one.
 */
export function leadDepartment(plan: PlanIndex, kind: LedgerKind, rowTargets: string[] = []): { unit: string; text: string } | null {
  const all = [...plan.targets.values()];
  const firstLead = (t: TargetView) => t.lead[0] ?? null;
  if (kind === 'indicator' || kind === 'milestone') {
    const tally = new Map<string, number>();
    for (const id of rowTargets) {
      const lead = plan.targets.get(id) ? firstLead(plan.targets.get(id)!) : null;
      if (lead) tally.set(lead, (tally.get(lead) ?? 0) + 1);
    }
    if (tally.size !== 1) return null;
    const unit = [...tally.keys()][0]!;
    return { unit, text: `${LEDGER_LABEL[kind]}所报指标的牵头单位` };
  }
  const served = all.filter((t) => t.ledger === kind && firstLead(t)).sort((a, b) => (a.task ?? 99) - (b.task ?? 99));
  const t = served[0];
  if (!t) return null;
  return { unit: firstLead(t)!, text: `${LEDGER_LABEL[kind]}服务的方案任务${t.task !== null ? ` ${t.task}` : ''}（${t.description}）的牵头单位` };
}

export function unitColumn(layout: TableLayout, def: LedgerDef) {
  return layout.columns.find((c) => c.field.key === def.unitField) ?? null;
}

/**
 * What the rows themselves say before they are read in full: the units in their 县区 column (or the sheet's
 * county where the cell is blank or there is no column), the latest month in a month column, and — for a
 * return that names no submitter — the targets its rows report on.
 */
export function scanRows(
  sheets: { sheet: SheetGrid; layout: TableLayout }[],
  def: LedgerDef,
  units: UnitIndex,
  plan: PlanIndex,
  sheetUnit: (sheet: SheetGrid) => string | null,
  wantTargets: boolean,
): { units: Set<string>; maxMonth: string | null; targets: string[] } {
  const seen = new Set<string>();
  const targets: string[] = [];
  let maxMonth: string | null = null;
  for (const { sheet, layout } of sheets) {
    const uc = unitColumn(layout, def);
    const mc = layout.columns.find((c) => c.field.type === 'period');
    const tc = wantTargets ? layout.columns.find((c) => c.field.key === (def.kind === 'indicator' ? 'indicator' : 'taskNo')) : undefined;
    const own = sheetUnit(sheet);
    if (own && !uc) seen.add(own);
    for (let r = layout.firstDataRow; r < sheet.rows.length; r++) {
      const row = sheet.rows[r];
      if (!row) continue;
      if (uc) {
        const u = units.resolve(cellText(row[uc.col] ?? null)) ?? (isBlank(row[uc.col] ?? null) ? own : null);
        if (u) seen.add(u);
      }
      if (mc) {
        const m = parsePeriod(cellText(row[mc.col] ?? null));
        if (m && (!maxMonth || m > maxMonth)) maxMonth = m;
      }
      if (tc && targets.length < 2000) {
        const written = cellText(row[tc.col] ?? null);
        const t = def.kind === 'indicator' ? plan.indicator(written) : plan.milestone(written);
        const target = t && 'target' in t ? t.target : null;
        if (target) targets.push(target.id);
      }
    }
  }
  return { units: seen, maxMonth, targets };
}
