// Whether a number format shows a date: SheetJS's own test (SSF.is_date, fmt_is_date in xlsx 0.20.3, Apache-2.0),
// ported so that reading an .xlsx does not load all of SheetJS (about a quarter of a second) to ask it.

const ABS_TIME = /\[[HhMmSs\u0E0A\u0E19\u0E17]*\]/;

function isGeneral(s: string, i: number): boolean {
  return (
    s.length >= 7 + i &&
    (s.charCodeAt(i) | 32) === 103 &&
    (s.charCodeAt(i + 1) | 32) === 101 &&
    (s.charCodeAt(i + 2) | 32) === 110 &&
    (s.charCodeAt(i + 3) | 32) === 101 &&
    (s.charCodeAt(i + 4) | 32) === 114 &&
    (s.charCodeAt(i + 5) | 32) === 97 &&
    (s.charCodeAt(i + 6) | 32) === 108
  );
}

/** SheetJS's SSF.is_date, step for step. */
export function formatIsDate(fmt: string): boolean {
  let i = 0;
  let c = '';
  let o = '';
  while (i < fmt.length) {
    switch ((c = fmt.charAt(i))) {
      case 'G':
        if (isGeneral(fmt, i)) i += 6;
        i++;
        break;
      case '"':
        while (fmt.charCodeAt(++i) !== 34 && i < fmt.length) {
          /* to the closing quote */
        }
        ++i;
        break;
      case '\\':
      case '_':
        i += 2;
        break;
      case '@':
        ++i;
        break;
      // B1/B2 (Buddhist and Hijri years) and every other letter here: SheetJS falls through to "a date" either way
      case 'B':
      case 'b':
      case 'M':
      case 'D':
      case 'Y':
      case 'H':
      case 'S':
      case 'E':
      case 'm':
      case 'd':
      case 'y':
      case 'h':
      case 's':
      case 'e':
      case 'g':
        return true;
      case 'A':
      case 'a':
      case '上':
        if (fmt.substr(i, 3).toUpperCase() === 'A/P') return true;
        if (fmt.substr(i, 5).toUpperCase() === 'AM/PM') return true;
        if (fmt.substr(i, 5).toUpperCase() === '上午/下午') return true;
        ++i;
        break;
      case '[':
        o = c;
        while (fmt.charAt(i++) !== ']' && i < fmt.length) o += fmt.charAt(i);
        if (ABS_TIME.test(o)) return true;
        break;
      case '.':
      case '0':
      case '#':
        while (i < fmt.length && ('0#?.,E+-%'.indexOf((c = fmt.charAt(++i))) > -1 || (c === '\\' && fmt.charAt(i + 1) === '-' && '0#'.indexOf(fmt.charAt(i + 2)) > -1))) {
          /* the digits of a number */
        }
        break;
      case '?':
        while (fmt.charAt(++i) === c) {
          /* a run of ? */
        }
        break;
      case '*':
        ++i;
        if (fmt.charAt(i) === ' ' || fmt.charAt(i) === '*') ++i;
        break;
      case '(':
      case ')':
        ++i;
        break;
      case '1':
      case '2':
      case '3':
      case '4':
      case '5':
      case '6':
      case '7':
      case '8':
      case '9':
        while (i < fmt.length && '0123456789'.indexOf(fmt.charAt(++i)) > -1) {
          /* a number */
        }
        break;
      default:
        ++i;
        break;
    }
  }
  return false;
}
