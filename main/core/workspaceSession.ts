// The workspace a host (the app, browser mode) keeps open, behind an API that can swap it: restoring a backup
// closes the connection, replaces the file and opens it again, and every later call reaches the restored data.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ApiError, apiRequests, type ApiImpl, type ApiMethod, type ApiParsedRequest } from '../../shared/api';
import type { RestoreResult } from '../../shared/backupModels';
import { createApi, type ApiContext } from './api';
import { listBackups } from './backup/backupFolder';
import { isInMemory } from './backup/backupWorkspace';
import { restoreWorkspace } from './backup/restoreWorkspace';
import { readMigrations } from './db/migrate';
import { defaultResources } from './resources';
import type { Workspace } from './workspace';
import { searchBacklog } from './db/repos/ledgerSearchRepo';

export interface SessionOptions {
  workspace: Workspace;
  /** The API context for an open workspace: runners, clock, user, events. */
  context: (ws: Workspace) => ApiContext;
  /** Opens the workspace file again after a restore (an older copy is migrated, with its backup, as on any open). */
  reopen: (file: string) => Workspace;
}

export interface WorkspaceSession {
  readonly api: ApiImpl;
  current(): Workspace;
  /** Closes the workspace once the import worker has let go of it (an import in hand finishes first). */
  close(): Promise<void>;
}

/** Rows imported while no worker was there to index them (by the CLI, say) are indexed now, in the background. */
function indexSearchSoon(ws: Workspace, ctx: ApiContext): void {
  if (ctx.runner?.indexInBackground && searchBacklog(ws.db, 1).length > 0) ctx.runner.indexInBackground();
}

export function createWorkspaceSession(o: SessionOptions): WorkspaceSession {
  let ws: Workspace | null = o.workspace;
  let ctx = o.context(ws);
  indexSearchSoon(ws, ctx);
  let inner = createApi(ctx);
  let running = 0;
  let restoring = false;
  let broken: string | null = null;

  const open = (): Workspace => {
    if (restoring) throw new ApiError('restoring', '正在恢复工作区，请稍候再试。');
    if (!ws) throw new ApiError('workspace_unavailable', broken ?? '工作区已关闭。');
    return ws;
  };

  const api = {} as Record<ApiMethod, (req: unknown) => Promise<unknown>>;
  for (const method of Object.keys(apiRequests) as ApiMethod[]) {
    api[method] = async (req) => {
      open();
      running++;
      try {
        return await (inner[method] as (r: unknown) => unknown)(req);
      } finally {
        running--;
      }
    };
  }

  /** The file to restore from: a copy in the 备份 folder, or one the analyst picked (bytes are staged in a temp folder). */
  function sourceOf(req: ApiParsedRequest<'backups.restore'>, file: string): { source: string; cleanup: () => void } {
    const none = { cleanup: () => {} };
    if ('name' in req) {
      const found = listBackups(file).find((b) => b.name === req.name);
      if (!found) throw new ApiError('not_found', `备份文件夹中没有名为“${req.name}”的备份。请刷新列表后再试。`);
      return { source: found.file, ...none };
    }
    const f = req.file;
    if ('path' in f) return { source: f.path, ...none };
    if (!('base64' in f)) throw new ApiError('invalid_request', '请重新选择要恢复的工作区文件。');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bluesky-restore-'));
    const source = path.join(dir, path.basename(f.name) || 'workspace.sqlite');
    fs.writeFileSync(source, Buffer.from(f.base64, 'base64'));
    return { source, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
  }

  api['backups.restore'] = async (req) => {
    const current = open();
    if (running > 0) throw new ApiError('workspace_busy', '有导入、报告或其他操作正在进行，请等它完成后再恢复。');
    if (isInMemory(current.file)) throw new ApiError('in_memory', '这个工作区只在内存中，不能恢复。');
    const { source, cleanup } = sourceOf(req as ApiParsedRequest<'backups.restore'>, current.file);
    const latestVersion = readMigrations((ctx.resources ?? defaultResources()).migrationsDir).length;
    restoring = true;
    let result: RestoreResult;
    try {
      await ctx.runner?.close?.();
      current.db.close();
      ws = null;
      try {
        result = restoreWorkspace({ workspace: current.file, source, latestVersion, now: ctx.clock.now() });
      } finally {
        try {
          ws = o.reopen(current.file);
          ctx = o.context(ws);
          inner = createApi(ctx);
          indexSearchSoon(ws, ctx);
        } catch (err) {
          broken = `工作区 ${current.file} 无法重新打开（${err instanceof Error ? err.message : String(err)}）。请重启工作台。`;
        }
      }
    } finally {
      restoring = false;
      cleanup();
    }
    if (!ws) throw new ApiError('workspace_unavailable', broken!);
    return result;
  };

  return {
    api: api as unknown as ApiImpl,
    current: () => open(),
    close: async () => {
      const open = ws;
      ws = null;
      await ctx.runner?.close?.();
      open?.db.close();
    },
  };
}
