// Office files are zips whose entries carry the time they were written; stamping them with the issue time instead
// makes a report rebuilt from the same data the same file, byte for byte (same SHA-256 in the register of issued reports).

/** The DOS date and time fields a zip stores, for a wall-clock time in Yangquan (UTC+8). */
function dosStamp(iso: string): { time: number; date: number } {
  const t = new Date(Date.parse(iso) + 8 * 3600_000);
  const year = Math.min(Math.max(t.getUTCFullYear(), 1980), 2107);
  return {
    time: (t.getUTCHours() << 11) | (t.getUTCMinutes() << 5) | Math.floor(t.getUTCSeconds() / 2),
    date: ((year - 1980) << 9) | ((t.getUTCMonth() + 1) << 5) | t.getUTCDate(),
  };
}

export function stampZipTimes(zip: Buffer, iso: string): Buffer {
  const { time, date } = dosStamp(iso);
  const out = Buffer.from(zip);
  let eocd = -1;
  for (let i = out.length - 22; i >= Math.max(0, out.length - 65_557); i--) {
    if (out.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new Error('not a zip archive');
  const count = out.readUInt16LE(eocd + 10);
  let p = out.readUInt32LE(eocd + 16);
  for (let n = 0; n < count; n++) {
    if (out.readUInt32LE(p) !== 0x02014b50) throw new Error(`bad central directory record at ${p}`);
    out.writeUInt16LE(time, p + 12);
    out.writeUInt16LE(date, p + 14);
    const local = out.readUInt32LE(p + 42);
    if (out.readUInt32LE(local) !== 0x04034b50) throw new Error(`bad local header at ${local}`);
    out.writeUInt16LE(time, local + 10);
    out.writeUInt16LE(date, local + 12);
    p += 46 + out.readUInt16LE(p + 28) + out.readUInt16LE(p + 30) + out.readUInt16LE(p + 32);
  }
  return out;
}
