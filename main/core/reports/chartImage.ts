// Charts for reports: ECharts rendered server-side to SVG (no DOM, no canvas), then rasterised to PNG by
// resvg, so a workbook or a Word file can embed them. Only what the reports draw is registered.
import * as echarts from 'echarts/core';
import { BarChart, type BarSeriesOption } from 'echarts/charts';
import { GridComponent, LegendComponent, TitleComponent, type GridComponentOption, type LegendComponentOption, type TitleComponentOption } from 'echarts/components';
import { SVGRenderer } from 'echarts/renderers';
import fs from 'node:fs';
import path from 'node:path';
import { Resvg, type ResvgRenderOptions } from '@resvg/resvg-js';

echarts.use([BarChart, GridComponent, LegendComponent, TitleComponent, SVGRenderer]);

export type ChartOption = echarts.ComposeOption<BarSeriesOption | GridComponentOption | LegendComponentOption | TitleComponentOption>;

/** Noto on Linux (fonts-noto-cjk), 微软雅黑 / 黑体 on office PCs; resvg takes the first it has. */
export const CHART_FONT_FAMILY = "'Noto Sans CJK SC', 'Microsoft YaHei', SimHei, 'PingFang SC', sans-serif";

/** Where each family of CHART_FONT_FAMILY lives (regular first, then bold), on Debian, Fedora, Arch, Windows, macOS. */
export const CHART_FONT_FILES: readonly { family: string; files: readonly string[] }[] = [
  { family: 'Noto Sans CJK SC', files: ['/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc', '/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc'] },
  { family: 'Noto Sans CJK SC', files: ['/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc', '/usr/share/fonts/google-noto-cjk/NotoSansCJK-Bold.ttc'] },
  { family: 'Noto Sans CJK SC', files: ['/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc', '/usr/share/fonts/noto-cjk/NotoSansCJK-Bold.ttc'] },
  { family: 'Microsoft YaHei', files: ['%WINDIR%/Fonts/msyh.ttc', '%WINDIR%/Fonts/msyhbd.ttc'] },
  { family: 'SimHei', files: ['%WINDIR%/Fonts/simhei.ttf'] },
  { family: 'PingFang SC', files: ['/System/Library/Fonts/PingFang.ttc'] },
];

export type ChartFonts = NonNullable<ResvgRenderOptions['font']>;

/**
 * The fonts resvg draws with: the first family of CHART_FONT_FILES this machine has, as named files, because
 * scanning every system font costs about 0.1 s per chart here and more on an office PC with hundreds of fonts.
 * Without any of them, the system fonts after all.
 */
export function findChartFonts(exists: (file: string) => boolean = fs.existsSync, windir = process.env.WINDIR ?? 'C:/Windows'): ChartFonts {
  for (const { family, files } of CHART_FONT_FILES) {
    const [regular, ...others] = files.map((f) => path.normalize(f.replace('%WINDIR%', windir)));
    if (!exists(regular!)) continue;
    return { loadSystemFonts: false, fontFiles: [regular!, ...others.filter((f) => exists(f))], defaultFontFamily: family, sansSerifFamily: family };
  }
  return { loadSystemFonts: true, defaultFontFamily: 'Noto Sans CJK SC', sansSerifFamily: 'Noto Sans CJK SC' };
}

// looked up once per process; resvg reads only these files for each chart
let chartFonts: ChartFonts | null = null;
const fonts = (): ChartFonts => (chartFonts ??= findChartFonts());

/** Finds the fonts and draws one line of Chinese, so the first report of a warm worker pays for neither. */
export function warmChartFonts(): void {
  svgToPng('<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20"><text x="0" y="15" font-size="12">蓝天</text></svg>', 40);
}

export interface ChartSize {
  /** Logical size in CSS pixels: what the chart is laid out at, and what it is shown at in a sheet. */
  width: number;
  height: number;
  /** Pixels per logical pixel in the PNG; 2 by default for a crisp print. */
  scale?: number;
}

export interface ChartPng {
  png: Buffer;
  /** Pixel size of the PNG (logical size × scale). */
  width: number;
  height: number;
  /** The logical size to show it at. */
  displayWidth: number;
  displayHeight: number;
}

/** The chart as an SVG string. Animation is off and the font is set, whatever the option says. */
export function renderChartSvg(option: ChartOption, size: { width: number; height: number }): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width: size.width, height: size.height });
  try {
    const base: ChartOption = { animation: false, backgroundColor: '#ffffff', textStyle: { fontFamily: CHART_FONT_FAMILY } };
    chart.setOption({ ...base, ...option, textStyle: { ...(option.textStyle as object | undefined), fontFamily: CHART_FONT_FAMILY } });
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}

/** An SVG rasterised to a PNG `width` pixels wide, on white. */
export function svgToPng(svg: string, width: number): { png: Buffer; width: number; height: number } {
  const resvg = new Resvg(svg, {
    font: fonts(),
    fitTo: { mode: 'width', value: Math.round(width) },
    background: '#ffffff',
    logLevel: 'off',
  });
  const image = resvg.render();
  return { png: Buffer.from(image.asPng()), width: image.width, height: image.height };
}

/** An ECharts option drawn to a PNG at `scale` (2 by default) times its logical size. */
export function renderChartPng(option: ChartOption, size: ChartSize): ChartPng {
  const scale = size.scale ?? 2;
  const svg = renderChartSvg(option, size);
  const out = svgToPng(svg, size.width * scale);
  return { ...out, displayWidth: size.width, displayHeight: size.height };
}

/** Width and height from a PNG's IHDR chunk. */
export function pngSize(png: Uint8Array): { width: number; height: number } | null {
  const magic = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  if (png.length < 24 || magic.some((b, i) => png[i] !== b)) return null;
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  return { width: view.getUint32(16), height: view.getUint32(20) };
}
