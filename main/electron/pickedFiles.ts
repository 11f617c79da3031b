import type { ApiErrorPayload } from '../../shared/api';
import { filePathsIn, shownPath } from '../../shared/requestPaths';

/** Far more than an analyst picks in a session; past it the oldest choices are forgotten. */
const MAX_PICKED_PER_WINDOW = 2000;

/**
 * The paths each window's user chose in the open dialog, by the window's web contents id. A page can hand the
 * core only these, so a compromised page still cannot make it read any other file.
 */
export class PickedFiles {
  private readonly byOwner = new Map<number, Set<string>>();

  add(owner: number, paths: readonly string[]): void {
    let set = this.byOwner.get(owner);
    if (!set) this.byOwner.set(owner, (set = new Set()));
    for (const p of paths) {
      set.delete(p);
      set.add(p);
    }
    for (const old of set) {
      if (set.size <= MAX_PICKED_PER_WINDOW) break;
      set.delete(old);
    }
  }

  has(owner: number, p: string): boolean {
    return this.byOwner.get(owner)?.has(p) ?? false;
  }

  forget(owner: number): void {
    this.byOwner.delete(owner);
  }

  /** Whether this window has any choices recorded (the cleanup hook is attached once per window). */
  knows(owner: number): boolean {
    return this.byOwner.has(owner);
  }
}

/** Why a request may not go to the core: it names a file this window's user did not choose; null when it may. */
export function refusePaths(picked: PickedFiles, owner: number, args: unknown): ApiErrorPayload | null {
  const scan = filePathsIn(args);
  if (!scan.ok) return { code: 'invalid_request', message: '请求参数有误：嵌套层次过深。' };
  const stray = scan.paths.find((p) => !picked.has(owner, p));
  if (stray === undefined) return null;
  return {
    code: 'path_not_picked',
    message: `只能读取在“选择文件”对话框中选中的文件，“${shownPath(stray)}”不是这样选中的，工作台没有读取它。请点击“选择文件”重新选择。`,
  };
}
