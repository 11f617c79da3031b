import { ApiError, apiRequests, isApiMethod, type ApiErrorPayload, type ApiImpl, type ApiResult } from '../../shared/api';
import { describeZodError } from '../../shared/zod';
import { machineError } from './machineErrors';

export type Logger = (message: string, err?: unknown) => void;

const defaultLogger: Logger = (message, err) => console.error(message, err);

/**
 * The single entry every host goes through: checks the method name and the request against the contract,
 * runs the core, and turns any failure into { code, message } with a Chinese sentence.
 */
export async function dispatch(api: ApiImpl, method: unknown, args: unknown, log: Logger = defaultLogger): Promise<ApiResult<unknown>> {
  if (!isApiMethod(method)) {
    return { ok: false, error: { code: 'unknown_method', message: `没有名为“${String(method).slice(0, 80)}”的功能。` } };
  }
  const parsed = apiRequests[method].safeParse(args ?? {});
  if (!parsed.success) {
    return { ok: false, error: { code: 'invalid_request', message: `请求参数有误：${describeZodError(parsed.error)}` } };
  }
  try {
    const handler = api[method] as (req: unknown) => unknown;
    return { ok: true, result: await handler(parsed.data) };
  } catch (err) {
    return { ok: false, error: toErrorPayload(err, method, log) };
  }
}

export function toErrorPayload(err: unknown, where: string, log: Logger = defaultLogger): ApiErrorPayload {
  if (err instanceof ApiError) return err.toPayload();
  const machine = machineError(err);
  if (machine) return machine.toPayload();
  log(`[${where}] 未预期的错误`, err);
  return { code: 'internal', message: `工作台内部错误（${where}）：${err instanceof Error ? err.message : String(err)}。请把此信息告知技术支持。` };
}
