import { AllCommunityModule, ModuleRegistry, themeQuartz } from 'ag-grid-community';
import { AG_GRID_LOCALE_CN } from '@ag-grid-community/locale';

ModuleRegistry.registerModules([AllCommunityModule]);

/** ag-grid in Chinese, with the few phrases the stock translation gets awkward. */
export const GRID_LOCALE: Record<string, string> = {
  ...AG_GRID_LOCALE_CN,
  noRowsToShow: '没有数据',
  loadingOoo: '正在加载……',
};

export const gridTheme = themeQuartz.withParams({
  fontFamily: 'inherit',
  fontSize: 13,
  headerFontSize: 13,
  headerBackgroundColor: '#eef2f7',
  rowHeight: 34,
  headerHeight: 36,
  accentColor: '#1f5fa8',
  selectedRowBackgroundColor: '#dce9f8',
});

/**
 * Wrapped text changes height when the grid's width settles (a scroll bar appears, fonts arrive);
 * ag-grid does not always re-measure auto-height rows then, so ask it to.
 */
export const autoHeightFixes = {
  onGridSizeChanged: (e: { api: { resetRowHeights(): void } }) => e.api.resetRowHeights(),
  onColumnResized: (e: { finished: boolean; api: { resetRowHeights(): void } }) => {
    if (e.finished) e.api.resetRowHeights();
  },
  onFirstDataRendered: (e: { api: { resetRowHeights(): void } }) => {
    requestAnimationFrame(() => e.api.resetRowHeights());
    void document.fonts?.ready.then(() => e.api.resetRowHeights());
  },
};

/**
 * A grid of wrapped-text rows the analyst picks one of (proposals, register entries): rows keyed by id, heights
 * following the text, and the picked row still selected after the data is refreshed.
 */
export function pickOneRow(selectedId: number | null) {
  return {
    getRowId: (p: { data: { id: number | null } }) => String(p.data.id),
    rowSelection: { mode: 'singleRow', checkboxes: false, enableClickSelection: true } as const,
    tooltipShowDelay: 300,
    suppressRowVirtualisation: true,
    suppressColumnVirtualisation: true,
    ...autoHeightFixes,
    onRowDataUpdated: (e: { api: { resetRowHeights(): void; getRowNode(id: string): { setSelected(on: boolean): void } | undefined } }) => {
      e.api.resetRowHeights();
      if (selectedId !== null) e.api.getRowNode(String(selectedId))?.setSelected(true);
    },
  };
}
