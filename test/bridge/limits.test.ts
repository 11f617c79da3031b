// What a page (or anything else on this machine) can make the bridge read: uploads only, of bounded size,
// over a bounded number of event streams.
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBridge, type Bridge } from '../../main/bridge/server';
import { MAX_BODY_BYTES } from '../../main/bridge/requestBody';
import { MAX_FILE_BYTES } from '../../main/core/importer/workbookReader';
import { createApi } from '../../main/core/api';
import { openWorkspace } from '../../main/core/workspace';
import { xlsx } from '../fixtures/workbooks';
import { BOILER_HEADERS, boilerRows } from '../fixtures/ledgerRows';
import { suiteDir } from '../support/tmp';

const SMALL_CAP = 64 * 1024;
const ws = openWorkspace(':memory:');
const api = createApi({ db: ws.db, file: ':memory:', clock: { now: () => new Date() }, user: 'tester' });
let bridge: Bridge;
let ledger: Buffer;
let ledgerPath: string;

interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** One POST, sent the way the given client would: chunked, with a Content-Length, or asking 100-continue first. */
function post(
  b: Bridge,
  urlPath: string,
  body: { text: string } | { filler: number; style: 'chunked' | 'length' | 'expect' },
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { 'Content-Type': 'application/json', 'X-Bluesky-Token': b.token };
    if ('filler' in body && body.style !== 'chunked') headers['Content-Length'] = String(body.filler);
    if ('filler' in body && body.style === 'expect') headers.Expect = '100-continue';
    const req = http.request({ host: '127.0.0.1', port: b.port, method: 'POST', path: urlPath, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    if ('text' in body) {
      req.end(body.text);
      return;
    }
    // the same 1 MB slice again and again: a body over 134 MB without holding it
    const slice = Buffer.alloc(Math.min(1024 * 1024, body.filler), '{'.charCodeAt(0));
    let sent = 0;
    const pump = () => {
      while (sent < body.filler) {
        const n = Math.min(slice.length, body.filler - sent);
        sent += n;
        if (!req.write(n === slice.length ? slice : slice.subarray(0, n))) return void req.once('drain', pump);
      }
      req.end();
    };
    if (body.style === 'expect') req.once('continue', pump);
    else pump();
  });
}

const invoke = (method: string, args: unknown, b: Bridge = bridge) => post(b, `/api/invoke/${method}`, { text: JSON.stringify(args) });
const errorOf = (r: Reply) => JSON.parse(r.body).error as { code: string; message: string };

beforeAll(async () => {
  ledger = await xlsx({
    sheets: [{ name: '锅炉台账', titleRows: ['盂县2020年9月燃煤锅炉台账'], header: [...BOILER_HEADERS], rows: boilerRows({ county: '盂县', count: 12, seed: 7, period: '2020-09' }) }],
  });
  ledgerPath = path.join(suiteDir('bluesky-limits-'), '盂县锅炉台账.xlsx');
  fs.writeFileSync(ledgerPath, ledger);
  bridge = await startBridge({ api, log: () => {}, limits: { bodyBytes: SMALL_CAP, eventStreams: 2 } });
});
afterAll(async () => {
  await bridge.close();
});

describe('files over the bridge', () => {
  it('takes a ledger as an upload, and refuses the same file named by its path', async () => {
    const uploaded = await invoke('imports.check', { files: [{ name: '盂县锅炉台账.xlsx', base64: ledger.toString('base64') }] });
    expect(uploaded.status).toBe(200);
    const result = JSON.parse(uploaded.body);
    expect(result.ok).toBe(true);
    expect(result.result.submissions[0].rows.total).toBe(12);

    const byPath = await invoke('imports.check', { files: [{ name: '盂县锅炉台账.xlsx', path: ledgerPath }] });
    expect(byPath.status).toBe(400);
    expect(errorOf(byPath).code).toBe('path_not_allowed');
    expect(errorOf(byPath).message).toContain('浏览器模式不按路径读取本机文件');
    expect(errorOf(byPath).message).toContain(ledgerPath);
    expect(errorOf(byPath).message).toContain('选择文件');
  });

  it.each([
    ['imports.check', { files: [{ name: 'zero.xlsx', path: '/dev/zero' }] }],
    ['imports.run', { files: [{ name: 'a.xlsx', base64: 'UEs=' }, { name: 'passwd', path: '/etc/passwd' }], unit: '盂县' }],
    ['imports.returnWorkbook', { path: '/dev/urandom', kind: 'boiler' }],
    ['allocations.import', { file: { name: '分解表.xlsx', path: 'C:\\Users\\科员\\Desktop\\分解表.xlsx' } }],
    // a shape the schema would refuse is refused here first, without reaching the core
    ['units.resolve', { name: '盂县', extra: [{ path: '/dev/zero' }] }],
  ])('refuses %s when the request names a file on this machine', async (method, args) => {
    const r = await invoke(method, args);
    expect(r.status).toBe(400);
    expect(errorOf(r).code).toBe('path_not_allowed');
  });
});

