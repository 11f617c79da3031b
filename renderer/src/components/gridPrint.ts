// The browser's print of a page shows a grid's every row, not the window's worth that is on screen.
import type { GridApi } from 'ag-grid-community';

const printable = new Set<GridApi>();

function layout(mode: 'print' | 'normal') {
  for (const api of printable) if (!api.isDestroyed()) api.setGridOption('domLayout', mode);
}

if (typeof window !== 'undefined') {
  window.addEventListener('beforeprint', () => layout('print'));
  window.addEventListener('afterprint', () => layout('normal'));
}

/** Lays the grid out in full while the page prints; call from onGridReady. */
export function printInFull(api: GridApi): void {
  printable.add(api);
  api.addEventListener('gridPreDestroyed', () => printable.delete(api));
}

/** Spread into a grid that needs no other onGridReady. */
export const printableGrid = { onGridReady: (e: { api: GridApi }) => printInFull(e.api) };
