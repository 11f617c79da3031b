import type { FindingView, Severity } from '../../../shared/ledgerModels';

/** One thing wrong (or worth knowing) about a file, located as the submitter would find it in Excel. */
export type Finding = FindingView;
export type { Severity };

export { FINDING_CODE_LABEL, SEVERITY_LABEL } from '../../../shared/ledgerModels';
