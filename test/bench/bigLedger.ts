// A vehicle ledger of any size up to Excel's grid, written as Excel writes one (shared strings, numFmt 14 dates,
// the merged title), streamed to disk: ExcelJS needs about 5 GB to write 500,000 rows, this needs the strings only.
// The rows are test/fixtures/ledgerRows.ts's, 10,000 at a time with a seed per batch.
import fs from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import zlib from 'node:zlib';
import { plate, vin } from '../fixtures/ids';
import { VEHICLE_HEADERS, vehicleRows } from '../fixtures/ledgerRows';

const BATCH = 10_000;

function esc(s: string): string {
  return s.replace(/[&<>"]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : '&quot;'));
}

function colName(c: number): string {
  let s = '';
  for (let n = c + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

interface Entry {
  name: string;
  offset: number;
  crc: number;
  size: number;
  compressed: number;
}

/** Writes the ledger: a title row, the header, then `dataRows` rows. */
export async function writeBigLedger(file: string, opts: { title: string; dataRows: number; county?: string; period?: string }): Promise<void> {
  const county = opts.county ?? '盂县';
  const period = opts.period ?? '2020-09';
  const width = VEHICLE_HEADERS.length;
  const cols = Array.from({ length: width }, (_, c) => colName(c));
  const sst = new Map<string, number>();
  let sstRefs = 0;
  const si = (s: string): number => {
    sstRefs++;
    let i = sst.get(s);
    if (i === undefined) sst.set(s, (i = sst.size));
    return i;
  };
  const cell = (v: unknown, ref: string): string => {
    if (v === null || v === undefined || v === '') return '';
    if (v instanceof Date) return `<c r="${ref}" s="1"><v>${v.getTime() / 86_400_000 + 25569}</v></c>`;
    if (typeof v === 'number') return `<c r="${ref}"><v>${v}</v></c>`;
    return `<c r="${ref}" t="s"><v>${si(String(v))}</v></c>`;
  };
  const lastRow = opts.dataRows + 2;
  const plates = new Set<string>();
  const vins = new Set<string>();

  async function* sheet(): AsyncGenerator<Buffer> {
    yield Buffer.from(
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" ' +
        `xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><dimension ref="A1:${cols[width - 1]}${lastRow}"/>` +
        `<sheetViews><sheetView workbookViewId="0"/></sheetViews><sheetFormatPr defaultRowHeight="15"/><sheetData>` +
        `<row r="1">${cell(opts.title, 'A1')}</row><row r="2">${VEHICLE_HEADERS.map((h, c) => cell(h, `${cols[c]}2`)).join('')}</row>`,
    );
    for (let done = 0, b = 0; done < opts.dataRows; b++) {
      const n = Math.min(BATCH, opts.dataRows - done);
      const rows = vehicleRows({ county, count: n, seed: 2020 + b, period });
      // each batch's plates and VINs are unique within it; across batches a repeat is made new, as in a real ledger
      for (let i = 0; i < rows.length; i++) {
        const row = rows[i]!;
        for (let k = 0; plates.has(row[1] as string); k++) row[1] = plate(done + i + k * 7_919_731);
        for (let k = 0; vins.has(row[2] as string); k++) row[2] = vin(done + i + k * 7_919_731 + 1);
        plates.add(row[1] as string);
        vins.add(row[2] as string);
      }
      const parts: string[] = [];
      for (let i = 0; i < rows.length; i++) {
        const r = done + i + 3;
        let xml = `<row r="${r}">`;
        const row = rows[i]!;
        for (let c = 0; c < width; c++) xml += cell(row[c], `${cols[c]}${r}`);
        parts.push(xml, '</row>');
      }
      done += n;
      yield Buffer.from(parts.join(''));
    }
    plates.clear();
    vins.clear();
    yield Buffer.from(`</sheetData><mergeCells count="1"><mergeCell ref="A1:${cols[width - 1]}1"/></mergeCells><pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/></worksheet>`);
  }

  const tmp = `${file}.${process.pid}.tmp`;
  const fd = fs.openSync(tmp, 'w');
  let offset = 0;
  const entries: Entry[] = [];
  const write = (b: Buffer) => {
    fs.writeSync(fd, b);
    offset += b.length;
  };
  const localHeader = (name: string, flags: number, crc = 0, compressed = 0, size = 0) => {
    const n = Buffer.from(name);
    const h = Buffer.alloc(30);
    h.writeUInt32LE(0x04034b50, 0);
    h.writeUInt16LE(20, 4);
    h.writeUInt16LE(flags | 0x0800, 6);
    h.writeUInt16LE(8, 8);
    h.writeUInt16LE(0, 10);
    h.writeUInt16LE(0x5149, 12); // 2020-10-10
    h.writeUInt32LE(crc, 14);
    h.writeUInt32LE(compressed, 18);
    h.writeUInt32LE(size, 22);
    h.writeUInt16LE(n.length, 26);
    write(Buffer.concat([h, n]));
  };
  const small = (name: string, text: string) => {
    const raw = Buffer.from(text);
    const data = zlib.deflateRawSync(raw);
    const e: Entry = { name, offset, crc: zlib.crc32(raw), size: raw.length, compressed: data.length };
    localHeader(name, 0, e.crc, e.compressed, e.size);
    write(data);
    entries.push(e);
  };

  // the worksheet, streamed: sizes and CRC go into a data descriptor after it
  const sheetEntry: Entry = { name: 'xl/worksheets/sheet1.xml', offset, crc: 0, size: 0, compressed: 0 };
  localHeader(sheetEntry.name, 0x08);
  const start = offset;
  await pipeline(
    Readable.from(
      (async function* () {
        for await (const chunk of sheet()) {
          sheetEntry.crc = zlib.crc32(chunk, sheetEntry.crc);
          sheetEntry.size += chunk.length;
          yield chunk;
        }
      })(),
    ),
    zlib.createDeflateRaw({ level: 6 }),
    async function (source: AsyncIterable<Buffer>) {
      for await (const b of source) write(b);
    },
  );
  sheetEntry.compressed = offset - start;
  const dd = Buffer.alloc(16);
  dd.writeUInt32LE(0x08074b50, 0);
  dd.writeUInt32LE(sheetEntry.crc >>> 0, 4);
  dd.writeUInt32LE(sheetEntry.compressed, 8);
  dd.writeUInt32LE(sheetEntry.size, 12);
  write(dd);
  entries.push(sheetEntry);

  const strings: string[] = [`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="${sstRefs}" uniqueCount="${sst.size}">`];
  for (const s of sst.keys()) strings.push(`<si><t>${esc(s)}</t></si>`);
  strings.push('</sst>');
  small('xl/sharedStrings.xml', strings.join(''));
  sst.clear();
  small(
    '[Content_Types].xml',
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
  );
  small(
    '_rels/.rels',
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
  );
  small(
    'xl/workbook.xml',
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="淘汰台账" sheetId="1" r:id="rId1"/></sheets></workbook>',
  );
  small(
    'xl/_rels/workbook.xml.rels',
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>',
  );
  small(
    'xl/styles.xml',
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><fonts count="1"><font><sz val="11"/><name val="宋体"/></font></fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="14" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs><cellStyles count="1"><cellStyle name="常规" xfId="0" builtinId="0"/></cellStyles></styleSheet>',
  );

  const cdStart = offset;
  for (const e of entries) {
    const n = Buffer.from(e.name);
    const h = Buffer.alloc(46);
    h.writeUInt32LE(0x02014b50, 0);
    h.writeUInt16LE(20, 4);
    h.writeUInt16LE(20, 6);
    h.writeUInt16LE((e.name === sheetEntry.name ? 0x08 : 0) | 0x0800, 8);
    h.writeUInt16LE(8, 10);
    h.writeUInt16LE(0, 12);
    h.writeUInt16LE(0x5149, 14);
    h.writeUInt32LE(e.crc >>> 0, 16);
    h.writeUInt32LE(e.compressed, 20);
    h.writeUInt32LE(e.size, 24);
    h.writeUInt16LE(n.length, 28);
    h.writeUInt32LE(e.offset, 42);
    write(Buffer.concat([h, n]));
  }
  const eocd = Buffer.alloc(22);
  eocd.writeUInt32LE(0x06054b50, 0);
  eocd.writeUInt16LE(entries.length, 8);
  eocd.writeUInt16LE(entries.length, 10);
  eocd.writeUInt32LE(offset - cdStart, 12);
  eocd.writeUInt32LE(cdStart, 16);
  write(eocd);
  fs.closeSync(fd);
  fs.renameSync(tmp, file);
}
