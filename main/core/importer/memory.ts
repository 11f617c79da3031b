// A full garbage collection on request. V8 runs one only when its own heap grows, not for memory held outside it:
// after the fast reader has scanned a big worksheet, the few hundred MB of inflated XML (a Buffer, outside the heap)
// would otherwise stay resident through the checks and the inserts, and with them the import's peak memory.
import v8 from 'node:v8';
import vm from 'node:vm';

let gc: (() => void) | null | undefined;

/** Collects garbage now if this V8 lets us (it does in Node and Electron); otherwise does nothing. */
export function collectGarbage(): void {
  if (gc === undefined) {
    gc = (globalThis as { gc?: () => void }).gc ?? null;
    if (!gc) {
      try {
        // the flag only installs `gc` in contexts made after it is set
        v8.setFlagsFromString('--expose-gc');
        gc = vm.runInNewContext('gc') as () => void;
      } catch {
        gc = null;
      }
    }
  }
  gc?.();
}
