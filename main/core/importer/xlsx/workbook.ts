// [Content_Types].xml and workbook.xml: where the parts are, which sheets there are, which date system.
import { unsupported } from './unsupported';
import { parseTag, parseXmlBool, stripNs, tags, unescapeXml } from './xml';

const NS_CT = 'http://schemas.openxmlformats.org/package/2006/content-types';
const NS_MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
export const REL_WS = ['http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet', 'http://purl.oclc.org/ooxml/officeDocument/relationships/worksheet'];
const CT_WORKBOOK = new Set([
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml',
  'application/vnd.ms-excel.sheet.macroEnabled.main+xml',
  'application/vnd.ms-excel.sheet.binary.macroEnabled.main',
  'application/vnd.ms-excel.addin.macroEnabled.main+xml',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.template.main+xml',
]);
const CT_SST = new Set(['application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml', 'application/vnd.ms-excel.sharedStrings']);
const CT_STYLES = new Set(['application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml', 'application/vnd.ms-excel.styles']);
const CT_THEME = 'application/vnd.openxmlformats-officedocument.theme+xml';

interface ContentTypes {
  workbooks: string[];
  sst: string;
  style: string;
  themes: string[];
}

export function parseContentTypes(xml: string): ContentTypes {
  const ct: ContentTypes = { workbooks: [], sst: '', style: '', themes: [] };
  let xmlns: string | undefined;
  const sst: string[] = [];
  const styles: string[] = [];
  for (const x of tags(xml)) {
    const y = parseTag(x);
    const name = (y[0] ?? '').replace(/<\w*:/, '<');
    if (name === '<Types') xmlns = y['xmlns' + ((y[0] ?? '').match(/<(\w+):/) ?? ['', ''])[1]];
    else if (name === '<Default') {
      if (y.Extension === undefined) unsupported('content type default without an extension');
    } else if (name === '<Override') {
      const type = y.ContentType ?? '';
      const part = y.PartName;
      if (part === undefined) {
        if (CT_WORKBOOK.has(type) || CT_SST.has(type) || CT_STYLES.has(type) || type === CT_THEME) unsupported('override without a part name');
        continue;
      }
      if (CT_WORKBOOK.has(type)) ct.workbooks.push(part);
      else if (CT_SST.has(type)) sst.push(part);
      else if (CT_STYLES.has(type)) styles.push(part);
      else if (type === CT_THEME) ct.themes.push(part);
    }
  }
  if (xmlns !== NS_CT) unsupported(`content types namespace ${String(xmlns)}`);
  ct.sst = sst[0] ?? '';
  ct.style = styles[0] ?? '';
  return ct;
}

interface WorkbookSheet {
  name: string;
  hidden: boolean;
  id: string | undefined;
}

export function parseWorkbook(xml: string): { sheets: WorkbookSheet[]; date1904: boolean } {
  const sheets: WorkbookSheet[] = [];
  let date1904 = false;
  let xmlnsKey = 'xmlns';
  let xmlns: string | undefined;
  for (const x of tags(xml)) {
    const y = parseTag(x);
    switch (stripNs(y[0] ?? '')) {
      case '<workbook': {
        const m = /<(\w+):workbook/.exec(x);
        if (m) xmlnsKey = 'xmlns' + m[1];
        xmlns = y[xmlnsKey];
        break;
      }
      case '<workbookPr':
      case '<workbookPr/>':
        if (y.date1904 != null) date1904 = parseXmlBool(y.date1904);
        break;
      case '<sheet': {
        if (y.name === undefined) unsupported('sheet without a name');
        const state = y.state;
        sheets.push({ name: unescapeXml(y.name), hidden: state === 'hidden' || state === 'veryHidden', id: y.id || y.strRelID });
        break;
      }
    }
  }
  // SheetJS also reads strict OOXML and two Microsoft namespaces; those are left to it
  if (xmlns !== NS_MAIN) unsupported(`workbook namespace ${String(xmlns)}`);
  return { sheets, date1904 };
}
