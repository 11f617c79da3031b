// SheetJS loads on first use, not with the importer: most returns are .xlsx, which the fast reader handles, and a
// CLI command that reads no .xls or .csv should not pay for parsing the library (about a quarter of a second).
import { lazyRequire } from '../lazyRequire';
import type * as XLSX from 'xlsx';

type SheetJs = typeof XLSX;

let loaded: SheetJs | null = null;

/** The SheetJS module; synchronous, because the readers that need it are. */
export function sheetJs(): SheetJs {
  if (loaded) return loaded;
  loaded = lazyRequire<SheetJs>('xlsx');
  return loaded;
}
