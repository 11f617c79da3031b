import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openWorkspace } from '../../main/core/workspace';
import { VEHICLE_HEADERS, vehicleRows } from '../fixtures/ledgerRows';
import { xlsx } from '../fixtures/workbooks';
import { bundleCli, startCli } from '../support/cliBundle';
import { suiteDir } from '../support/tmp';

// The power goes, or the task manager ends the program, at any moment of an import: the workspace stays sound and
// holds each file whole or not at all. About ten SIGKILLs at random points of a batch: a 20,000-row ledger and a smaller one.

const ROWS = { 盂县: 20_000, 平定县: 3_000 } as const;
const ALL = ROWS.盂县 + ROWS.平定县;
const KILLS = 10;
let bundle: { file: string; remove: () => void };
let dir: string;
let base: string;
let files: string[];

/** A small seeded generator, so a failure can be replayed from the seed printed with it. */
function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

async function ledger(county: keyof typeof ROWS, seed: number): Promise<string> {
  const title = `${county}2020年9月国三及以下营运柴油货车淘汰台账`;
  const bytes = await xlsx({ sheets: [{ name: '淘汰台账', titleRows: [title], header: [...VEHICLE_HEADERS], rows: vehicleRows({ county, count: ROWS[county], seed, period: '2020-09' }) }] });
  const file = path.join(dir, `${title}.xlsx`);
  fs.writeFileSync(file, bytes);
  return file;
}

interface State {
  integrity: string;
  submissions: { submitter: string; rows_total: number; stored: number; units: number }[];
  rows: number;
}

function state(file: string): State {
  const db = new Database(file);
  try {
    return {
      integrity: db.pragma('integrity_check', { simple: true }) as string,
      submissions: db
        .prepare(
          `SELECT u.name AS submitter, s.rows_total,
                  (SELECT COUNT(*) FROM vehicle_rows r WHERE r.submission_id = s.id) AS stored,
                  (SELECT COUNT(*) FROM submission_units c WHERE c.submission_id = s.id) AS units
           FROM submissions s JOIN units u ON u.id = s.submitter_id ORDER BY u.name`,
        )
        .all() as State['submissions'],
      rows: (db.prepare('SELECT COUNT(*) AS n FROM vehicle_rows').get() as { n: number }).n,
    };
  } finally {
    db.close();
  }
}

beforeAll(async () => {
  dir = suiteDir('bluesky-kill-');
  base = path.join(dir, 'base.sqlite');
  openWorkspace(base, { create: true }).db.close();
  // the small file first: kills then fall before, between and after the two commits
  [bundle, ...files] = (await Promise.all([bundleCli(), ledger('平定县', 22), ledger('盂县', 21)])) as [typeof bundle, string, string];
}, 120_000);

afterAll(() => bundle?.remove());

it('survives SIGKILL at random points of an import batch: sound, and each file whole or absent', async () => {
  // how long an unhurried batch takes here, so the kills fall across all of it (start-up, parsing, writing, commit)
  const calibrate = path.join(dir, 'calibrate.sqlite');
  fs.copyFileSync(base, calibrate);
  const t0 = performance.now();
  const full = await startCli(bundle.file, ['import', ...files, '--db', calibrate], dir).done;
  const span = performance.now() - t0;
  expect(full.code, full.stderr).toBe(0);
  expect(state(calibrate).rows).toBe(ALL);

  const seed = Number(process.env.KILL_SEED ?? Date.now() % 100_000);
  const random = prng(seed);
  const outcomes: number[] = [];
  for (let i = 0; i < KILLS; i++) {
    const ws = path.join(dir, `kill-${i}.sqlite`);
    fs.copyFileSync(base, ws);
    const run = startCli(bundle.file, ['import', ...files, '--db', ws], dir);
    const delay = random() * span * 1.05;
    const timer = setTimeout(() => run.child.kill('SIGKILL'), delay);
    const end = await run.done;
    clearTimeout(timer);
    const where = `kill ${i + 1} after ${Math.round(delay)} ms of ~${Math.round(span)} ms (KILL_SEED=${seed})`;
    const s = state(ws);
    expect(s.integrity, where).toBe('ok');
    for (const sub of s.submissions) {
      const rows = ROWS[sub.submitter as keyof typeof ROWS];
      expect(sub, where).toMatchObject({ rows_total: rows, stored: rows, units: 1 });
    }
    expect(s.rows, where).toBe(s.submissions.reduce((n, x) => n + x.stored, 0));
    outcomes.push(s.submissions.length);
    if (end.signal !== 'SIGKILL') expect(end.code, where).toBe(0);

    // and the workspace goes on: the same batch again completes it, without duplicates (every third time, for time)
    if (i % 3 !== 0) continue;
    const again = await startCli(bundle.file, ['import', ...files, '--db', ws, '--json'], dir).done;
    expect(again.code, `${where}: ${again.stderr}`).toBe(0);
    expect(state(ws)).toMatchObject({ integrity: 'ok', rows: ALL });
  }
  // not asserted (timing decides), but worth seeing when it runs: how many kills left 0, 1 or 2 files in
  console.log(`kill test (KILL_SEED=${seed}): files in after each kill: ${outcomes.join(' ')}`);
}, 240_000);
