// The packaged app's Electron fuses: set by the afterPack hook, checked here without Electron or a packaging run.
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { applyFuses, electronBinary, FUSES, fuseConfig, type FusesModule, type PackContext } from '../../scripts/afterPack.mjs';
import { repoRoot, tmpDir } from '../support/tmp';

// @electron/fuses' own numbering (FuseV1Options), as 1.8 and 2.x publish it
const FuseV1Options: Record<string, number | string> = {
  RunAsNode: 0,
  EnableCookieEncryption: 1,
  EnableNodeOptionsEnvironmentVariable: 2,
  EnableNodeCliInspectArguments: 3,
  EnableEmbeddedAsarIntegrityValidation: 4,
  OnlyLoadAppFromAsar: 5,
  LoadBrowserProcessSpecificV8Snapshot: 6,
  GrantFileProtocolExtraPrivileges: 7,
};
for (const [k, v] of Object.entries({ ...FuseV1Options })) FuseV1Options[v] = k;
const FuseVersion = { V1: '1' };

const SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
/** A stand-in Electron binary: some bytes, the fuse sentinel, wire version 1, nine fuses all on (as Electron ships). */
function fakeElectron(file: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, Buffer.concat([Buffer.alloc(4096, 0x90), Buffer.from(SENTINEL), Buffer.from([1, 9]), Buffer.from('111111111'), Buffer.alloc(4096, 0x90)]));
}
function wireOf(file: string): string {
  const bytes = fs.readFileSync(file);
  const at = bytes.indexOf(SENTINEL) + SENTINEL.length;
  return bytes.subarray(at + 2, at + 2 + bytes[at + 1]!).toString('latin1');
}

/** The @electron/fuses API over a stand-in binary, the same way the real one edits it. */
const fakeFuses: FusesModule & { flipped: unknown[] } = {
  FuseVersion,
  FuseV1Options,
  flipped: [],
  async flipFuses(binary, config) {
    fakeFuses.flipped.push({ binary, config });
    const bytes = fs.readFileSync(binary);
    const at = bytes.indexOf(SENTINEL) + SENTINEL.length;
    for (const [k, v] of Object.entries(config)) if (/^\d+$/.test(k)) bytes[at + 2 + Number(k)] = v ? 0x31 : 0x30;
    fs.writeFileSync(binary, bytes);
  },
  async getCurrentFuseWire(binary) {
    return Object.fromEntries([...wireOf(binary)].map((c, i) => [i, c.charCodeAt(0)]));
  },
};

const context = (platform: string, appOutDir: string): PackContext => ({
  appOutDir,
  electronPlatformName: platform,
  packager: { appInfo: { productFilename: 'bluesky-workstation' }, executableName: 'bluesky-workstation' },
});

describe('the Electron fuses of the packaged app', () => {
  it('turn off running as Node, NODE_OPTIONS and inspect; turn on ASAR-only loading with integrity checks', () => {
    expect(FUSES).toEqual({
      RunAsNode: false,
      EnableNodeOptionsEnvironmentVariable: false,
      EnableNodeCliInspectArguments: false,
      EnableEmbeddedAsarIntegrityValidation: true,
      OnlyLoadAppFromAsar: true,
    });
    expect(fuseConfig(FuseVersion, FuseV1Options)).toEqual({ version: '1', strictlyRequireAllFuses: false, 0: false, 2: false, 3: false, 4: true, 5: true });
    expect(fuseConfig(FuseVersion, FuseV1Options, true)).toMatchObject({ resetAdHocDarwinSignature: true });
    expect(() => fuseConfig(FuseVersion, { RunAsNode: 0 })).toThrow(/不认识熔丝/);
  });

  it('are flipped in the binary electron-builder packed, named as it names it on each platform', () => {
    expect(electronBinary(context('win32', 'C:\\build\\win-unpacked'))).toBe(path.join('C:\\build\\win-unpacked', 'bluesky-workstation.exe'));
    expect(electronBinary(context('linux', '/build/linux-unpacked'))).toBe('/build/linux-unpacked/bluesky-workstation');
    expect(electronBinary(context('darwin', '/build/mac'))).toBe('/build/mac/bluesky-workstation.app');
    expect(() => electronBinary(context('freebsd', '/build'))).toThrow(/freebsd/);
  });

  it('are written and read back; the other fuses keep Electron’s defaults', async () => {
    const out = tmpDir('bluesky-fuses-');
    const binary = path.join(out, 'bluesky-workstation');
    fakeElectron(binary);
    expect(await applyFuses(context('linux', out), fakeFuses)).toEqual({ binary, fuses: { ...FUSES } });
    // 0 RunAsNode, 1 cookie encryption (default), 2 NODE_OPTIONS, 3 inspect, 4 ASAR integrity, 5 ASAR only, 6–8 defaults
    expect(wireOf(binary)).toBe('010011111');
  });

  it('fail the build when a fuse did not take', async () => {
    const out = tmpDir('bluesky-fuses-');
    fakeElectron(path.join(out, 'bluesky-workstation.exe'));
    const stuck: FusesModule = { ...fakeFuses, flipFuses: async () => undefined };
    await expect(applyFuses(context('win32', out), stuck)).rejects.toThrow(/熔丝未能设置：RunAsNode、EnableNodeOptionsEnvironmentVariable、EnableNodeCliInspectArguments/);
  });

  it('with the @electron/fuses electron-builder installs, the hook loads and flips a binary', () => {
    const out = tmpDir('bluesky-fuses-');
    fakeElectron(path.join(out, 'bluesky-workstation'));
    // plain Node, the way electron-builder runs it: its own hook loader, then the hook
    const script = `
      const { resolveFunction } = require('app-builder-lib/out/util/resolve');
      resolveFunction(undefined, './scripts/afterPack.mjs', 'afterPack', process.cwd())
        .then((hook) => hook(${JSON.stringify(context('linux', out))}))
        .then(() => console.log('done'), (e) => { console.error(e.message); process.exit(1); });`;
    const r = spawnSync(process.execPath, ['-e', script], { cwd: repoRoot, encoding: 'utf8' });
    if (/Cannot find (module|package) '@electron\/fuses'/.test(r.stderr)) return; // not installed: the fake above stands in
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('Electron fuses set');
    expect(wireOf(path.join(out, 'bluesky-workstation'))).toBe('010011111');
  });

  it('come from the hook named in electron-builder.yml, and not twice', () => {
    const yml = fs.readFileSync(path.join(repoRoot, 'electron-builder.yml'), 'utf8');
    expect(yml).toMatch(/^afterPack: \.\/scripts\/afterPack\.mjs$/m);
    expect(yml).not.toMatch(/^electronFuses:/m);
  });
});
