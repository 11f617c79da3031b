import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import type { ApiEventName, ApiEvents, ApiImpl } from '../../shared/api';
import { dispatch, type Logger } from '../core/dispatch';
import { CONTENT_SECURITY_POLICY } from '../../shared/security';
import { filePathsIn, shownPath } from '../../shared/requestPaths';
import { declaredLength, MAX_BODY_BYTES, readBody } from './requestBody';


const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.map': 'application/json; charset=utf-8',
};

/** Every page subscribes over one stream; a few tabs stay well under this. */
const MAX_EVENT_STREAMS = 8;

export interface BridgeOptions {
  api: ApiImpl;
  /** Built renderer (dist/renderer). Without it the bridge serves the API only. */
  staticDir?: string;
  port?: number;
  /** Fixed token for tests; normally a random one per start. */
  token?: string;
  log?: Logger;
  /** Smaller limits for tests. */
  limits?: { bodyBytes?: number; eventStreams?: number };
}

export interface Bridge {
  url: string;
  port: number;
  token: string;
  emit<E extends ApiEventName>(event: E, payload: ApiEvents[E]): void;
  close(): Promise<void>;
}

function send(res: http.ServerResponse, status: number, body: string | Buffer, type: string, extra: Record<string, string> = {}) {
  res.writeHead(status, {
    'Content-Type': type,
    'Content-Length': Buffer.byteLength(body),
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cache-Control': 'no-store',
    ...extra,
  });
  res.end(body);
}

function sendJson(res: http.ServerResponse, status: number, value: unknown, extra: Record<string, string> = {}) {
  send(res, status, JSON.stringify(value), 'application/json; charset=utf-8', extra);
}

/** Sent with Connection: close, once what the client was still sending has been read and dropped (see readBody). */
function refuseTooLarge(res: http.ServerResponse, cap: number) {
  const mb = Math.floor(cap / 1024 / 1024);
  sendJson(
    res,
    413,
    { ok: false, error: { code: 'too_large', message: `上传的内容超过 ${mb} MB，工作台没有接收。单个台账文件不能超过 100 MB，请按县区或按月拆分后分别导入。` } },
    { Connection: 'close' },
  );
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && crypto.timingSafeEqual(x, y);
}

/**
 * The loopback host of the core for browser mode and end-to-end tests. Listens on 127.0.0.1 only;
 * API calls need the per-start token, which only the page served by this bridge carries.
 */
