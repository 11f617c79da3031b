import path from 'node:path';
import { CONTENT_SECURITY_POLICY } from '../../shared/security';

/** The renderer lives at app://bluesky/…, a privileged scheme of our own, never file:// or a remote origin. */
export const APP_SCHEME = 'app';
export const APP_HOST = 'bluesky';
export const APP_ENTRY = `${APP_SCHEME}://${APP_HOST}/index.html`;
export { CONTENT_SECURITY_POLICY };

export function isAppUrl(raw: string): boolean {
  try {
    const u = new URL(raw);
    // compare protocol and host: URL.origin of a custom scheme is the string "null"
    return u.protocol === `${APP_SCHEME}:` && u.host.toLowerCase() === APP_HOST;
  } catch {
    return false;
  }
}

export type AppRequestResolution = { ok: true; file: string } | { ok: false; status: 400 | 403 | 404 | 405 };

/** Maps a request on the app scheme to a file inside the renderer folder, refusing anything that would leave it. */
export function resolveAppRequest(rawUrl: string, method: string, root: string): AppRequestResolution {
  if (method !== 'GET' && method !== 'HEAD') return { ok: false, status: 405 };
  let url: URL;
  try {
    url = new URL(rawUrl);
  } catch {
    return { ok: false, status: 400 };
  }
  if (!isAppUrl(rawUrl)) return { ok: false, status: 404 };
  let rel: string;
  try {
    rel = decodeURIComponent(url.pathname);
  } catch {
    return { ok: false, status: 400 };
  }
  if (rel.includes('\0')) return { ok: false, status: 400 };
  if (rel.endsWith('/')) rel += 'index.html';
  const base = path.resolve(root);
  // resolve after decoding, so ..%2f and ..%5c are caught too
  const file = path.resolve(base, `.${rel}`);
  const inside = path.relative(base, file);
  if (inside === '' || inside === '..' || inside.startsWith(`..${path.sep}`) || path.isAbsolute(inside)) return { ok: false, status: 403 };
  return { ok: true, file };
}
