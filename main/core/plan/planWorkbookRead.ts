// Reading a plan workbook back: through the ledger importer's reader (zip guard, cell and size limits), then each
// sheet's header row found by its words, so reordered columns, moved rows and blank rows read the same.
import { defaultReader } from '../importer/xlsxReader';
import { columnName } from '../importer/sheetLimits';
import type { SheetGrid, WorkbookReader } from '../importer/workbookReader';
import { isBlank, type CellValue } from '../importer/values';
import {
  GOAL_COLUMNS,
  INTRO_FIELDS,
  PLAN_SHEETS,
  PROVISION_COLUMNS,
  TARGET_COLUMNS,
  TASK_COLUMNS,
  UNIT_COLUMNS,
  type ColumnDef,
} from './planWorkbookLayout';

export type PlanSeverity = 'error' | 'warning';

/** One thing wrong with a plan workbook, where a person finds it in Excel: 目标!K12. */
export interface PlanFinding {
  sheet: string | null;
  /** "K12"; null when the finding is about a whole sheet or the file. */
  cell: string | null;
  severity: PlanSeverity;
  message: string;
}

/** A cell's value and its address. */
export interface SourceCell {
  value: CellValue;
  cell: string;
}

export interface SheetRow {
  sheet: string;
  /** 1-based, as Excel numbers rows. */
  row: number;
  cells: Record<string, SourceCell>;
}

export interface PlanSheets {
  intro: Partial<Record<(typeof INTRO_FIELDS)[number]['key'], SourceCell>>;
  tasks: SheetRow[];
  targets: SheetRow[];
  goals: SheetRow[];
  provisions: SheetRow[];
  units: SheetRow[];
  /** Added to a date serial: 1,462 days for a workbook that counts from 1904. */
  serialOffset: number;
}

const HEADER_SCAN_ROWS = 12;

/** Header words as people may retouch them: full-width, spaces, a trailing * or （必填）. */
function headerKey(v: CellValue): string {
  if (typeof v !== 'string') return '';
  return v
    .normalize('NFKC')
    .replace(/\s+/g, '')
    .replace(/[*＊]$|\(必填\)$/u, '');
}

function findHeader(sheet: SheetGrid, columns: ColumnDef[]): { row: number; map: Map<string, number> } | null {
  let best: { row: number; map: Map<string, number> } | null = null;
  for (let r = 0; r < Math.min(HEADER_SCAN_ROWS, sheet.rows.length); r++) {
    const map = new Map<string, number>();
    (sheet.rows[r] ?? []).forEach((v, c) => {
      const key = headerKey(v);
      const col = columns.find((d) => d.header === key);
      if (col && !map.has(col.key)) map.set(col.key, c);
    });
    if (map.size > (best?.map.size ?? 1)) best = { row: r, map };
  }
  return best;
}

function readTable(sheet: SheetGrid, columns: ColumnDef[], findings: PlanFinding[]): SheetRow[] {
  const header = findHeader(sheet, columns);
  if (!header) {
    findings.push({
      sheet: sheet.name,
      cell: null,
      severity: 'error',
      message: `工作表“${sheet.name}”中找不到表头（应有“${columns.map((c) => c.header).join('”“')}”等列）。请用导出的方案工作簿作模板，不要修改表头文字。`,
    });
    return [];
  }
  const missing = columns.filter((c) => c.required && !header.map.has(c.key));
  for (const c of missing) {
    findings.push({
      sheet: sheet.name,
      cell: null,
      severity: 'error',
      message: `工作表“${sheet.name}”第 ${header.row + 1} 行的表头中缺少必填列“${c.header}”。请把这一列加回表头（文字与模板一致）。`,
    });
  }
  if (missing.length > 0) return [];
  const rows: SheetRow[] = [];
  for (let r = header.row + 1; r < sheet.rows.length; r++) {
    const src = sheet.rows[r] ?? [];
    const cells: Record<string, SourceCell> = {};
    let any = false;
    for (const c of columns) {
      const at = header.map.get(c.key);
      if (at === undefined) continue;
      const value = src[at] ?? null;
      if (!isBlank(value)) any = true;
      cells[c.key] = { value: isBlank(value) ? null : value, cell: `${columnName(at)}${r + 1}` };
    }
    // blank rows between entries are how people leave room: skipped, not an error
    if (any) rows.push({ sheet: sheet.name, row: r + 1, cells });
  }
  return rows;
}

function readIntro(sheet: SheetGrid): PlanSheets['intro'] {
  const out: PlanSheets['intro'] = {};
  sheet.rows.slice(0, 40).forEach((row, r) => {
    const label = headerKey(row?.[0] ?? null).replace(/[:：]$/u, '');
    const field = INTRO_FIELDS.find((f) => f.label === label);
    if (field && !out[field.key]) out[field.key] = { value: row?.[1] ?? null, cell: `B${r + 1}` };
  });
  return out;
}

/**
 * The workbook's sheets as rows keyed by column; whatever keeps a sheet from being read is a finding. A file that
 * is not a workbook at all (or a zip bomb) is refused by the importer's reader with its own message.
 */
export function readPlanWorkbook(
  bytes: Uint8Array,
  fileName: string,
  reader: WorkbookReader = defaultReader,
): { sheets: PlanSheets; findings: PlanFinding[] } {
  const data = reader.read(bytes, fileName);
  const findings: PlanFinding[] = [];
  const byName = new Map(data.sheets.map((s) => [s.name.trim(), s]));
  const sheet = (name: string): SheetGrid | null => {
    const s = byName.get(name);
    if (!s) {
      findings.push({
        sheet: name,
        cell: null,
        severity: 'error',
        message: `工作簿中没有“${name}”工作表。方案工作簿须有“${Object.values(PLAN_SHEETS).join('”“')}”六张工作表；请用导出的方案工作簿作模板，不要删除或改名工作表。`,
      });
    }
    return s ?? null;
  };
  const table = (name: string, columns: ColumnDef[]) => {
    const s = sheet(name);
    return s ? readTable(s, columns, findings) : [];
  };
  const intro = sheet(PLAN_SHEETS.intro);
  const sheets: PlanSheets = {
    intro: intro ? readIntro(intro) : {},
    tasks: table(PLAN_SHEETS.tasks, TASK_COLUMNS),
    targets: table(PLAN_SHEETS.targets, TARGET_COLUMNS),
    goals: table(PLAN_SHEETS.goals, GOAL_COLUMNS),
    provisions: table(PLAN_SHEETS.provisions, PROVISION_COLUMNS),
    units: table(PLAN_SHEETS.units, UNIT_COLUMNS),
    serialOffset: data.date1904 ? 1462 : 0,
  };
  return { sheets, findings };
}