describe('request bodies', () => {
  it('cap the largest upload the importer takes, and no more', () => {
    const request = (bytes: number) =>
      Buffer.byteLength(JSON.stringify({ files: [{ name: `${'阳泉市盂县'.repeat(52)}.xlsx`, base64: '' }], kind: 'boiler', unit: '盂县', period: '2020-09' })) +
      Math.ceil(bytes / 3) * 4;
    expect(request(MAX_FILE_BYTES)).toBeLessThanOrEqual(MAX_BODY_BYTES);
    expect(request(MAX_FILE_BYTES + 1024 * 1024)).toBeGreaterThan(MAX_BODY_BYTES);
  });

  it.each(['chunked', 'length', 'expect'] as const)('over the cap get a 413 the client actually receives (%s body)', async (style) => {
    for (let i = 0; i < 4; i++) {
      const r = await post(bridge, '/api/invoke/imports.check', { filler: 4 * 1024 * 1024 + i * 777, style });
      expect(r.status).toBe(413);
      expect(r.headers.connection).toBe('close');
      expect(errorOf(r)).toEqual({ code: 'too_large', message: expect.stringContaining('单个台账文件不能超过 100 MB') });
    }
    // and the bridge goes on answering
    expect((await invoke('units.resolve', { name: '盂县' })).status).toBe(200);
  });

  it('over the real cap get the 413 too', async () => {
    const real = await startBridge({ api, log: () => {} });
    try {
      const r = await post(real, '/api/invoke/imports.check', { filler: MAX_BODY_BYTES + 1024 * 1024, style: 'chunked' });
      expect(r.status).toBe(413);
      expect(errorOf(r).message).toMatch(/^上传的内容超过 134 MB，工作台没有接收。/);
    } finally {
      await real.close();
    }
  }, 120_000);

  it('just under the cap are read whole', async () => {
    const args = { name: 'x'.repeat(SMALL_CAP - 20) };
    const r = await invoke('units.resolve', args);
    expect(Buffer.byteLength(JSON.stringify(args))).toBeLessThanOrEqual(SMALL_CAP);
    // read and parsed: the schema, not the cap, refuses the over-long name
    expect(r.status).toBe(200);
    expect(errorOf(r).code).toBe('invalid_request');
  });
});

describe('event streams', () => {
  const open = (b: Bridge): Promise<{ status: number; body: string; close: () => void }> =>
    new Promise((resolve, reject) => {
      const req = http.get({ host: '127.0.0.1', port: b.port, path: `/api/events?token=${b.token}` }, (res) => {
        let body = '';
        res.on('data', (c: Buffer) => {
          body += c.toString('utf8');
          if (res.statusCode === 200 && body.includes('connected')) resolve({ status: 200, body, close: () => req.destroy() });
        });
        res.on('end', () => resolve({ status: res.statusCode!, body, close: () => req.destroy() }));
      });
      req.on('error', reject);
    });

  it('are capped; a page opened past the cap is told why, and a freed place can be taken again', async () => {
    const first = await open(bridge);
    const second = await open(bridge);
    expect([first.status, second.status]).toEqual([200, 200]);
    const third = await open(bridge);
    expect(third.status).toBe(429);
    expect(JSON.parse(third.body).error).toEqual({ code: 'too_many_streams', message: expect.stringContaining('同时打开的工作台页面过多（最多 2 个）') });
    first.close();
    let again = await open(bridge);
    // the bridge learns of the closed stream asynchronously
    for (let i = 0; again.status !== 200 && i < 50; i++) {
      await new Promise((r) => setTimeout(r, 100));
      again = await open(bridge);
    }
    expect(again.status).toBe(200);
    second.close();
    again.close();
  });
});
