import path from 'node:path';
import { openWorkspace, type OpenOptions, type Workspace } from '../core/workspace';
import { createApi, systemClock } from '../core/api';
import type { ReportDelivery } from '../core/reports/reportService';
import { ApiError, type ApiImpl, type ApiMethod, type ApiRequest, type ApiResponse } from '../../shared/api';
import { dispatch } from '../core/dispatch';
import { UsageError, type CliIo, type ParsedArgs } from './types';

export function dbPath(args: ParsedArgs, io: CliIo, required: true): string;
export function dbPath(args: ParsedArgs, io: CliIo, required: false): string | null;
export function dbPath(args: ParsedArgs, io: CliIo, required: boolean): string | null {
  const db = args.values.db;
  if (typeof db !== 'string' || !db) {
    if (required) throw new UsageError('缺少 --db PATH：请指定工作区文件的路径，例如 --db 工作区.sqlite');
    return null;
  }
  return path.resolve(io.cwd, db);
}

/** Opens the workspace for one command and closes it whatever happens. */
export async function withWorkspace<T>(
  file: string,
  io: CliIo,
  opts: { create?: boolean; pdf?: boolean; deliverReport?: ReportDelivery; plan?: OpenOptions['plan'] },
  fn: (ws: Workspace, api: ApiImpl) => Promise<T>,
): Promise<T> {
  const ws = openWorkspace(file, { create: opts.create ?? false, ...(opts.plan ? { plan: opts.plan } : {}) });
  try {
    // Chromium is started only by commands that print PDFs
    const pdf = opts.pdf ? async (html: string) => (await import('./pdf/chromiumPdf')).htmlToPdf(html) : undefined;
    return await fn(ws, createApi({
        db: ws.db,
        file: ws.file,
        clock: systemClock,
        user: io.user,
        ...(pdf ? { pdf } : {}),
        ...(opts.deliverReport ? { deliverReport: opts.deliverReport } : {}),
      }),);
  } finally {
    ws.db.close();
  }
}

/** The CLI goes through the same validating dispatcher as the other hosts. */
export async function call<M extends ApiMethod>(api: ApiImpl, method: M, req: ApiRequest<M>): Promise<ApiResponse<M>> {
  const r = await dispatch(api, method, req);
  if (!r.ok) throw new ApiError(r.error.code, r.error.message, r.error.details);
  return r.result as ApiResponse<M>;
}
