/** Text that begins with = + - @ would run as a formula in Excel: exported cells keep it as text. */
export function neutralize(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}
