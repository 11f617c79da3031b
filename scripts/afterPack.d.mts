// Types for the electron-builder afterPack hook (scripts/afterPack.mjs), so tests can import it.
export interface PackContext {
  appOutDir: string;
  electronPlatformName: string;
  packager: { appInfo: { productFilename: string }; executableName?: string };
}

export interface FusesModule {
  FuseVersion: { V1: string };
  FuseV1Options: Record<string, number | string>;
  flipFuses(binary: string, config: Record<string | number, unknown>): Promise<unknown>;
  getCurrentFuseWire(binary: string): Promise<Record<string | number, unknown>>;
}

export const FUSES: Readonly<{
  RunAsNode: false;
  EnableNodeOptionsEnvironmentVariable: false;
  EnableNodeCliInspectArguments: false;
  EnableEmbeddedAsarIntegrityValidation: true;
  OnlyLoadAppFromAsar: true;
}>;
export function fuseConfig(FuseVersion: FusesModule['FuseVersion'], FuseV1Options: FusesModule['FuseV1Options'], darwin?: boolean): Record<string | number, unknown>;
export function electronBinary(context: PackContext): string;
export function applyFuses(context: PackContext, fuses: FusesModule): Promise<{ binary: string; fuses: Record<string, boolean> }>;
export function afterPack(context: PackContext): Promise<void>;
export default afterPack;
