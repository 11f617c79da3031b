import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBridge, type Bridge } from '../../main/bridge/server';
import { createApi } from '../../main/core/api';
import { openWorkspace } from '../../main/core/workspace';


let bridge: Bridge;
let staticDir: string;
const ws = openWorkspace(':memory:');

function request(opts: { method?: string; path: string; headers?: Record<string, string>; body?: string }): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port: bridge.port, method: opts.method ?? 'GET', path: opts.path, headers: opts.headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    if (opts.body) req.write(opts.body);
    req.end();
  });
}

const invoke = (method: string, args: unknown, headers: Record<string, string> = {}) =>
  request({ method: 'POST', path: `/api/invoke/${method}`, headers: { 'Content-Type': 'application/json', 'X-Bluesky-Token': bridge.token, ...headers }, body: JSON.stringify(args) });

beforeAll(async () => {
  staticDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bluesky-static-'));
  fs.writeFileSync(path.join(staticDir, 'index.html'), '<html><head><meta name="bluesky-token" content="" /></head><body>工作台</body></html>');
  fs.mkdirSync(path.join(staticDir, 'assets'));
  fs.writeFileSync(path.join(staticDir, 'assets', 'app.js'), 'console.log(1)');
  bridge = await startBridge({ api: createApi({ db: ws.db, file: ':memory:', clock: { now: () => new Date() }, user: 'tester' }), staticDir, log: () => {} });
});
afterAll(async () => {
  await bridge.close();
  fs.rmSync(staticDir, { recursive: true, force: true });
});

describe('the loopback bridge', () => {
  it('listens on 127.0.0.1 only, with a fresh random token', async () => {
    expect(bridge.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    expect(bridge.token.length).toBeGreaterThanOrEqual(32);
    const other = await startBridge({ api: createApi({ db: ws.db, file: ':memory:', clock: { now: () => new Date() }, user: 't' }) });
    expect(other.token).not.toBe(bridge.token);
    await other.close();
  });

  it('serves the page with the token in it and a strict CSP', async () => {
    const res = await request({ path: '/', headers: { Host: `127.0.0.1:${bridge.port}` } });
    expect(res.status).toBe(200);
    expect(res.body).toContain(`<meta name="bluesky-token" content="${bridge.token}" />`);
    expect(res.headers['content-security-policy']).toContain("script-src 'self'");
    expect(res.headers['content-security-policy']).toContain("connect-src 'self'");
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect((await request({ path: '/assets/app.js' })).headers['content-type']).toMatch(/^text\/javascript/);
  });

  it('answers API calls that carry the token', async () => {
    const res = await invoke('plan.get', {});
    expect(res.status).toBe(200);
    const body = JSON.parse(res.body);
    expect(body.ok).toBe(true);
    expect(body.result.tasks).toHaveLength(22);
  });

  it('refuses calls without the token, from another page, or for another host name', async () => {
    expect((await invoke('plan.get', {}, { 'X-Bluesky-Token': 'guess' })).status).toBe(401);
    const noToken = await request({ method: 'POST', path: '/api/invoke/plan.get', headers: { 'Content-Type': 'application/json' }, body: '{}' });
    expect(noToken.status).toBe(401);
    expect(JSON.parse(noToken.body).error.message).toMatch(/访问令牌无效/);
    expect((await invoke('plan.get', {}, { Origin: 'http://evil.example' })).status).toBe(403);
    expect((await invoke('plan.get', {}, { Host: `evil.example:${bridge.port}` })).status).toBe(421);
  });

  it('keeps the static files inside their folder', async () => {
    for (const p of ['/../package.json', '/..%2f..%2fetc%2fpasswd', '/assets/%2e%2e/%2e%2e/secret']) {
      const res = await request({ path: p });
      expect([403, 404]).toContain(res.status);
      expect(res.body).not.toContain('root:');
    }
  });

  it('reports bad requests as Chinese errors without crashing', async () => {
    const bad = await request({ method: 'POST', path: '/api/invoke/plan.get', headers: { 'Content-Type': 'application/json', 'X-Bluesky-Token': bridge.token }, body: '{"a":' });
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.body).error.message).toBe('请求内容不是有效的 JSON。');
    expect(JSON.parse((await invoke('no.such', {})).body).error.code).toBe('unknown_method');
    expect(JSON.parse((await invoke('units.resolve', { name: 42 })).body).error.code).toBe('invalid_request');
    expect((await request({ method: 'DELETE', path: '/' })).status).toBe(405);
    expect((await invoke('plan.get', {}, { 'Content-Type': 'text/plain' })).status).toBe(415);
  });

  it('pushes progress events to the page', async () => {
    const received = await new Promise<string>((resolve, reject) => {
      const req = http.get({ host: '127.0.0.1', port: bridge.port, path: `/api/events?token=${bridge.token}` }, (res) => {
        let text = '';
        res.on('data', (c: Buffer) => {
          text += c.toString('utf8');
          if (text.includes('connected') && !text.includes('event:')) bridge.emit('progress', { jobId: 'j1', file: 'a.xlsx', index: 0, count: 1, stage: 'read', done: 1, total: 2, message: '读取中' });
          if (text.includes('\n\nevent:') || text.includes('event: progress')) {
            if (text.includes('读取中')) {
              req.destroy();
              resolve(text);
            }
          }
        });
      });
      req.on('error', reject);
    });
    expect(received).toContain('event: progress');
    expect(received).toContain('"done":1');
  });
});
