// electron-builder afterPack hook: flips the Electron fuses of the packaged binary, before it is signed.
// A packaged app then cannot be turned into a plain Node (ELECTRON_RUN_AS_NODE), take NODE_OPTIONS or --inspect,
// or load its code from anywhere but an app.asar whose header hash matches the one embedded at packaging
// (checked on Windows and macOS; Electron has no ASAR integrity on Linux, where that fuse does nothing).
import path from 'node:path';

/** The fuses this app sets, by their @electron/fuses FuseV1Options name. */
export const FUSES = Object.freeze({
  RunAsNode: false,
  EnableNodeOptionsEnvironmentVariable: false,
  EnableNodeCliInspectArguments: false,
  EnableEmbeddedAsarIntegrityValidation: true,
  OnlyLoadAppFromAsar: true,
});

/** The flipFuses config for a module's FuseVersion and FuseV1Options; a fuse this module does not know is an error. */
export function fuseConfig(FuseVersion, FuseV1Options, darwin = false) {
  const config = { version: FuseVersion.V1, strictlyRequireAllFuses: false };
  for (const [name, on] of Object.entries(FUSES)) {
    const index = FuseV1Options[name];
    if (typeof index !== 'number') throw new Error(`@electron/fuses 不认识熔丝 ${name}，请升级 @electron/fuses。`);
    config[index] = on;
  }
  // flipping changes the binary; an arm64 Mac refuses to run it unless its ad-hoc signature is redone
  if (darwin) config.resetAdHocDarwinSignature = true;
  return config;
}

/** The Electron binary electron-builder just packed into appOutDir, named the way it names it per platform. */
export function electronBinary(context) {
  const { appOutDir, electronPlatformName, packager } = context;
  switch (electronPlatformName) {
    case 'win32':
      return path.join(appOutDir, `${packager.appInfo.productFilename}.exe`);
    case 'linux':
      return path.join(appOutDir, packager.executableName);
    case 'darwin':
    case 'mas':
      return path.join(appOutDir, `${packager.appInfo.productFilename}.app`);
    default:
      throw new Error(`不知道 ${electronPlatformName} 平台的 Electron 可执行文件叫什么，无法设置熔丝。`);
  }
}

// The fuse wire stores each fuse as an ASCII digit: '0' off, '1' on.
const WIRE = { true: '1'.charCodeAt(0), false: '0'.charCodeAt(0) };

/** Flips the fuses with the given @electron/fuses module, then reads them back: a fuse that did not take fails the build. */
export async function applyFuses(context, fuses) {
  const binary = electronBinary(context);
  const darwin = context.electronPlatformName === 'darwin' || context.electronPlatformName === 'mas';
  const config = fuseConfig(fuses.FuseVersion, fuses.FuseV1Options, darwin);
  await fuses.flipFuses(binary, config);
  const wire = await fuses.getCurrentFuseWire(binary);
  const wrong = Object.entries(FUSES)
    .filter(([name, on]) => wire[fuses.FuseV1Options[name]] !== WIRE[on])
    .map(([name]) => name);
  if (wrong.length > 0) throw new Error(`${binary} 的熔丝未能设置：${wrong.join('、')}`);
  return { binary, fuses: { ...FUSES } };
}

export async function afterPack(context) {
  const loaded = await import('@electron/fuses');
  // 1.x is CommonJS (everything on the default export); 2.x is an ES module with named exports only
  const fuses = loaded.default?.flipFuses ? loaded.default : loaded;
  const { binary } = await applyFuses(context, fuses);
  console.log(`  • Electron fuses set  file=${binary}  ${Object.entries(FUSES).map(([k, v]) => `${k}=${v ? 'on' : 'off'}`).join(' ')}`);
}

export default afterPack;
