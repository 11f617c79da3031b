// 约谈材料 as one self-contained HTML page for printing to PDF (Chromium's page.pdf, Electron's printToPDF): the same
// blocks as the .docx, typeset the same way. No scripts, no external resources; every piece of data is escaped.
import type { DossierData } from '../../../shared/reportModels';
import { DOSSIER_PAGE, DRAFT_HEADER, dossierBlocks, printable, type Block, type Cell, type Run, type TableBlock } from './dossierText';

/** Text into HTML, attribute-safe too. */
export function escapeHtml(text: string): string {
  return printable(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

const FANGSONG = `"仿宋_GB2312", "FangSong_GB2312", "FangSong", "仿宋", "STFangsong", "Noto Serif CJK SC", "Source Han Serif SC", serif`;
const HEITI = `"SimHei", "黑体", "STHeiti", "Noto Sans CJK SC", "Source Han Sans SC", sans-serif`;
const KAITI = `"楷体_GB2312", "KaiTi_GB2312", "KaiTi", "楷体", "STKaiti", "Noto Serif CJK SC", serif`;
const TITLE = `"方正小标宋简体", "FZXiaoBiaoSong-B05S", "SimSun", "宋体", "STSong", "Noto Serif CJK SC", serif`;

/** A few lines in each of the dossier's faces: printing it once loads the fonts a real dossier will ask for. */
export const DOSSIER_FONT_SAMPLE = `<!doctype html><html lang="zh-CN"><meta charset="utf-8"><body style='font-family:${FANGSONG}'>
<h1 style='font-family:${TITLE}'>约谈材料</h1><p style='font-family:${KAITI}'>（示例）</p><h2 style='font-family:${HEITI}'>一、基本情况</h2>
<p>阳泉市打赢蓝天保卫战决战行动方案 2020年9月30日</p></body></html>`;

const { marginMm: m } = DOSSIER_PAGE;

const STYLE = `
@page { size: A4; margin: ${m.top}mm ${m.right}mm ${m.bottom}mm ${m.left}mm; }
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { margin: 0; font-family: ${FANGSONG}; font-size: 16pt; line-height: 29pt; color: #000; background: #fff; }
main { width: ${DOSSIER_PAGE.widthMm - m.left - m.right}mm; }
p { margin: 0; text-indent: 2em; text-align: justify; orphans: 2; widows: 2; }
b { font-weight: bold; }
h1.title { margin: 0 0 0; font-family: ${TITLE}; font-size: 22pt; line-height: 36pt; font-weight: bold; text-align: center; }
p.subtitle { text-indent: 0; text-align: center; font-family: ${KAITI}; margin-bottom: 29pt; }
h2, h3 { margin: 0; font-size: 16pt; line-height: 29pt; font-weight: normal; text-indent: 2em; break-after: avoid; }
h2 { font-family: ${HEITI}; }
h3 { font-family: ${KAITI}; }
.keep { break-after: avoid; }
table { width: 100%; border-collapse: collapse; table-layout: fixed; margin: 2pt 0 8pt; font-size: 10.5pt; line-height: 15pt; }
thead { display: table-header-group; }
tr { break-inside: avoid; page-break-inside: avoid; }
th, td { border: 0.75pt solid #000; padding: 2pt 3pt; vertical-align: middle; overflow-wrap: anywhere; word-break: break-word; }
th { font-family: ${HEITI}; font-weight: normal; background: #ededed; text-align: center; padding: 2pt 1pt; }
td.center { text-align: center; }
td.left { text-align: left; }
td .sub { display: block; font-size: 9pt; line-height: 12pt; }
td small { font-size: 9pt; line-height: 12pt; }
.signature { margin-top: 58pt; break-inside: avoid; }
.signature p { text-indent: 0; text-align: right; }
.note { margin-top: 29pt; padding-top: 4pt; border-top: 0.75pt solid #000; font-size: 10.5pt; line-height: 18pt; text-indent: 0; }
`;

/** A draft's page header: a margin box prints on every page, above the text, as the .docx header does. */
const DRAFT_STYLE = `@page { @top-left { content: "${DRAFT_HEADER}"; font-family: ${HEITI}; font-size: 14pt; font-weight: bold; vertical-align: middle; } }\n`;

const runText = (r: Run) => (r.small ? `<small>${escapeHtml(r.text)}</small>` : escapeHtml(r.text));
const runs = (rs: Run[]) => rs.map((r) => (r.bold ? `<b>${runText(r)}</b>` : runText(r))).join('');

function cell(c: Cell, align: 'center' | 'left'): string {
  return `<td class="${align}">${runs(c.runs)}${c.sub ? `<span class="sub">${escapeHtml(c.sub)}</span>` : ''}</td>`;
}

function table(t: TableBlock): string {
  const cols = t.columns.map((c) => `<col style="width:${c.widthMm}mm">`).join('');
  const head = t.columns.map((c) => `<th>${escapeHtml(c.title)}</th>`).join('');
  const body = t.rows.map((row) => `<tr>${row.map((c, i) => cell(c, t.columns[i]!.align)).join('')}</tr>`).join('\n');
  return `<table><colgroup>${cols}</colgroup><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}

function block(b: Block): string {
  switch (b.kind) {
    case 'title':
      return `<h1 class="title">${b.lines.map(escapeHtml).join('<br>')}</h1>`;
    case 'subtitle':
      return `<p class="subtitle">${escapeHtml(b.text)}</p>`;
    case 'heading':
      return b.level === 1 ? `<h2>${escapeHtml(b.text)}</h2>` : `<h3>${escapeHtml(b.text)}</h3>`;
    case 'para':
      return `<p${b.keepNext ? ' class="keep"' : ''}${b.align ? ` style="text-indent:0;text-align:${b.align}"` : ''}>${runs(b.runs)}</p>`;
    case 'quote':
      return `<p class="quote">${escapeHtml(b.text)}</p>`;
    case 'table':
      return table(b);
    case 'signature':
      return `<div class="signature">${b.lines.map((l) => `<p style="padding-right:${l.rightChars}em">${escapeHtml(l.text)}</p>`).join('')}</div>`;
    case 'note':
      return `<p class="note">${escapeHtml(b.text)}</p>`;
  }
}

/** The dossier as a complete HTML document, A4, ready for page.pdf / printToPDF with preferCSSPageSize. */
export function renderDossierHtml(data: DossierData): string {
  const body = dossierBlocks(data).map(block).join('\n');
  return `<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>${escapeHtml(data.title)}</title>
<style>${STYLE}${data.draft ? DRAFT_STYLE : ''}</style>
</head>
<body>
<main>
${body}
</main>
</body>
</html>
`;
}
