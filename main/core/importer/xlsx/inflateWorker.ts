// A worksheet inflated by a second thread while this one scans it: inflating a 100,000-row ledger's XML takes
// about 0.2–0.4 s of the import, and the machines we run on have a second core sitting idle.
//
// The reader is synchronous (it runs under a vm time limit, in the CLI's thread or the app's import worker), so the
// pieces are taken with receiveMessageOnPort and Atomics.wait rather than events. The worker runs node:zlib — the
// same inflater as the whole-part path — and stays at most MAX_AHEAD pieces ahead, so a million-row sheet is never
// all in memory. It is plain JavaScript evaluated in the worker: no file to find in a bundle or an asar.
import { MessageChannel, receiveMessageOnPort, Worker } from 'node:worker_threads';

/** Inflated bytes per piece. */
export const WORKER_PIECE_BYTES = 1 << 20;
/** Pieces inflated ahead of the scan: with 1 MB pieces, at most 8 MB waiting. */
const MAX_AHEAD = 8;
/** Slices of waiting, so a time limit on the reading thread can stop it. */
const WAIT_SLICE_MS = 100;
/** A worker that produces nothing for this long is taken as gone (it never starts in under a second). */
const STALL_MS = 120_000;

// ctrl: [0] pieces posted, [1] pieces taken, [2] stop
const WORKER_SOURCE = `
const { workerData } = require('node:worker_threads');
try {
const zlib = require('node:zlib');
const { raw, size, pieceBytes, maxAhead, ctrl, port } = workerData;
const flag = new Int32Array(ctrl);
let total = 0;
let over = false;
const post = (m) => {
  port.postMessage(m);
  Atomics.add(flag, 0, 1);
  Atomics.notify(flag, 0);
};
const finish = (m) => {
  if (over) return;
  over = true;
  post(m);
  port.close();
};
const inf = zlib.createInflateRaw({ chunkSize: pieceBytes });
inf.on('data', (d) => {
  if (over) return;
  total += d.length;
  if (total > size) {
    finish({ error: 'too_large' });
    inf.destroy();
    return;
  }
  post(d);
  let idle = 0;
  while (Atomics.load(flag, 0) - Atomics.load(flag, 1) >= maxAhead && !Atomics.load(flag, 2)) {
    if (Atomics.wait(flag, 1, Atomics.load(flag, 1), 1000) === 'timed-out' && ++idle > 60) break;
  }
  if (Atomics.load(flag, 2) || idle > 60) {
    over = true;
    inf.destroy();
    port.close();
  }
});
inf.on('end', () => finish({ done: true, total }));
inf.on('error', (e) => finish({ error: 'inflate', message: String(e && e.message) }));
inf.end(raw);
} catch (e) {
  workerData.port.postMessage({ error: 'worker', message: String(e && e.message) });
  Atomics.add(new Int32Array(workerData.ctrl), 0, 1);
  Atomics.notify(new Int32Array(workerData.ctrl), 0);
  workerData.port.close();
}
`;

export class InflateFailure extends Error {
  constructor(
    readonly kind: 'too_large' | 'inflate' | 'worker',
    message: string,
  ) {
    super(message);
  }
}

/** Whether a worker thread can be started here at all (it cannot in some sandboxes); asked once. */
let workersWork: boolean | null = null;

/**
 * The raw-deflate data inflated in a worker thread, piece by piece, at most `declaredSize` bytes. Throws
 * InflateFailure('too_large') past the declared size and InflateFailure('inflate') for data zlib cannot inflate;
 * returns null when no worker can be started, for the caller to inflate in its own thread.
 */
export function inflateInWorker(raw: Uint8Array, declaredSize: number, pieceBytes = WORKER_PIECE_BYTES): Generator<Buffer> | null {
  if (workersWork === false) return null;
  const ctrl = new SharedArrayBuffer(3 * 4);
  const { port1, port2 } = new MessageChannel();
  let worker: Worker;
  try {
    worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { raw, size: declaredSize, pieceBytes, maxAhead: MAX_AHEAD, ctrl, port: port2 },
      transferList: [port2],
    });
  } catch {
    workersWork = false;
    port1.close();
    return null;
  }
  workersWork = true;
  worker.unref();
  return pieces(worker, port1, new Int32Array(ctrl));
}

function* pieces(worker: Worker, port: MessagePortLike, flag: Int32Array): Generator<Buffer> {
  let taken = 0;
  try {
    for (;;) {
      const m = next(port, flag, taken) as { message: Uint8Array | { done?: true; total?: number; error?: 'too_large' | 'inflate' | 'worker'; message?: string } };
      taken++;
      Atomics.store(flag, 1, taken);
      Atomics.notify(flag, 1);
      const msg = m.message;
      if (msg instanceof Uint8Array) {
        yield Buffer.from(msg.buffer, msg.byteOffset, msg.byteLength);
        continue;
      }
      if (msg.error === 'too_large') throw new InflateFailure('too_large', 'inflates past its declared size');
      if (msg.error) throw new InflateFailure(msg.error, msg.message ?? 'inflate failed');
      return;
    }
  } finally {
    Atomics.store(flag, 2, 1);
    Atomics.notify(flag, 1);
    port.close();
    void worker.terminate();
  }
}

type MessagePortLike = Parameters<typeof receiveMessageOnPort>[0];

/** The next message, waiting for the worker in short slices. */
function next(port: MessagePortLike, flag: Int32Array, taken: number): { message: unknown } {
  let waited = 0;
  for (;;) {
    const m = receiveMessageOnPort(port);
    if (m) return m;
    if (waited >= STALL_MS) throw new InflateFailure('worker', 'the inflating thread stopped answering');
    // posted counts only go up: wait while it still says what we have already taken
    if (Atomics.wait(flag, 0, taken, WAIT_SLICE_MS) === 'timed-out') waited += WAIT_SLICE_MS;
  }
}
