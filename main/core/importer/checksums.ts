// GB 32100-2015 统一社会信用代码: 18 characters, the last a check character over the first 17.
const USCC_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

const NEEDS_NFKC = /[\u0080-\u4dff\ua000-\uffff]/;

/** NFKC only when something outside ASCII and plain CJK is there (full-width letters, odd spaces): most codes are clean. */
function nfkc(raw: string): string {
  return NEEDS_NFKC.test(raw) ? raw.normalize('NFKC') : raw;
}

/** The string itself when it is already in that form: a ledger's codes usually are, and a copy per row adds up. */
function same(raw: string, normalized: string): string {
  return normalized === raw ? raw : normalized;
}

export function normalizeCode(raw: string): string {
  return same(raw, nfkc(raw).replace(/[\s\-_·]/g, '').toUpperCase());
}

export type UsccCheck = { ok: true } | { ok: false; reason: string };

export function checkUscc(code: string): UsccCheck {
  if (code.length !== 18) return { ok: false, reason: `应为18位，实际为${code.length}位` };
  for (const ch of code) if (!USCC_CHARS.includes(ch)) return { ok: false, reason: `含有不允许的字符“${ch}”（不使用 I、O、Z、S、V）` };
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += USCC_CHARS.indexOf(code[i]!) * USCC_WEIGHTS[i]!;
  const expected = USCC_CHARS[(31 - (sum % 31)) % 31]!;
  return code[17] === expected ? { ok: true } : { ok: false, reason: `校验位应为“${expected}”，实际为“${code[17]}”，代码可能抄错` };
}

const PROVINCES = '京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼';
// 省份简称 + 发牌机关代号字母 + 5 位（燃油车）或 6 位（新能源车），末位可为“挂”“学”等
const PLATE = new RegExp(`^[${PROVINCES}][A-HJ-NP-Z][A-HJ-NP-Z0-9]{4}[A-HJ-NP-Z0-9挂学警领试超]$|^[${PROVINCES}][A-HJ-NP-Z][A-HJ-NP-Z0-9]{6}$`);

export function normalizePlate(raw: string): string {
  return same(raw, nfkc(raw).replace(/[\s·•.\-_]/g, '').toUpperCase());
}

export function checkPlate(plate: string): boolean {
  return PLATE.test(plate);
}

const VIN = /^[A-HJ-NPR-Z0-9]{17}$/;

export function checkVin(vin: string): { ok: true } | { ok: false; reason: string } {
  if (vin.length !== 17) return { ok: false, reason: `应为17位，实际为${vin.length}位` };
  if (!VIN.test(vin)) return { ok: false, reason: '含有不允许的字符（车辆识别代号不使用 I、O、Q）' };
  return { ok: true };
}
