import type http from 'node:http';
import { MAX_FILE_BYTES } from '../core/importer/workbookReader';

/** The base64 of the largest file the importer takes, plus room for the JSON around it (name, overrides). */
export const MAX_BODY_BYTES = Math.ceil(MAX_FILE_BYTES / 3) * 4 + 1024 * 1024;

/** How much of an oversized body is still read (and thrown away) before answering, and for how long. */
export const DRAIN_LIMIT_BYTES = 1024 * 1024 * 1024;
export const DRAIN_LIMIT_MS = 30_000;

export type BodyResult = { ok: true; body: Buffer } | { ok: false; reason: 'too_large' | 'aborted' };

export function declaredLength(req: http.IncomingMessage): number | null {
  const raw = req.headers['content-length'];
  if (raw === undefined || !/^\d+$/.test(raw)) return null;
  return Number(raw);
}

/**
 * Reads a request body up to `cap` bytes. Past the cap it keeps nothing, but goes on reading what the client is
 * still sending, up to a bound, before it settles: closing a socket with unread bytes in it resets the
 * connection, and the client then loses the answer that says why.
 */
export function readBody(req: http.IncomingMessage, cap: number): Promise<BodyResult> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let over = (declaredLength(req) ?? 0) > cap;
    let drained = 0;
    let timer: NodeJS.Timeout | null = null;
    const settle = (r: BodyResult) => {
      if (timer) clearTimeout(timer);
      req.removeAllListeners('data');
      resolve(r);
    };
    const startDraining = () => {
      over = true;
      chunks.length = 0;
      timer = setTimeout(() => settle({ ok: false, reason: 'too_large' }), DRAIN_LIMIT_MS);
      timer.unref();
    };
    if (over) startDraining();
    req.on('data', (c: Buffer) => {
      if (over) {
        drained += c.length;
        if (drained > DRAIN_LIMIT_BYTES) settle({ ok: false, reason: 'too_large' });
        return;
      }
      size += c.length;
      if (size > cap) return startDraining();
      chunks.push(c);
    });
    req.on('end', () => settle(over ? { ok: false, reason: 'too_large' } : { ok: true, body: Buffer.concat(chunks) }));
    req.on('error', () => settle({ ok: false, reason: 'aborted' }));
    req.on('close', () => {
      if (!req.complete) settle({ ok: false, reason: over ? 'too_large' : 'aborted' });
    });
  });
}
