// Dates in t="d" cells (SheetJS's parseDate and datenum).
import { unsupported } from './unsupported';

const DAY_MS = 24 * 60 * 60 * 1000;
const DN_THRESH = Date.UTC(1899, 11, 30, 0, 0, 0);
const DN_THRESH1 = Date.UTC(1899, 11, 31, 0, 0, 0);
const DN_THRESH2 = Date.UTC(1904, 0, 1, 0, 0, 0);
const PD_TIME = /^(\d+):(\d+)(:\d+)?(\.\d+)?$/;
const PD_DATE = /^(\d+)-(\d+)-(\d+)$/;
const PD_DATETIME = /^(\d+)-(\d+)-(\d+)[T ](\d+):(\d+)(:\d+)?(\.\d+)?$/;
// what SheetJS then hands to new Date(): only the ECMAScript date-time form with a zone means the same everywhere
const ISO_ZONED = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?(?:Z|[+-]\d{2}:\d{2})$/;

export function isoSerial(str: string, date1904: boolean): number {
  let ms: number;
  let m = PD_TIME.exec(str);
  if (m) {
    ms = new Date(
      (date1904 ? DN_THRESH2 : DN_THRESH1) +
        ((parseInt(m[1]!, 10) * 60 + parseInt(m[2]!, 10)) * 60 + (m[3] ? parseInt(m[3].slice(1), 10) : 0)) * 1000 +
        (m[4] ? parseInt((m[4] + '000').slice(1, 4), 10) : 0),
    ).getTime();
  } else if ((m = PD_DATE.exec(str))) {
    ms = new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, 0, 0, 0, 0)).getTime();
  } else if ((m = PD_DATETIME.exec(str))) {
    ms = new Date(
      Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, (m[6] && parseInt(m[6].slice(1), 10)) || 0, (m[7] && parseInt((m[7] + '0000').slice(1, 4), 10)) || 0),
    ).getTime();
  } else if (ISO_ZONED.test(str)) {
    ms = new Date(str).getTime();
  } else {
    // SheetJS falls back to new Date(str), which for other forms depends on the time zone or the engine
    unsupported(`t="d" value ${str.slice(0, 40)}`);
  }
  let res = (ms - DN_THRESH) / DAY_MS;
  if (date1904) {
    res -= 1462;
    return res < -1402 ? res - 1 : res;
  }
  return res < 60 ? res - 1 : res;
}
