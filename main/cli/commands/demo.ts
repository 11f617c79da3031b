import fs from 'node:fs';
import path from 'node:path';
import { LEVEL_LABEL } from '../../../shared/assessModels';
import { createApi, systemClock } from '../../core/api';
import { createDemoWorkspace, DEMO_ISSUED_ON } from '../../core/demo';
import { UsageError, type Command } from '../types';
import { call } from '../workspaceArg';
import { writeOut } from '../outFile';
import { chromiumPath } from '../pdf/chromiumPdf';

const MONTH = '2020-09';

export const demoCommand: Command = {
  name: 'demo',
  help: `用法：bluesky demo --out DIR

在 DIR 中新建示例工作区（导入 seeds/demo 中 2020年8月、9月的示例台账，保存8月、9月的评估，确认8月的问责建议），
然后生成2020年9月的月度通报工作簿，以及9月被建议约谈的一个单位的约谈材料（.docx，本机有 Chromium 时另附 .pdf）。
DIR 中已有的同名文件会被覆盖。

选项：
  --out DIR    输出目录
  -h, --help   显示本帮助`,
  options: { out: { type: 'string' } },
  async run(args, io) {
    const out = args.values.out;
    if (typeof out !== 'string' || !out) throw new UsageError('缺少 --out DIR：请给出输出目录，例如 --out 示例输出');
    const dir = path.resolve(io.cwd, out);
    fs.mkdirSync(dir, { recursive: true });
    const file = path.join(dir, '示例工作区.sqlite');
    io.out('正在新建示例工作区并导入示例台账……');
    const ws = createDemoWorkspace(file, undefined, { assessments: true });
    try {
      const pdf = chromiumPath() ? async (html: string) => (await import('../pdf/chromiumPdf')).htmlToPdf(html) : undefined;
      const api = createApi({ db: ws.db, file, clock: systemClock, user: io.user, ...(pdf ? { pdf } : {}) });
      io.out(`已建工作区：${file}（${(await call(api, 'submissions.list', { includeSuperseded: true })).length} 份台账）`);
      const monthly = await call(api, 'reports.monthly', { month: MONTH, issuedOn: DEMO_ISSUED_ON });
      writeOut(path.join(dir, monthly.file.fileName), monthly.file.base64, io, '2020年9月月度通报');
      const september = (await call(api, 'assess.runs', {})).find((r) => r.asOf === '2020-09-30')!;
      const proposals = (await call(api, 'assess.open', { runId: september.id })).proposals;
      // the unit with the most proposals for an interview or listed supervision: the dossier the office would write first
      const serious = proposals.filter((p) => p.level !== 'warning');
      const weight = (u: string) => serious.filter((p) => p.unit === u).length;
      const candidates = await call(api, 'reports.dossierUnits', { month: MONTH });
      const unit = [...candidates].sort((a, b) => weight(b) - weight(a))[0];
      const interview = serious.find((p) => p.unit === unit && p.level === 'supervision') ?? serious.find((p) => p.unit === unit);
      if (!unit) {
        io.out('9月没有滞后的单位，不生成约谈材料。');
        return 0;
      }
      if (interview) io.out(`9月对${unit}的问责建议：${LEVEL_LABEL[interview.level]}——${interview.reason}`);
      // a dossier follows a decision: the office confirms the unit's pending 约谈 and 挂牌督办 proposals first
      for (const p of serious.filter((x) => x.unit === unit && x.state === 'pending' && x.id !== null)) {
        await call(api, 'register.decide', { proposalId: p.id!, action: 'confirm', reason: '经领导组办公室研究，同意按建议处理。' });
      }
      if (serious.some((x) => x.unit === unit && x.state === 'pending')) io.out(`已确认对${unit}的约谈、挂牌督办建议（问责台账）。`);
      const docx = await call(api, 'reports.dossier', { unit, month: MONTH, format: 'docx', issuedOn: DEMO_ISSUED_ON });
      writeOut(path.join(dir, docx.file.fileName), docx.file.base64, io, `${unit}的约谈材料（Word）`);
      if (pdf) {
        const printed = await call(api, 'reports.dossier', { unit, month: MONTH, format: 'pdf', issuedOn: DEMO_ISSUED_ON });
        writeOut(path.join(dir, printed.file.fileName), printed.file.base64, io, `${unit}的约谈材料（PDF）`);
      } else {
        io.out('本机没有 Chromium，未生成 PDF（安装 chromium 后重试，或用 Word/WPS 打开 .docx 另存为 PDF）。');
      }
      io.out('');
      io.out(`打开界面查看同一个工作区：npm run web -- --db "${file}"`);
      return 0;
    } finally {
      ws.db.close();
    }
  },
};
