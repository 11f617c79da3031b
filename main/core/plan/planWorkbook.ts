// A plan workbook from bytes to seeds: read with the importer's guards, validate, and fingerprint what was read.
import { ApiError } from '../../../shared/api';
import { readPlanWorkbook, type PlanFinding } from './planWorkbookRead';
import { validatePlan, type PlanSummary } from './planValidate';
import { seedsOf, type Seeds } from './loadSeeds';

export interface PlanWorkbookCheck {
  findings: PlanFinding[];
  /** null when the file could not be read at all. */
  summary: PlanSummary | null;
  /** The plan and units ready for syncPlan; null while any finding is an error. */
  seeds: Seeds | null;
}

export function checkPlanWorkbook(bytes: Uint8Array, fileName: string): PlanWorkbookCheck {
  let read;
  try {
    read = readPlanWorkbook(bytes, fileName);
  } catch (err) {
    // the importer's refusals (not a workbook, damaged, zip bomb, too large) are the whole file's finding
    if (err instanceof ApiError) return { findings: [{ sheet: null, cell: null, severity: 'error', message: err.message }], summary: null, seeds: null };
    throw err;
  }
  const check = validatePlan(read.sheets, read.findings);
  if (!check.seeds) return { findings: check.findings, summary: check.summary, seeds: null };
  const { plan, units } = check.seeds;
  plan.document.sourceFile = fileName;
  return { findings: check.findings, summary: check.summary, seeds: seedsOf(plan, units) };
}
