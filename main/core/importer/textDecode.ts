import iconv from 'iconv-lite';
import { ImportRefusal } from './refusal';

export interface DecodedText {
  text: string;
  encoding: 'utf-8' | 'gbk';
}

/** CSV files come from Excel (GBK on Chinese Windows) or other tools (UTF-8, with or without BOM). Anything else is refused. */
export function decodeCsv(bytes: Uint8Array, fileName: string): DecodedText {
  if (bytes.length >= 2 && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))) {
    throw new ImportRefusal(
      'unreadable',
      `文件“${fileName}”是 UTF-16 编码的文本，工作台只接受 UTF-8 或 GBK 编码的 CSV。请在 Excel 中另存为“CSV (逗号分隔)”或直接发送 .xlsx 文件。`,
    );
  }
  const hasBom = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  const body = hasBom ? bytes.subarray(3) : bytes;
  if (body.includes(0)) {
    throw new ImportRefusal('unreadable', `文件“${fileName}”不是文本格式的 CSV（含有二进制内容），无法读取。`);
  }
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(body), encoding: 'utf-8' };
  } catch {
    if (hasBom) throw new ImportRefusal('unreadable', `文件“${fileName}”标明是 UTF-8 编码，但内容含有无效字符，无法读取。`);
  }
  const text = iconv.decode(Buffer.from(body.buffer, body.byteOffset, body.byteLength), 'gb18030');
  if (text.includes('\ufffd')) {
    throw new ImportRefusal('unreadable', `无法识别文件“${fileName}”的文字编码（既不是 UTF-8 也不是 GBK），无法读取。请在 Excel 中另存为 .xlsx 后重新导入。`);
  }
  return { text, encoding: 'gbk' };
}
