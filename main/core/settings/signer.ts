// Who signs what the office sends: the analyst named in 设置, never the OS account (that stays in the audit columns).
import { ApiError } from '../../../shared/api';
import type { Db } from '../db/connection';
import { readWorkspaceSettings } from './workspaceSettings';

export const ANALYST_MISSING_MESSAGE =
  '尚未设置分析员姓名，文件和问责决定无人署名，不能印发或登记。请在“设置”页填写分析员姓名，或在命令行运行：bluesky settings --db 工作区文件 --set analyst=姓名';

/** The analyst's name for 制表人、印发人、生成人、决定人; refuses while it is not set. */
export function signerName(db: Db): string {
  const name = readWorkspaceSettings(db).analyst;
  if (!name) throw new ApiError('analyst_missing', ANALYST_MISSING_MESSAGE);
  return name;
}

/** What a document says about who sends it, read once when it is issued and kept in its recorded data. */
export interface Signature {
  issuer: string;
  office: string;
  docNumberPrefix: string;
  mainRecipients: string;
  copyRecipients: string;
}

export function signature(db: Db): Signature {
  const s = readWorkspaceSettings(db);
  return { issuer: signerName(db), office: s.office, docNumberPrefix: s.docNumberPrefix, mainRecipients: s.mainRecipients, copyRecipients: s.copyRecipients };
}
