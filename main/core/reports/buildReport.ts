// The one switch from report data to file bytes; runs in a worker thread in the app, inline in the CLI and tests.
import type { DossierData, MonthlyReportData } from '../../../shared/reportModels';
import { buildMonthlyWorkbook } from './monthlyWorkbook';
import { buildDossierDocx } from './dossierDocx';
import { stampZipTimes } from './zipTimes';

export type BuildJob = { kind: 'monthly'; data: MonthlyReportData } | { kind: 'dossierDocx'; data: DossierData };

/** The same data gives the same bytes: the zip entries are stamped with the issue time, not the build time. */
export async function buildReport(job: BuildJob): Promise<Buffer> {
  const bytes = job.kind === 'monthly' ? await buildMonthlyWorkbook(job.data) : await buildDossierDocx(job.data);
  return stampZipTimes(bytes, job.data.issuedAt);
}
