// A worksheet inflated by a second thread while this one scans it: inflating a 100,000-row ledger's XML takes
// about 0.15 s of the import (0.4 s on a loaded machine), and the machines we run on have a second core sitting idle.
//
// The reader is synchronous (it runs under a vm time limit, in the CLI's thread or the app's import worker), so the
// pieces are taken with receiveMessageOnPort and Atomics.wait rather than events. The worker runs node:zlib — the
// same inflater as the whole-part path — and stays at most MAX_AHEAD pieces ahead of the scan. It is plain
// JavaScript evaluated in the worker: no file to find in a bundle or an asar. If the reading thread is stopped
// mid-way (its time limit), the worker gives up after a minute with nobody taking its pieces.
import { MessageChannel, receiveMessageOnPort, Worker } from 'node:worker_threads';

/** Inflated bytes per piece. */
const WORKER_PIECE_BYTES = 1 << 20;
/** Pieces inflated ahead of the scan: with 1 MB pieces, at most 4 MB waiting. */
const MAX_AHEAD = 4;
/** Slices of waiting, so a time limit on the reading thread can stop it. */
const WAIT_SLICE_MS = 100;
/** A worker that produces nothing for this long is taken as gone (it never starts in under a second). */
const STALL_MS = 120_000;

// ctrl: [0] pieces posted, [1] pieces taken, [2] stop. Each piece is copied into its own buffer here and handed over
// (transferred, not copied again), and ends after the last `align` marker in it, so the reading thread need not join
// pieces; a piece with no marker in four pieces' worth goes as it is (the reader handles any cut).
const WORKER_SOURCE = `
const { workerData } = require('node:worker_threads');
try {
const zlib = require('node:zlib');
const { raw, size, pieceBytes, maxAhead, ctrl, port, align } = workerData;
const marker = align ? Buffer.from(align) : null;
const flag = new Int32Array(ctrl);
let total = 0;
let over = false;
let carry = null;
const post = (m, transfer) => {
  port.postMessage(m, transfer);
  Atomics.add(flag, 0, 1);
  Atomics.notify(flag, 0);
};
const send = (b) => {
  const ab = new ArrayBuffer(b.length);
  new Uint8Array(ab).set(b);
  post(new Uint8Array(ab), [ab]);
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
  const b = carry ? Buffer.concat([carry, d]) : d;
  let cut = b.length;
  if (marker) {
    const i = b.lastIndexOf(marker);
    cut = i >= 0 ? i + marker.length : b.length >= 4 * pieceBytes ? b.length : 0;
  }
  carry = cut < b.length ? Buffer.from(b.subarray(cut)) : null;
  if (cut === 0) return;
  send(b.subarray(0, cut));
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
inf.on('end', () => {
  if (!over && carry) send(carry);
  finish({ done: true, total });
});
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

export interface WorkerInflateOptions {
  /** Inflated bytes per piece (tests make them small). */
  pieceBytes?: number;
  /** Pieces end just after the last occurrence of this text in them. */
  align?: string;
}

/**
 * The raw-deflate data inflated in a worker thread, piece by piece, at most `declaredSize` bytes; the thread starts
 * at once. Iterating throws InflateFailure('too_large') past the declared size and InflateFailure('inflate') for data
 * zlib cannot inflate. Null when no worker can be started, for the caller to inflate in its own thread.
 */
export function inflateInWorker(raw: Uint8Array, declaredSize: number, opts: WorkerInflateOptions = {}): WorkerInflate | null {
  if (workersWork === false) return null;
  const ctrl = new SharedArrayBuffer(3 * 4);
  const { port1, port2 } = new MessageChannel();
  // a copy of just the entry, handed over: a view (raw is one) would send the whole file's buffer along
  const own = new Uint8Array(raw);
  let worker: Worker;
  try {
    worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { raw: own, size: declaredSize, pieceBytes: opts.pieceBytes ?? WORKER_PIECE_BYTES, maxAhead: MAX_AHEAD, ctrl, port: port2, align: opts.align ?? null },
      transferList: [port2, own.buffer],
    });
  } catch {
    workersWork = false;
    port1.close();
    return null;
  }
  workersWork = true;
  worker.unref();
  return new WorkerInflate(worker, port1, new Int32Array(ctrl));
}

type MessagePortLike = Parameters<typeof receiveMessageOnPort>[0];
type Message = Uint8Array | { done?: true; total?: number; error?: 'too_large' | 'inflate' | 'worker'; message?: string };

/** The pieces, once; stop() ends the thread whether or not they were taken (iterating to the end or breaking off does too). */
export class WorkerInflate implements Iterable<Buffer> {
  private stopped = false;
  constructor(
    private readonly worker: Worker,
    private readonly port: MessagePortLike,
    private readonly flag: Int32Array,
  ) {}

  *[Symbol.iterator](): Generator<Buffer> {
    let taken = 0;
    try {
      for (;;) {
        const msg = this.next(taken).message as Message;
        taken++;
        Atomics.store(this.flag, 1, taken);
        Atomics.notify(this.flag, 1);
        if (msg instanceof Uint8Array) {
          yield Buffer.from(msg.buffer, msg.byteOffset, msg.byteLength);
          continue;
        }
        if (msg.error === 'too_large') throw new InflateFailure('too_large', 'inflates past its declared size');
        if (msg.error) throw new InflateFailure(msg.error, msg.message ?? 'inflate failed');
        return;
      }
    } finally {
      this.stop();
    }
  }

  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    Atomics.store(this.flag, 2, 1);
    Atomics.notify(this.flag, 1);
    this.port.close();
    void this.worker.terminate();
  }

  /** The next message, waiting for the worker in short slices. */
  private next(taken: number): { message: unknown } {
    let waited = 0;
    for (;;) {
      const m = receiveMessageOnPort(this.port);
      if (m) return m;
      if (waited >= STALL_MS) throw new InflateFailure('worker', 'the inflating thread stopped answering');
      // the posted count only goes up: wait while it still says what we have already taken
      if (Atomics.wait(this.flag, 0, taken, WAIT_SLICE_MS) === 'timed-out') waited += WAIT_SLICE_MS;
    }
  }
}
