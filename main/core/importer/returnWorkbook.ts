import ExcelJS from 'exceljs';
import { sheetJs as loadSheetJs } from './sheetJs';
import type { Finding } from './findings';
import { FINDING_CODE_LABEL, SEVERITY_LABEL } from './findings';
import { decodeCsv } from './textDecode';
import { neutralize } from '../../../shared/excelSafe';
import { LEDGER_LABEL, type LedgerKind } from '../../../shared/models';
import { formatMonthCn } from '../../../shared/format';
import { groupFindings, rowRanges } from '../../../shared/findingGroups';

export interface ReturnSource {
  fileName: string;
  format: 'xlsx' | 'xls' | 'csv';
  bytes: Uint8Array;
  kind: LedgerKind;
  submitter: string;
  period: string;
  counts: { total: number; accepted: number; warned: number; rejected: number };
  findings: Finding[];
}

const FILL: Record<'error' | 'warning', string> = { error: 'FFFFC7CE', warning: 'FFFFEB9C' };

async function loadAsExcelJs(src: ReturnSource): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  if (src.format === 'xlsx') {
    try {
      await wb.xlsx.load(Buffer.from(src.bytes) as unknown as ExcelJS.Buffer);
      return wb;
    } catch {
      // ExcelJS cannot open every .xlsx WPS writes; fall back to the values via SheetJS
    }
  }
  const sheetJs =
    src.format === 'csv'
      ? loadSheetJs().read(decodeCsv(src.bytes, src.fileName).text, { type: 'string', raw: true })
      : loadSheetJs().read(src.bytes, { type: 'buffer', cellNF: true, cellStyles: true });
  const converted = loadSheetJs().write(sheetJs, { type: 'buffer', bookType: 'xlsx' }) as Buffer;
  const fresh = new ExcelJS.Workbook();
  await fresh.xlsx.load(converted as unknown as ExcelJS.Buffer);
  return fresh;
}

function noteText(list: Finding[]): string {
  return list.map((f) => `【${SEVERITY_LABEL[f.severity]}】${f.message}`).join('\n');
}

/**
 * The submitter's own workbook, with every problem cell coloured and commented and a 问题清单 sheet
 * listing them: what goes back to a county for correction.
 */
export async function buildReturnWorkbook(src: ReturnSource): Promise<{ fileName: string; bytes: Buffer }> {
  const wb = await loadAsExcelJs(src);
  const byCell = new Map<string, Finding[]>();
  for (const f of src.findings) {
    if (f.severity === 'info' || f.sheet === null || f.row === null) continue;
    const key = `${f.sheet}\u0000${f.row}\u0000${f.col ?? -1}`;
    byCell.set(key, [...(byCell.get(key) ?? []), f]);
  }
  for (const [key, list] of byCell) {
    const [sheetName, row, col] = key.split('\u0000') as [string, string, string];
    const ws = wb.getWorksheet(sheetName);
    if (!ws) continue;
    const worst = list.some((f) => f.severity === 'error') ? 'error' : 'warning';
    const colNo = Number(col);
    const cells = colNo >= 0 ? [ws.getCell(Number(row), colNo + 1)] : [ws.getCell(Number(row), 1)];
    for (const cell of cells) {
      cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: FILL[worst] } };
      const existing = typeof cell.note === 'string' ? cell.note : '';
      cell.note = { texts: [{ text: (existing ? `${existing}\n` : '') + noteText(list) }], margins: { insetmode: 'auto' } } as ExcelJS.Comment;
    }
    if (colNo < 0) ws.getRow(Number(row)).eachCell((c) => (c.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: FILL[worst] } }));
  }

  // a file that comes back a second time already has a 问题清单 from us
  let listName = '问题清单';
  for (let n = 2; wb.getWorksheet(listName); n++) listName = `问题清单（${n}）`;
  const list = wb.addWorksheet(listName, { views: [{ state: 'frozen', ySplit: 4 }], pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 } });
  const title = `${src.submitter}${formatMonthCn(src.period)}${LEDGER_LABEL[src.kind]}问题清单`;
  list.mergeCells('A1:G1');
  list.getCell('A1').value = title;
  list.getCell('A1').font = { bold: true, size: 14 };
  list.getCell('A1').alignment = { horizontal: 'center' };
  list.mergeCells('A2:G2');
  const c = src.counts;
  const problems = src.findings.filter((f) => f.severity !== 'info').length;
  const kinds = groupFindings(src.findings.filter((f) => f.severity !== 'info')).length;
  list.getCell('A2').value =
    `原文件“${src.fileName}”共 ${c.total} 行数据：接收 ${c.accepted} 行（其中 ${c.warned} 行有警告），拒收 ${c.rejected} 行；共 ${problems} 个问题${kinds < problems ? `，归为 ${kinds} 条（同类问题合为一条，点左侧“+”展开逐行明细）` : ''}。` +
    '标红的单元格是拒收原因（错误），标黄的是需要核实的警告。请修改后重新报送整份台账。';
  list.getCell('A2').alignment = { wrapText: true, vertical: 'top' };
  list.getRow(2).height = 36;
  const header = list.getRow(4);
  header.values = ['序号', '严重程度', '问题类型', '工作表', '行号', '列', '说明'];
  header.font = { bold: true };
  header.eachCell((cell) => {
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE7EDF5' } };
    cell.border = { bottom: { style: 'thin' } };
  });
  // the same problem on many rows is one line listing the rows; its rows, one by one, are folded under it
  const groups = groupFindings(src.findings);
  list.properties.outlineProperties = { summaryBelow: false, summaryRight: false };
  groups.forEach((g, i) => {
    const many = g.members.length > 1;
    const first = g.members[0]!;
    const what = g.message ?? (many ? `${first.message}（各行说明不同，见下方明细）` : first.message);
    const rowsText = many ? `${rowRanges(g.rows, 30)}（共 ${g.rows.length} 行）` : (first.row ?? '');
    const row = list.addRow([i + 1, SEVERITY_LABEL[g.severity], FINDING_CODE_LABEL[g.code] ?? g.code, g.sheet ?? '', rowsText, neutralize(g.column ?? ''), neutralize(many ? `共 ${g.members.length} 处：${what}` : what)]);
    row.alignment = { wrapText: true, vertical: 'top' };
    if (g.severity !== 'info') row.getCell(2).fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: FILL[g.severity] } };
    if (!many) return;
    for (const m of g.members) {
      const detail = list.addRow(['', '', '', m.sheet ?? '', m.row ?? '', neutralize(m.column ?? ''), neutralize(m.message)]);
      detail.alignment = { wrapText: true, vertical: 'top' };
      detail.font = { color: { argb: 'FF555555' } };
      detail.outlineLevel = 1;
      detail.hidden = true;
    }
  });
  const lastRow = list.rowCount;
  [6, 10, 16, 14, 8, 22, 70].forEach((w, i) => (list.getColumn(i + 1).width = w));
  list.autoFilter = { from: { row: 4, column: 1 }, to: { row: Math.max(4, lastRow), column: 7 } };
  list.pageSetup.printTitlesRow = '4:4';
  // open on the list
  wb.views = [{ x: 0, y: 0, width: 12000, height: 8000, firstSheet: 0, activeTab: wb.worksheets.length - 1, visibility: 'visible' }];

  const stem = src.fileName.replace(/\.[^.]+$/, '');
  const bytes = Buffer.from(await wb.xlsx.writeBuffer());
  return { fileName: `${stem}（退回修改）.xlsx`, bytes };
}
