// Writes the demo ledgers (test/fixtures/demoLedgers.ts) to seeds/demo/, which the demo workspace imports.
// Run after changing the generator: npm run demo:ledgers
import fs from 'node:fs';
import path from 'node:path';
import { buildDemoLedgers } from '../test/fixtures/demoLedgers';

const root = path.resolve(import.meta.dirname, '..');
const out = path.join(root, 'seeds', 'demo');

const README = `# 示例数据

这些是**虚构的示例数据**，单位、企业、车辆、矿山和数字均为编造，仅用于演示和测试，不代表阳泉市的真实情况。
由 \`npm run demo:ledgers\`（\`scripts/make-demo-ledgers.ts\`，生成逻辑在 \`test/fixtures/demoLedgers.ts\`）生成，请勿手工修改。

## 内容

- \`2020-08/\`、\`2020-09/\`：城区、矿区、郊区、平定县、盂县、开发区每月报送的露天矿山、锅炉、车辆淘汰、排污许可台账和任务销号台账；
  市生态环境局（月降尘量、二氧化硫年均浓度）、市市场监督管理局（民用煤抽检覆盖率）、市工信局（焦化产能压减量）的指标报送表。
- 9月台账是累计台账：在8月的基础上有新关闭和治理的矿山、新完成低氮改造或淘汰的锅炉、新淘汰的车辆、新发证的企业。
- 文件像真实报送的一样不规范：标题行和“填报单位”行、序号列、合并的县区单元格、两行表头、面积用公顷、
  锅炉容量用兆瓦、文字格式的日期和全角数字、√/×、合计行、表下注释、隐藏行和隐藏工作表；
  矿区报送旧版 .xls，开发区的锅炉台账是 GBK 编码的 .csv（没有标题，单位和月份写在文件名中）。

## 预置的问题

| 文件（2020年9月） | 问题 | 工作台的发现 |
| --- | --- | --- |
| 平定县 排污许可台账 | 一家企业的统一社会信用代码校验位错误 | 信用代码校验位错误 |
| 郊区 车辆淘汰台账 | 一辆车城区也在9月报送 | 跨县区重复 |
| 盂县 车辆淘汰台账 | 一辆国四货车计入淘汰台账 | 不属于国三及以下 |
| 盂县 车辆淘汰台账 | 县区写作“盂县城关镇” | 未知单位 |
| 平定县 露天矿山台账 | 一座矿山的已完成治理面积比8月少 | 累计数下降 |
| 郊区 露天矿山台账 | 合计行仍是8月的数 | 合计不符 |
| 郊区 锅炉台账 | 一台锅炉“已淘汰”但未填淘汰时间 | 已完成但无日期 |
| 盂县 锅炉台账 | 先报送的版本有重复行、错误日期和燃料类型，随后报送“（更正）”版替换 | 更正版替换原版，原版保留在历史中 |

“经开区”“平定”等写法通过单位别名识别，不产生问题。2020年9月开发区的车辆淘汰台账和矿区的任务销号台账
故意缺报，用于演示报送情况。

## 导入

演示工作区（\`npm run web\`）启动时按顺序导入这里的全部文件：先8月后9月，月内按文件名，“（更正）”版在原版之后。
也可以用命令行导入到自己的工作区，同样要按这个顺序：

\`\`\`bash
npm run -s bluesky -- init --db 示例.sqlite
npm run -s bluesky -- import seeds/demo/2020-08/* --db 示例.sqlite
npm run -s bluesky -- import seeds/demo/2020-09/*示例数据）.* --db 示例.sqlite
npm run -s bluesky -- import seeds/demo/2020-09/*（更正）.* --db 示例.sqlite
npm run -s bluesky -- summary --db 示例.sqlite --as-of 2020-09-30
\`\`\`
`;

const files = await buildDemoLedgers();
fs.rmSync(out, { recursive: true, force: true });
for (const f of files) {
  const target = path.join(out, f.relPath);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.writeFileSync(target, f.bytes);
}
fs.writeFileSync(path.join(out, 'README.md'), README);
const months = new Map<string, number>();
for (const f of files) months.set(f.relPath.slice(0, 7), (months.get(f.relPath.slice(0, 7)) ?? 0) + 1);
process.stdout.write(`已生成 ${files.length} 个示例台账文件（${[...months].map(([m, n]) => `${m}：${n} 个`).join('，')}）到 ${path.relative(root, out)}/\n`);
