import type { Db } from '../db/connection';
import { getMeta, setMeta } from '../db/repos/metaRepo';
import { WORKSPACE_SETTINGS, type WorkspaceSettingKey, type WorkspaceSettings } from '../../../shared/settingsModels';

const metaKey = (key: WorkspaceSettingKey) => `settings.${key}`;

/** One setting: the stored value when it is still valid, otherwise the default (a missing meta table included). */
export function readWorkspaceSetting<K extends WorkspaceSettingKey>(db: Db, key: K): WorkspaceSettings[K] {
  // the union of all settings' schemas does not narrow by K; each entry pairs a schema with a default of its own type
  const def = WORKSPACE_SETTINGS[key] as unknown as { schema: { safeParse(v: unknown): { success: true; data: WorkspaceSettings[K] } | { success: false } }; default: WorkspaceSettings[K] };
  let raw: string | null;
  try {
    raw = getMeta(db, metaKey(key));
  } catch {
    return def.default;
  }
  if (raw === null) return def.default;
  try {
    const parsed = def.schema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : def.default;
  } catch {
    return def.default;
  }
}

export function readWorkspaceSettings(db: Db): WorkspaceSettings {
  const keys = Object.keys(WORKSPACE_SETTINGS) as WorkspaceSettingKey[];
  return Object.fromEntries(keys.map((k) => [k, readWorkspaceSetting(db, k)])) as WorkspaceSettings;
}

/** Stores one setting (already checked against its schema by the API contract) and returns them all. */
export function writeWorkspaceSetting<K extends WorkspaceSettingKey>(db: Db, key: K, value: WorkspaceSettings[K]): WorkspaceSettings {
  setMeta(db, metaKey(key), JSON.stringify(WORKSPACE_SETTINGS[key].schema.parse(value)));
  return readWorkspaceSettings(db);
}
