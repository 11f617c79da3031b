// styles.xml and the theme: what each cell style turns a number into (number, date, percent), and the theme
// and font-colour checks SheetJS refuses a whole file over.
import { isDateFormat } from '../workbookReader';
import { unsupported } from './unsupported';
import { matchElement, matchPlainElement, parseTag, stripNs, tags, unescapeXml } from './xml';

export const NUM = 0;
export const DATE = 1;
const PERCENT = 2;

/** SheetJS's built-in number formats (its table after make_ssf; 27–36 and 50–58 other than 56 are absent). */
function builtinFormats(): Map<number, unknown> {
  return new Map<number, unknown>([
    [0, 'General'], [1, '0'], [2, '0.00'], [3, '#,##0'], [4, '#,##0.00'], [9, '0%'], [10, '0.00%'], [11, '0.00E+00'],
    [12, '# ?/?'], [13, '# ??/??'], [14, 'm/d/yy'], [15, 'd-mmm-yy'], [16, 'd-mmm'], [17, 'mmm-yy'], [18, 'h:mm AM/PM'],
    [19, 'h:mm:ss AM/PM'], [20, 'h:mm'], [21, 'h:mm:ss'], [22, 'm/d/yy h:mm'], [37, '#,##0 ;(#,##0)'],
    [38, '#,##0 ;[Red](#,##0)'], [39, '#,##0.00;(#,##0.00)'], [40, '#,##0.00;[Red](#,##0.00)'], [45, 'mm:ss'],
    [46, '[h]:mm:ss'], [47, 'mmss.0'], [48, '##0.0E+0'], [49, '@'], [56, '"上午/下午 "hh"時"mm"分"ss"秒 "'],
  ]);
}

const BAD_FORMATS: Record<string, string> = { 'd.m': 'd\\.m' };

function formatKind(z: unknown): number {
  if (typeof z !== 'string' || z === 'General') return NUM;
  if (isDateFormat(z)) return DATE;
  return z.includes('%') ? PERCENT : NUM;
}

/** What each cellXfs index turns a number into: NUM, DATE or PERCENT; null when there is no cellXfs at all. */
export function parseStyles(xml: string): Uint8Array | null {
  if (xml.includes('<!--') || xml.slice(0, 1024).includes('<!DOCTYPE')) unsupported('comments or doctype in styles');
  const table = builtinFormats();
  const numberFmt = new Map<number, unknown>(table);
  const nf = matchElement(xml, 'numFmts');
  if (nf) {
    for (const x of tags(nf[0])) {
      const y = parseTag(x);
      if (stripNs(y[0] ?? '') !== '<numFmt') continue;
      if (y.formatCode === undefined || y.numFmtId === undefined) unsupported('numFmt without formatCode or numFmtId');
      const f = unescapeXml(y.formatCode);
      let j = parseInt(y.numFmtId, 10);
      if (Number.isNaN(j)) unsupported('bad numFmtId');
      numberFmt.set(j, f);
      if (j > 0) {
        if (j > 0x188) {
          for (j = 0x188; j > 0x3c; --j) if (numberFmt.get(j) == null) break;
          numberFmt.set(j, f);
        }
        table.set(j, (BAD_FORMATS as Record<string, unknown>)[f] || f);
      }
    }
  }
  const cx = matchElement(xml, 'cellXfs');
  if (!cx) return null;
  const kinds: number[] = [];
  for (const x of tags(cx[0])) {
    const y = parseTag(x);
    const name = stripNs(y[0] ?? '');
    if (name !== '<xf' && name !== '<xf/>' && name !== '<xf>') continue;
    let id: number | undefined;
    if (y.numFmtId) {
      if (!/^\d+$/.test(y.numFmtId)) unsupported('bad numFmtId in cellXfs');
      id = parseInt(y.numFmtId, 10);
      if (id > 0x188) {
        const want = numberFmt.get(id);
        for (let i = 0x188; i > 0x3c; --i) {
          if (want == numberFmt.get(i)) {
            id = i;
            break;
          }
        }
      }
    } else if (y.numFmtId === '') unsupported('empty numFmtId in cellXfs');
    kinds.push(id === undefined ? NUM : formatKind(table.get(id)));
  }
  return Uint8Array.from(kinds);
}

export type ThemeColor = { rgb?: string } | undefined;
export const THEME_SLOTS = ['</a:lt1>', '</a:dk1>', '</a:lt2>', '</a:dk2>', '</a:accent1>', '</a:accent2>', '</a:accent3>', '</a:accent4>', '</a:accent5>', '</a:accent6>', '</a:hlink>', '</a:folHlink>'];

/** SheetJS reads the first theme, refuses the whole file when it lacks these parts, and keeps its colour scheme. */
export function readTheme(xml: string): ThemeColor[] {
  const t = matchPlainElement(xml, 'a:themeElements');
  if (!t) unsupported('theme without themeElements');
  for (const part of ['a:clrScheme', 'a:fontScheme', 'a:fmtScheme']) if (!matchPlainElement(t[0], part)) unsupported(`theme without ${part}`);
  const scheme = matchPlainElement(t[0], 'a:clrScheme')!;
  const colors: ThemeColor[] = [];
  let color: { rgb?: string } = {};
  for (const x of tags(scheme[0])) {
    const y = parseTag(x);
    if (y[0] === '<a:srgbClr') color.rgb = y.val;
    else if (y[0] === '<a:sysClr') color.rgb = y.lastClr;
    else if (THEME_SLOTS.includes(y[0] ?? '')) {
      colors[THEME_SLOTS.indexOf(y[0]!)] = color;
      color = {};
    }
  }
  return colors;
}

/** SheetJS refuses the whole file when a font colour names a theme colour the scheme does not have. */
export function checkFontColors(xml: string, colors: ThemeColor[]): void {
  const fonts = matchElement(xml, 'fonts');
  if (!fonts) return;
  let tint: number | undefined;
  for (const x of tags(fonts[0])) {
    const y = parseTag(x);
    const name = stripNs(y[0] ?? '');
    if (name === '</font>' || name === '<font/>') tint = undefined;
    if (name !== '<color' || y.rgb || y.indexed || !y.theme) continue;
    if (y.tint) tint = parseFloat(y.tint);
    const c = colors[parseInt(y.theme, 10)];
    if (!c || ((tint || 0) !== 0 && typeof c.rgb !== 'string')) unsupported('a font colour outside the theme');
  }
}
