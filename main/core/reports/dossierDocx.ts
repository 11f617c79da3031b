// 约谈材料 as an editable Word document, typeset after 党政机关公文 (GB/T 9704): A4, 仿宋 三号 body on a fixed
// 29-point line, 黑体 and 楷体 headings, 小标宋 title, bordered tables whose header rows repeat, "— 1 —" page numbers.
import {
  AlignmentType,
  BorderStyle,
  Document,
  Footer,
  Header,
  LineRuleType,
  Packer,
  PageNumber,
  PageOrientation,
  Paragraph,
  ShadingType,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  TextRun,
  VerticalAlignTable,
  WidthType,
  type IBorderOptions,
  type IFontAttributesProperties,
} from 'docx';
import type { DossierData } from '../../../shared/reportModels';
import { DOSSIER_PAGE, DOSSIER_TEXT_WIDTH_MM, DRAFT_HEADER, dossierBlocks, printable, type Block, type Cell, type Run, type TableBlock } from './dossierText';

const twips = (mm: number) => Math.round((mm * 1440) / 25.4);

/** The East Asian face is the one Word and WPS use for Chinese; Latin letters and digits take Times New Roman. */
const face = (eastAsia: string): IFontAttributesProperties => ({ ascii: 'Times New Roman', hAnsi: 'Times New Roman', cs: 'Times New Roman', eastAsia, hint: 'eastAsia' });
const FANGSONG = face('仿宋_GB2312');
const HEITI = face('黑体');
const KAITI = face('楷体_GB2312');
const TITLE = face('方正小标宋简体');
const SONGTI = face('宋体');

/**
 * The fonts named above, with the face Word and WPS fall back to where one is not installed (a stock Windows has
 * 仿宋 and 楷体 but not the _GB2312 faces, nor 方正小标宋) and the GB2312 charset, so the fallback stays Chinese.
 */
const FONT_TABLE = [
  ['Times New Roman', null, '00', 'roman', 'variable'],
  ['仿宋_GB2312', '仿宋', '86', 'modern', 'fixed'],
  ['黑体', 'SimHei', '86', 'modern', 'fixed'],
  ['楷体_GB2312', '楷体', '86', 'modern', 'fixed'],
  ['方正小标宋简体', '宋体', '86', 'script', 'fixed'],
  ['宋体', 'SimSun', '86', 'auto', 'variable'],
] as const;

// sizes in half-points: 三号 16 pt, 二号 22 pt, 五号 10.5 pt, 小五 9 pt, 四号 14 pt
const SIZE = { body: 32, title: 44, table: 21, sub: 18, note: 21, pageNumber: 28 };
/** 22 lines on the 225 mm text block: a fixed line of 29 pt. */
const LINE = 580;
const INDENT_2_CHARS = 640;
const CHAR = 320;

