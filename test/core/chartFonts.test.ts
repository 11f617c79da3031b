import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findChartFonts, svgToPng } from '../../main/core/reports/chartImage';

const has = (...files: string[]) => (f: string) => files.map((x) => path.normalize(x)).includes(f);

describe('the fonts charts are drawn with', () => {
  it('are the Noto CJK files of fonts-noto-cjk on Debian, regular and bold, without scanning the system fonts', () => {
    const fonts = findChartFonts(has('/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc', '/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc'));
    expect(fonts).toMatchObject({ loadSystemFonts: false, defaultFontFamily: 'Noto Sans CJK SC' });
    expect(fonts.fontFiles).toEqual([path.normalize('/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc'), path.normalize('/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc')]);
  });

  it('are 微软雅黑 on an office PC, else 黑体, and the system fonts on a machine with none of them', () => {
    expect(findChartFonts(has('D:/WIN/Fonts/msyh.ttc', 'D:/WIN/Fonts/simhei.ttf'), 'D:/WIN')).toMatchObject({ loadSystemFonts: false, defaultFontFamily: 'Microsoft YaHei', fontFiles: [path.normalize('D:/WIN/Fonts/msyh.ttc')] });
    expect(findChartFonts(has('D:/WIN/Fonts/simhei.ttf'), 'D:/WIN')).toMatchObject({ defaultFontFamily: 'SimHei' });
    expect(findChartFonts(has())).toMatchObject({ loadSystemFonts: true });
  });

  it('draw Chinese labels on this machine', () => {
    const svg = (text: string) => `<svg xmlns="http://www.w3.org/2000/svg" width="120" height="30"><text x="4" y="22" font-family="'Noto Sans CJK SC', 'Microsoft YaHei', sans-serif" font-size="18">${text}</text></svg>`;
    const blank = svgToPng(svg(''), 120).png;
    const labelled = svgToPng(svg('蓝天督办'), 120).png;
    const other = svgToPng(svg('考核通报'), 120).png;
    expect(labelled.equals(blank)).toBe(false);
    expect(other.equals(labelled)).toBe(false);
  });
});
