import { z } from './zod';

export const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { message: '应为“YYYY-MM-DD”格式的日期，例如 2020-09-30' })
  .refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s), {
    message: '不是有效的日历日期',
  });

export const period = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, { message: '应为“YYYY-MM”格式的月份，例如 2020-09' });

export const unitName = z.string().trim().min(1, { message: '单位名称不能为空' }).max(100);

export const emptyRequest = z.object({}).strict();
