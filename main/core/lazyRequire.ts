import { createRequire } from 'node:module';

/**
 * A package loaded when first needed rather than with the module that uses it, synchronously. In a CommonJS
 * bundle (the app, the built CLI) `require` is there; under tsx the module is ESM and needs one made. Not import():
 * the CLI runs its bundle from V8's code cache, where a dynamic import has no loader to call.
 */
export function lazyRequire<T>(id: string): T {
  const load = typeof require === 'function' ? require : createRequire(import.meta.url);
  return load(id) as T;
}
