// The one contract between the renderer, the hosts (Electron IPC, loopback bridge, CLI) and the core.
// Every method is `area.verb`; every request has a zod schema that each host checks before the core runs.
import { z } from './zod';
import { emptyRequest, unitName } from './schemas';
import type { PlanView, UnitView, WorkspaceInfo } from './models';

export const apiRequests = {
  'app.info': emptyRequest,
  'plan.get': emptyRequest,
  'units.list': emptyRequest,
  'units.resolve': z.object({ name: z.string().max(200) }).strict(),
  'units.addAlias': z.object({ alias: unitName, unit: unitName }).strict(),
  'units.removeAlias': z.object({ alias: unitName }).strict(),
} as const;

export interface ApiResponses {
  'app.info': WorkspaceInfo;
  'plan.get': PlanView;
  'units.list': UnitView[];
  'units.resolve': { input: string; unit: string | null };
  'units.addAlias': UnitView;
  'units.removeAlias': UnitView;
}

export type ApiMethod = keyof typeof apiRequests;
export type ApiRequest<M extends ApiMethod> = z.input<(typeof apiRequests)[M]>;
export type ApiParsedRequest<M extends ApiMethod> = z.output<(typeof apiRequests)[M]>;
export type ApiResponse<M extends ApiMethod> = ApiResponses[M];

/** What the core implements, once. */
export type ApiImpl = { [M in ApiMethod]: (req: ApiParsedRequest<M>) => Promise<ApiResponse<M>> | ApiResponse<M> };

export function isApiMethod(name: unknown): name is ApiMethod {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(apiRequests, name);
}

/** Events the core pushes to the UI while long work runs. */
export interface ApiEvents {
  progress: { jobId: string; stage: string; done: number; total: number; message: string };
}
export type ApiEventName = keyof ApiEvents;
export const API_EVENT_NAMES: readonly ApiEventName[] = ['progress'];

/** Errors a user can meet carry a stable code and a Chinese sentence saying what is wrong and what to do. */
export interface ApiErrorPayload {
  code: string;
  message: string;
  details?: unknown;
}

export type ApiResult<T> = { ok: true; result: T } | { ok: false; error: ApiErrorPayload };

export class ApiError extends Error {
  readonly code: string;
  readonly details: unknown;
  constructor(code: string, message: string, details?: unknown) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
    this.details = details;
  }
  toPayload(): ApiErrorPayload {
    return this.details === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, details: this.details };
  }
}