const xmlText = (s: string) => printable(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function run(r: Run, font: IFontAttributesProperties, size: number, bold = false): TextRun {
  return new TextRun({ text: printable(r.text), font, size: r.small ? SIZE.sub : size, bold: bold || r.bold === true });
}

const bodySpacing = { line: LINE, lineRule: LineRuleType.EXACT, before: 0, after: 0 };

function paragraph(block: Block): Paragraph[] {
  switch (block.kind) {
    case 'title':
      return [
        new Paragraph({
          alignment: AlignmentType.CENTER,
          spacing: { line: 720, lineRule: LineRuleType.EXACT, before: 0, after: 0 },
          children: block.lines.map((line, i) => new TextRun({ text: printable(line), font: TITLE, size: SIZE.title, bold: true, ...(i > 0 ? { break: 1 } : {}) })),
        }),
      ];
    case 'subtitle':
      return [new Paragraph({ alignment: AlignmentType.CENTER, spacing: { ...bodySpacing, after: LINE }, children: [run({ text: block.text }, KAITI, SIZE.body)] })];
    case 'heading':
      return [
        new Paragraph({
          indent: { firstLine: INDENT_2_CHARS },
          spacing: bodySpacing,
          keepNext: true,
          outlineLevel: block.level - 1,
          children: [run({ text: block.text }, block.level === 1 ? HEITI : KAITI, SIZE.body)],
        }),
      ];
    case 'para':
      return [
        new Paragraph({
          alignment: block.align === 'right' ? AlignmentType.RIGHT : block.align === 'center' ? AlignmentType.CENTER : AlignmentType.JUSTIFIED,
          indent: block.align ? {} : { firstLine: INDENT_2_CHARS },
          spacing: bodySpacing,
          keepNext: block.keepNext === true,
          children: block.runs.map((r) => run(r, FANGSONG, SIZE.body)),
        }),
      ];
    case 'quote':
      // one run: the clause stays whole in document.xml, as the plan wrote it
      return [new Paragraph({ alignment: AlignmentType.JUSTIFIED, indent: { firstLine: INDENT_2_CHARS }, spacing: bodySpacing, children: [run({ text: block.text }, FANGSONG, SIZE.body)] })];
    case 'signature':
      return block.lines.map(
        (line, i) =>
          new Paragraph({
            alignment: AlignmentType.RIGHT,
            indent: { right: Math.round(line.rightChars * CHAR) },
            spacing: { ...bodySpacing, before: i === 0 ? LINE * 2 : 0 },
            keepNext: i < block.lines.length - 1,
            children: [run({ text: line.text }, FANGSONG, SIZE.body)],
          }),
      );
    case 'note':
      return [
        new Paragraph({
          spacing: { line: 360, lineRule: LineRuleType.EXACT, before: LINE },
          border: { top: { style: BorderStyle.SINGLE, size: 6, color: '000000', space: 4 } },
          children: [run({ text: block.text }, FANGSONG, SIZE.note)],
        }),
      ];
    case 'table':
      return [];
  }
}

const LINE_BORDER: IBorderOptions = { style: BorderStyle.SINGLE, size: 4, color: '000000' };

function cellParagraphs(cell: Cell, align: 'center' | 'left', header: boolean): Paragraph[] {
  const alignment = align === 'center' ? AlignmentType.CENTER : AlignmentType.LEFT;
  const main = new Paragraph({
    alignment,
    spacing: { line: 320, lineRule: LineRuleType.EXACT, before: 0, after: 0 },
    children: cell.runs.map((r) => run(r, header ? HEITI : FANGSONG, SIZE.table)),
  });
  if (!cell.sub) return [main];
  return [main, new Paragraph({ alignment, spacing: { line: 260, lineRule: LineRuleType.EXACT }, children: [run({ text: cell.sub }, FANGSONG, SIZE.sub)] })];
}

function table(block: TableBlock): Table {
  const widths = block.columns.map((c) => twips(c.widthMm));
  const row = (cells: Cell[], header: boolean) =>
    new TableRow({
      // only the header row carries the flag (Word repeats it on every page the table runs onto)
      ...(header ? { tableHeader: true } : {}),
      cantSplit: true,
      children: cells.map(
        (cell, i) =>
          new TableCell({
            width: { size: widths[i]!, type: WidthType.DXA },
            verticalAlign: VerticalAlignTable.CENTER,
            margins: { top: 40, bottom: 40, left: 70, right: 70 },
            ...(header ? { shading: { type: ShadingType.CLEAR, color: 'auto', fill: 'EDEDED' } } : {}),
            children: cellParagraphs(cell, header ? 'center' : block.columns[i]!.align, header),
          }),
      ),
    });
  return new Table({
    width: { size: twips(DOSSIER_TEXT_WIDTH_MM), type: WidthType.DXA },
    columnWidths: widths,
    layout: TableLayoutType.FIXED,
    alignment: AlignmentType.CENTER,
    borders: { top: LINE_BORDER, bottom: LINE_BORDER, left: LINE_BORDER, right: LINE_BORDER, insideHorizontal: LINE_BORDER, insideVertical: LINE_BORDER },
    rows: [row(block.columns.map((c) => ({ runs: [{ text: c.title }] })), true), ...block.rows.map((cells) => row(cells, false))],
  });
}

function coreProperties(data: DossierData): string {
  const at = new Date(data.issuedAt);
  const when = Number.isNaN(at.getTime()) ? '' : at.toISOString().replace(/\.\d{3}Z$/, 'Z');
  const stamp = (name: string) => (when ? `<dcterms:${name} xsi:type="dcterms:W3CDTF">${when}</dcterms:${name}>` : '');
  return (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
    '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">' +
    `<dc:title>${xmlText(data.title)}</dc:title><dc:subject>${data.title.includes('挂牌督办材料') ? '挂牌督办材料' : '约谈材料'}${data.draft ? '（草稿）' : ''}</dc:subject>` +
    `<dc:creator>${xmlText(data.issuer)}</dc:creator><cp:lastModifiedBy>${xmlText(data.issuer)}</cp:lastModifiedBy>` +
    `<cp:revision>1</cp:revision>${stamp('created')}${stamp('modified')}</cp:coreProperties>`
  );
}

function fontTable(): string {
  const fonts = FONT_TABLE.map(
    ([name, alt, charset, family, pitch]) =>
      `<w:font w:name="${name}">${alt ? `<w:altName w:val="${alt}"/>` : ''}<w:charset w:val="${charset}"/><w:family w:val="${family}"/><w:pitch w:val="${pitch}"/></w:font>`,
  );
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:fonts xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">${fonts.join('')}</w:fonts>`;
}

/** The dossier as a .docx file. Its content depends only on `data` (created = issuedAt). */
export async function buildDossierDocx(data: DossierData): Promise<Buffer> {
  const children: (Paragraph | Table)[] = [];
  for (const block of dossierBlocks(data)) {
    if (block.kind === 'table') {
      children.push(table(block));
      // Word joins two tables that touch; a small gap keeps them apart and leaves room before the next paragraph
      children.push(new Paragraph({ spacing: { line: 200, lineRule: LineRuleType.EXACT }, children: [] }));
    } else children.push(...paragraph(block));
  }
  const { marginMm: m } = DOSSIER_PAGE;
  const doc = new Document({
    creator: data.issuer,
    lastModifiedBy: data.issuer,
    title: data.title,
    styles: {
      default: {
        document: {
          run: { font: FANGSONG, size: SIZE.body, language: { value: 'en-US', eastAsia: 'zh-CN' } },
          paragraph: { spacing: bodySpacing },
        },
      },
    },
    sections: [
      {
        properties: {
          page: {
            size: { width: twips(DOSSIER_PAGE.widthMm), height: twips(DOSSIER_PAGE.heightMm), orientation: PageOrientation.PORTRAIT },
            margin: { top: twips(m.top), right: twips(m.right), bottom: twips(m.bottom), left: twips(m.left), header: twips(15), footer: twips(24) },
          },
        },
        // a draft says so on every page, where a reader of any single page sees it
        ...(data.draft
          ? {
              headers: {
                default: new Header({
                  children: [new Paragraph({ alignment: AlignmentType.LEFT, children: [new TextRun({ text: DRAFT_HEADER, font: HEITI, size: SIZE.pageNumber, bold: true })] })],
                }),
              },
            }
          : {}),
        footers: {
          default: new Footer({
            children: [
              new Paragraph({
                alignment: AlignmentType.CENTER,
                children: [new TextRun({ children: ['— ', PageNumber.CURRENT, ' —'], font: SONGTI, size: SIZE.pageNumber })],
              }),
            ],
          }),
        },
        children,
      },
    ],
  });
  return Packer.toBuffer(doc, false, [
    { path: 'docProps/core.xml', data: coreProperties(data) },
    { path: 'word/fontTable.xml', data: fontTable() },
  ]);
}
