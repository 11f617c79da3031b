// Settings of one workspace, kept in the workspace itself so they travel with it (and with its backups).
import { z } from './zod';

/**
 * Each setting with its check and default, stored in the meta table under "settings.<name>".
 * To add one: a schema and a default here, a line in workspaceSettingRequest below.
 */
export const WORKSPACE_SETTINGS = {
  /** Completion a milestone reported “推进中” counts for (0–1); a saved assessment keeps the value it used. */
  milestoneInProgressScore: { schema: z.number().min(0, { message: '不能小于 0%' }).max(0.99, { message: '应小于 100%（100% 只属于“已完成”）' }), default: 0.5 },
  /** How many copies the 备份 folder keeps; older ones are removed when a new one is made. */
  backupKeep: { schema: z.number().int().min(1, { message: '至少保留 1 份备份' }).max(500, { message: '最多保留 500 份备份' }), default: 20 },
} as const;

export type WorkspaceSettingKey = keyof typeof WORKSPACE_SETTINGS;
export type WorkspaceSettings = { [K in WorkspaceSettingKey]: z.infer<(typeof WORKSPACE_SETTINGS)[K]['schema']> };

export const workspaceSettingRequest = z.discriminatedUnion('key', [
  z.object({ key: z.literal('milestoneInProgressScore'), value: WORKSPACE_SETTINGS.milestoneInProgressScore.schema }).strict(),
  z.object({ key: z.literal('backupKeep'), value: WORKSPACE_SETTINGS.backupKeep.schema }).strict(),
]);
