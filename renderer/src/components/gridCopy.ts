// Ctrl+C in a grid puts tab-separated text on the clipboard, as Excel and WPS paste it: ag-grid's own clipboard is enterprise-only.
import type { CellKeyDownEvent, Column, FullWidthCellKeyDownEvent, GridApi, IRowNode } from 'ag-grid-community';

/** One field as Excel reads pasted text: quoted when it holds a tab, a line break or a quote. */
export function tsvField(value: unknown): string {
  const text = value === null || value === undefined ? '' : String(value);
  return /[\t\r\n"]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toTsv(rows: unknown[][]): string {
  return rows.map((r) => r.map(tsvField).join('\t')).join('\r\n');
}

/** What a cell shows: the text a renderer drew (a badge reads 预警, not its code), else the formatted value. */
function cellText<T>(api: GridApi<T>, root: ParentNode, node: IRowNode<T>, column: Column): string {
  const drawn = () => {
    const el = root.querySelector<HTMLElement>(`.ag-row[row-id="${CSS.escape(node.id ?? '')}"] .ag-cell[col-id="${CSS.escape(column.getColId())}"]`);
    return el ? el.innerText.replace(/\s*\n\s*/g, ' ').trim() : null;
  };
  if (column.getColDef().cellRenderer) {
    const text = drawn();
    if (text !== null) return text;
  }
  const value = api.getCellValue({ rowNode: node, colKey: column, useFormatter: true });
  if (value !== null && value !== undefined && typeof value !== 'object') return String(value);
  return drawn() ?? '';
}

/** The columns worth copying: displayed ones, without action buttons. */
function copyColumns<T>(api: GridApi<T>): Column[] {
  return api.getAllDisplayedColumns().filter((c) => c.getColId() !== 'actions');
}

/** The selected rows with a header line, or else the focused cell; null when there is nothing to copy. */
export function gridSelectionText<T>(api: GridApi<T>, root: ParentNode = document): string | null {
  const selected = api.getSelectedNodes().filter((n) => n.data !== undefined);
  if (selected.length > 0) {
    const columns = copyColumns(api);
    const header = columns.map((c) => api.getDisplayNameForColumn(c, 'header'));
    return toTsv([header, ...selected.map((n) => columns.map((c) => cellText(api, root, n, c)))]);
  }
  const focused = api.getFocusedCell();
  if (!focused) return null;
  const node = api.getDisplayedRowAtIndex(focused.rowIndex);
  if (!node || node.data === undefined) return null;
  return toTsv([[cellText(api, root, node, focused.column)]]);
}

async function writeClipboard(text: string): Promise<void> {
  try {
    await navigator.clipboard.writeText(text);
  } catch {
    // an older shell without the async clipboard: copy through a hidden text box
    const box = document.createElement('textarea');
    box.value = text;
    box.style.position = 'fixed';
    box.style.opacity = '0';
    document.body.appendChild(box);
    box.select();
    document.execCommand('copy');
    box.remove();
  }
}

/** Spread into a grid's props: Ctrl+C (⌘C) copies the selected rows, or the focused cell, as tab-separated text. */
export const copyOnCtrlC = {
  onCellKeyDown: (e: CellKeyDownEvent | FullWidthCellKeyDownEvent) => {
    const k = e.event as KeyboardEvent | null | undefined;
    if (!k || !(k.ctrlKey || k.metaKey) || k.key.toLowerCase() !== 'c' || k.altKey) return;
    // text the analyst selected with the mouse is copied as the browser copies it
    if (window.getSelection()?.toString()) return;
    const root = (k.target as HTMLElement | null)?.closest?.('.ag-root-wrapper') ?? document;
    const text = gridSelectionText(e.api as GridApi<unknown>, root);
    if (text === null) return;
    k.preventDefault();
    void writeClipboard(text);
  },
};
