// Settings of one workspace, kept in the workspace itself so they travel with it (and with its backups).
import { z } from './zod';
import { ISSUING_OFFICE } from './reportModels';

/** One line of text a person signs or addresses a document with: no line breaks or control characters. */
const line = (label: string, max: number) =>
  z
    .string()
    .trim()
    .max(max, { message: `${label}不超过 ${max} 个字` })
    // eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
    .refine((s) => !/[\u0000-\u001f\u007f]/.test(s), { message: `${label}应为一行文字，不能含换行或控制字符` });

/**
 * Each setting with its check and default, stored in the meta table under "settings.<name>".
 * To add one: a schema, a default and a label here, a line in workspaceSettingRequest below.
 */
export const WORKSPACE_SETTINGS = {
  /** Completion a milestone reported “推进中” counts for (0–1); a saved assessment keeps the value it used. */
  milestoneInProgressScore: { schema: z.number().min(0, { message: '不能小于 0%' }).max(0.99, { message: '应小于 100%（100% 只属于“已完成”）' }), default: 0.5 },
  /** How many copies the 备份 folder keeps; older ones are removed when a new one is made. */
  backupKeep: { schema: z.number().int().min(1, { message: '至少保留 1 份备份' }).max(500, { message: '最多保留 500 份备份' }), default: 20 },
  /** The analyst who signs documents and decisions (制表人、印发人、决定人); '' until set, and nothing is signed until then. */
  analyst: { schema: line('分析员姓名', 20).pipe(z.string().min(2, { message: '分析员姓名至少 2 个字' })), default: '' },
  /** The issuing office named on every document. */
  office: { schema: line('印发机关', 40).pipe(z.string().min(4, { message: '印发机关至少 4 个字' })), default: ISSUING_OFFICE },
  /** The office's code in a 文号 (阳大气办 → 阳大气办〔2020〕3号); '' for documents without one. */
  docNumberPrefix: {
    schema: line('文号前缀', 20).refine((s) => !/[〔〕[\]()（）\d号]/.test(s), { message: '文号前缀只写机关代字（如“阳大气办”），年份、序号和“号”由工作台生成' }),
    default: '',
  },
  /** 主送机关 of the briefing, e.g. 各县（区）人民政府，市直有关单位; '' leaves the line out. */
  mainRecipients: { schema: line('主送机关', 200), default: '' },
  /** 抄送 in the 版记 at the foot of the documents; '' leaves the line out. */
  copyRecipients: { schema: line('抄送机关', 200), default: '' },
} as const;

export type WorkspaceSettingKey = keyof typeof WORKSPACE_SETTINGS;
export type WorkspaceSettings = { [K in WorkspaceSettingKey]: z.infer<(typeof WORKSPACE_SETTINGS)[K]['schema']> };

/** How the 设置 page and `bluesky settings` name each setting. */
export const WORKSPACE_SETTING_LABEL: Record<WorkspaceSettingKey, string> = {
  backupKeep: '保留备份份数',
  analyst: '分析员姓名',
  office: '印发机关',
  docNumberPrefix: '文号前缀',
  mainRecipients: '主送机关',
  copyRecipients: '抄送机关',
  milestoneInProgressScore: '“推进中”计分比例',
};

export const workspaceSettingRequest = z.discriminatedUnion('key', [
  z.object({ key: z.literal('milestoneInProgressScore'), value: WORKSPACE_SETTINGS.milestoneInProgressScore.schema }).strict(),
  z.object({ key: z.literal('backupKeep'), value: WORKSPACE_SETTINGS.backupKeep.schema }).strict(),
  z.object({ key: z.literal('analyst'), value: WORKSPACE_SETTINGS.analyst.schema }).strict(),
  z.object({ key: z.literal('office'), value: WORKSPACE_SETTINGS.office.schema }).strict(),
  z.object({ key: z.literal('docNumberPrefix'), value: WORKSPACE_SETTINGS.docNumberPrefix.schema }).strict(),
  z.object({ key: z.literal('mainRecipients'), value: WORKSPACE_SETTINGS.mainRecipients.schema }).strict(),
  z.object({ key: z.literal('copyRecipients'), value: WORKSPACE_SETTINGS.copyRecipients.schema }).strict(),
]);