export async function startBridge(opts: BridgeOptions): Promise<Bridge> {
  const token = opts.token ?? crypto.randomBytes(24).toString('base64url');
  const log = opts.log ?? ((m, e) => console.error(m, e));
  const staticRoot = opts.staticDir ? path.resolve(opts.staticDir) : null;
  const listeners = new Set<http.ServerResponse>();
  const maxBody = opts.limits?.bodyBytes ?? MAX_BODY_BYTES;
  const maxStreams = opts.limits?.eventStreams ?? MAX_EVENT_STREAMS;
  let port = 0;

  const hostAllowed = (host: string | undefined) => host === `127.0.0.1:${port}` || host === `localhost:${port}`;

  const serveStatic = (res: http.ServerResponse, pathname: string) => {
    if (!staticRoot) return send(res, 404, '未找到', 'text/plain; charset=utf-8');
    let rel: string;
    try {
      rel = decodeURIComponent(pathname);
    } catch {
      return send(res, 400, '地址有误', 'text/plain; charset=utf-8');
    }
    if (rel.includes('\0')) return send(res, 400, '地址有误', 'text/plain; charset=utf-8');
    if (rel.endsWith('/')) rel += 'index.html';
    const file = path.resolve(staticRoot, `.${rel}`);
    const inside = path.relative(staticRoot, file);
    if (inside.startsWith('..') || path.isAbsolute(inside)) return send(res, 403, '禁止访问', 'text/plain; charset=utf-8');
    if (!fs.existsSync(file) || !fs.statSync(file).isFile()) return send(res, 404, '未找到', 'text/plain; charset=utf-8');
    const ext = path.extname(file).toLowerCase();
    let body: string | Buffer = fs.readFileSync(file);
    if (ext === '.html') {
      body = body.toString('utf8').replace(/<meta name="bluesky-token" content="[^"]*"\s*\/?>/, `<meta name="bluesky-token" content="${token}" />`);
    }
    send(res, 200, body, MIME[ext] ?? 'application/octet-stream', {
      'Content-Security-Policy': CONTENT_SECURITY_POLICY,
      'X-Frame-Options': 'DENY',
    });
  };

  const handle = async (req: http.IncomingMessage, res: http.ServerResponse) => {
    try {
      // DNS rebinding: a page on another name resolving to 127.0.0.1 still sends its own Host.
      if (!hostAllowed(req.headers.host)) return send(res, 421, '仅接受本机地址访问', 'text/plain; charset=utf-8');
      const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
      if (url.pathname.startsWith('/api/')) {
        const origin = req.headers.origin;
        if (origin !== undefined && origin !== `http://127.0.0.1:${port}` && origin !== `http://localhost:${port}`) {
          return sendJson(res, 403, { ok: false, error: { code: 'forbidden', message: '拒绝来自其他网页的请求。' } });
        }
        const given = (req.headers['x-bluesky-token'] as string | undefined) ?? url.searchParams.get('token') ?? '';
        if (!safeEqual(given, token)) {
          return sendJson(res, 401, { ok: false, error: { code: 'unauthorized', message: '访问令牌无效，请从工作台启动时打印的地址重新打开页面。' } });
        }
        if (url.pathname === '/api/events' && req.method === 'GET') {
          if (listeners.size >= maxStreams) {
            return sendJson(res, 429, {
              ok: false,
              error: { code: 'too_many_streams', message: `同时打开的工作台页面过多（最多 ${maxStreams} 个），本页收不到进度。请关闭不用的工作台页面后刷新本页。` },
            });
          }
          res.writeHead(200, { 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-store', Connection: 'keep-alive' });
          res.write(': connected\n\n');
          listeners.add(res);
          req.on('close', () => listeners.delete(res));
          return;
        }
        const m = /^\/api\/invoke\/([A-Za-z0-9_.]+)$/.exec(url.pathname);
        if (!m || req.method !== 'POST') {
          return sendJson(res, 404, { ok: false, error: { code: 'not_found', message: '没有这个接口。' } });
        }
        if (!(req.headers['content-type'] ?? '').startsWith('application/json')) {
          return sendJson(res, 415, { ok: false, error: { code: 'bad_content_type', message: '请求须为 JSON。' } });
        }
        const read = await readBody(req, maxBody);
        if (!read.ok) {
          if (read.reason === 'too_large') return refuseTooLarge(res, maxBody);
          return;
        }
        let args: unknown;
        try {
          args = read.body.length ? JSON.parse(read.body.toString('utf8')) : {};
        } catch {
          return sendJson(res, 400, { ok: false, error: { code: 'invalid_json', message: '请求内容不是有效的 JSON。' } });
        }
        // a page can only upload what the user chose; a path would let it read any file the bridge can
        const scan = filePathsIn(args);
        if (!scan.ok) return sendJson(res, 400, { ok: false, error: { code: 'invalid_request', message: '请求参数有误：嵌套层次过深。' } });
        if (scan.paths.length > 0) {
          return sendJson(res, 400, {
            ok: false,
            error: {
              code: 'path_not_allowed',
              message: `浏览器模式不按路径读取本机文件（收到的路径：${shownPath(scan.paths[0]!)}）。请在页面上点击“选择文件”或把文件拖进来上传。`,
            },
          });
        }
        return sendJson(res, 200, await dispatch(opts.api, m[1], args, log));
      }
      if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, '不支持的请求方式', 'text/plain; charset=utf-8');
      return serveStatic(res, url.pathname);
    } catch (err) {
      log('[bridge] 请求处理失败', err);
      if (!res.headersSent) sendJson(res, 500, { ok: false, error: { code: 'internal', message: '工作台内部错误。' } });
    }
  };
  const server = http.createServer(handle);
  // Expect: 100-continue — a body declared too large is refused before the client sends it
  server.on('checkContinue', (req: http.IncomingMessage, res: http.ServerResponse) => {
    if ((declaredLength(req) ?? 0) > maxBody) return refuseTooLarge(res, maxBody);
    res.writeContinue();
    void handle(req, res);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;

  return {
    url: `http://127.0.0.1:${port}/`,
    port,
    token,
    emit(event, payload) {
      const frame = `event: ${event}\ndata: ${JSON.stringify(payload)}\n\n`;
      for (const l of listeners) l.write(frame);
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const l of listeners) l.end();
        listeners.clear();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
