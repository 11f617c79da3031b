// Page furniture for PDFs printed from the dossier HTML; Chromium (CLI, tests) and Electron's printToPDF take the same templates.
export const PDF_HEADER_TEMPLATE = '<span></span>';
/** "— 1 —" centred at the foot of each page, in the style of official documents. */
export const PDF_FOOTER_TEMPLATE =
  '<div style="width:100%;text-align:center;font-size:14pt;margin-bottom:12mm;font-family:\'Noto Serif CJK SC\',\'SimSun\',serif;color:#000">— <span class="pageNumber"></span> —</div>';
