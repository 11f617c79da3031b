import { describe, expect, it } from 'vitest';
import * as XLSX from 'xlsx';
import { createWorkerBuilder, inlineBuilder, workerBuilder } from '../../main/core/jobs/reportBuilder';
import { MONTHLY_FIXTURE } from '../fixtures/monthlyReportData';
import { dossierData } from '../fixtures/dossierData';

describe('building reports in a worker thread', () => {
  it('gives the same bytes as building them inline, chart included', async () => {
    const [inWorker, inline] = await Promise.all([workerBuilder.build({ kind: 'monthly', data: MONTHLY_FIXTURE }), inlineBuilder.build({ kind: 'monthly', data: MONTHLY_FIXTURE })]);
    expect(inWorker.equals(inline)).toBe(true);
    expect(XLSX.read(inWorker).SheetNames[0]).toBe('封面');
    const docx = await workerBuilder.build({ kind: 'dossierDocx', data: dossierData() });
    expect(docx.equals(await inlineBuilder.build({ kind: 'dossierDocx', data: dossierData() }))).toBe(true);
  });

  it('reports a failure as a sentence, not a crash', async () => {
    const broken = { ...MONTHLY_FIXTURE, cells: null } as unknown as typeof MONTHLY_FIXTURE;
    await expect(workerBuilder.build({ kind: 'monthly', data: broken })).rejects.toMatchObject({ code: 'report_failed', message: expect.stringMatching(/^报告生成失败：/) });
  });

  it('keeps one worker for report after report; one that stops fails the report in hand, and the next report starts afresh', async () => {
    const builder = createWorkerBuilder();
    try {
      const [a, b] = await Promise.all([builder.build({ kind: 'dossierDocx', data: dossierData() }), builder.build({ kind: 'monthly', data: MONTHLY_FIXTURE })]);
      expect(XLSX.read(b).SheetNames[0]).toBe('封面');
      const inHand = builder.build({ kind: 'dossierDocx', data: dossierData() });
      await builder.close();
      await expect(inHand).rejects.toMatchObject({ code: 'report_failed', message: expect.stringMatching(/^报告生成进程意外退出/) });
      expect((await builder.build({ kind: 'dossierDocx', data: dossierData() })).equals(a)).toBe(true);
    } finally {
      await builder.close();
    }
  });
});
