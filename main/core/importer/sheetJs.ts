// SheetJS loads on first use, not with the importer: most returns are .xlsx, which the fast reader handles, and a
// CLI command that reads no .xls or .csv should not pay for parsing the library (about a quarter of a second).
import { createRequire } from 'node:module';
import type * as XLSX from 'xlsx';

type SheetJs = typeof XLSX;

let loaded: SheetJs | null = null;

/** The SheetJS module; synchronous, because the readers that need it are. */
export function sheetJs(): SheetJs {
  if (loaded) return loaded;
  // in a CommonJS bundle (the app, the built CLI) `require` is there; under tsx the module is ESM and needs one made
  const load = typeof require === 'function' ? require : createRequire(import.meta.url);
  loaded = load('xlsx') as SheetJs;
  return loaded;
}
