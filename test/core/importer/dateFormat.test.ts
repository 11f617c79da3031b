import * as XLSX from 'xlsx';
import { describe, expect, it } from 'vitest';
import { formatIsDate } from '../../../main/core/importer/xlsx/dateFormat';

// The fast reader no longer loads SheetJS to tell a date cell from a number: its port must answer as SheetJS does.
const FORMATS = [
  'General', '0', '0.00', '#,##0', '#,##0.00', '0%', '0.00%', '0.00E+00', '# ?/?', '# ??/??', 'm/d/yy', 'd-mmm-yy', 'd-mmm',
  'mmm-yy', 'h:mm AM/PM', 'h:mm:ss AM/PM', 'h:mm', 'h:mm:ss', 'm/d/yy h:mm', '#,##0 ;(#,##0)', '#,##0 ;[Red](#,##0)',
  '#,##0.00;(#,##0.00)', '[h]:mm:ss', 'mmss.0', '##0.0E+0', '@', '"上午/下午 "hh"時"mm"分"ss"秒 "', 'yyyy"年"m"月"d"日"',
  'yyyy/m/d', 'yyyy-mm-dd', '[$-F800]dddd, mmmm dd, yyyy', '[DBNum1][$-804]yyyy"年"m"月"', '0.0"万元"', '0"台"', '"吨"0.00',
  '#,##0.00_ ', '#,##0.00_);[Red]\\(#,##0.00\\)', '[Red]0.00', '[>=100]0;0.0', '[mm]:ss', '[ss]', 'B1yyyy', 'b2mm', 'A/P',
  '上午/下午h"时"', 'general', 'GENERAL;-General', '_(* #,##0_)', '*-0', '"年"', '\\d0', '0.00\\-0', '(0)', '12', '[$¥-804]#,##0.00',
  'aaaa', '"m"0', '0.0 "kg"', '@"号"', '',
];

describe('which number formats show a date', () => {
  it('answers exactly as SheetJS for built-in, Chinese and custom formats', () => {
    for (const f of FORMATS) expect([f, formatIsDate(f)]).toEqual([f, Boolean(XLSX.SSF.is_date(f))]);
  });
});
