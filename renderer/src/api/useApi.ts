import { useCallback, useEffect, useState } from 'react';
import type { ApiMethod, ApiRequest, ApiResponse } from '../../../shared/api';
import { invoke } from './client';

export type Loadable<T> = { state: 'loading' } | { state: 'error'; message: string } | { state: 'ready'; data: T };

/** Loads one API result for a page; `reload` fetches again after a change. */
export function useApi<M extends ApiMethod>(method: M, args: ApiRequest<M>, deps: unknown[] = []) {
  const [value, setValue] = useState<Loadable<ApiResponse<M>>>({ state: 'loading' });
  const key = JSON.stringify(args);
  const load = useCallback(() => {
    let live = true;
    invoke(method, JSON.parse(key) as ApiRequest<M>).then(
      (data) => live && setValue({ state: 'ready', data }),
      (err: unknown) => live && setValue({ state: 'error', message: err instanceof Error ? err.message : String(err) }),
    );
    return () => {
      live = false;
    };
  }, [method, key, ...deps]);
  useEffect(load, [load]);
  return { value, reload: load };
}
