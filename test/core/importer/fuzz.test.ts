// A few hundred damaged and hostile variants of the demo ledgers (test/fixtures/mutants.ts), each through the real
// import: every one ends in a result or a refusal the user can read, never an exception, a hang or a false
// "password-protected"; a refused real import writes nothing.
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ImportResult } from '../../../main/core/importer/importFile';
import { buildDemoLedgers } from '../../fixtures/demoLedgers';
import { mutants, type Mutant } from '../../fixtures/mutants';
import { check, imp, newWorkspace, tableCounts } from '../../support/importHarness';

const REFUSAL_CODES = ['unreadable', 'encrypted', 'too_large', 'unrecognized', 'empty', 'no_unit', 'no_period', 'unknown_unit'];

let files: { name: string; bytes: Buffer }[] = [];
beforeAll(async () => {
  files = (await buildDemoLedgers()).map((f) => ({ name: path.basename(f.relPath), bytes: f.bytes }));
}, 60_000);

function outcome(m: Mutant & { name: string }, run: () => ImportResult): ImportResult {
  let r: ImportResult;
  try {
    r = run();
  } catch (err) {
    throw new Error(`${m.label}: threw ${err instanceof Error ? `${err.name}: ${err.message}\n${err.stack}` : String(err)}`);
  }
  expect(['checked', 'imported', 'refused', 'duplicate_file'], m.label).toContain(r.status);
  if (r.status === 'refused') {
    expect(REFUSAL_CODES, m.label).toContain(r.error!.code);
    // every file here is unencrypted: "password-protected" would send the user chasing a password
    expect(r.error!.code, m.label).not.toBe('encrypted');
    expect(r.error!.message, m.label).toMatch(/[\u4e00-\u9fff]/);
    expect(r.error!.message, m.label).not.toMatch(/内部错误|限定时间/);
  }
  return r;
}

describe('fuzzing the importer with damaged and hostile ledgers', () => {
  // a hang would be stopped by the bound and show up as a 限定时间 refusal, failing the test
  const limit = { timeLimitMs: 30_000 };

  it('300 mutants checked (dry run) end in a result or a refusal', () => {
    const ws = newWorkspace();
    const before = tableCounts(ws);
    const statuses = new Set<string>();
    for (const m of mutants(files, 300, 20201008)) statuses.add(outcome(m, () => check(ws, m.name, m.bytes, limit)).status);
    // the mix holds readable mutants as well as refused ones, and a check writes nothing either way
    expect([...statuses].sort()).toEqual(['checked', 'refused']);
    expect(tableCounts(ws)).toEqual(before);
  }, 120_000);

  it('60 mutants imported with --unit and --period: a refused one stores no rows', () => {
    const ws = newWorkspace();
    let refused = 0;
    for (const m of mutants(files, 60, 9)) {
      const before = tableCounts(ws);
      const r = outcome(m, () => imp(ws, m.name, m.bytes, { ...limit, unit: '盂县', period: '2020-09' }));
      if (r.status === 'refused') {
        refused++;
        expect(tableCounts(ws), m.label).toEqual(before);
      }
    }
    expect(refused).toBeGreaterThan(0);
  }, 120_000);
});
