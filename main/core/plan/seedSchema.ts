import { z } from '../../../shared/zod';
import { isoDate } from '../../../shared/schemas';
import { COMPARATORS, LEDGER_KINDS, UNIT_KINDS } from '../../../shared/models';

const name = z.string().min(1).max(100);

const targetBase = z
  .object({
    id: z.string().regex(/^[A-Z][A-Za-z0-9]*-[a-z0-9-]+$/, { message: '目标编号应形如 T14-abandoned-mine-restoration' }),
    description: z.string().min(2),
    quote: z.string().min(2),
    start: isoDate,
    deadline: isoDate,
    deadlineBasis: z.enum(['text', 'plan_year', 'inferred']),
    scope: z.enum(['city', 'unit']),
    reportedBy: z.enum(['units', 'lead']),
    valueSource: z.enum(['plan', 'allocation']),
    allocatable: z.boolean().optional(),
    aggregation: z.enum(['level', 'cumulative', 'monthly', 'quarterly']),
    strength: z.enum(['binding', 'strive', 'basic']),
    ledger: z.enum(LEDGER_KINDS),
    measurement: z.string().optional(),
    ongoing: z.boolean().optional(),
    condition: z.string().optional(),
    note: z.string().optional(),
    lead: z.array(name).optional(),
    co: z.array(name).optional(),
    units: z.array(name).optional(),
    unitValues: z.record(name, z.number()).optional(),
    section: z.string().optional(),
    category: z.string().optional(),
  })
  .strict();

const quantitative = targetBase.extend({
  kind: z.literal('quantitative'),
  metric: z.string().min(2),
  measure: z.string().min(1),
  comparator: z.enum(COMPARATORS),
  value: z.number().nullable(),
});

const milestone = targetBase.extend({
  kind: z.literal('milestone'),
  metric: z.null(),
  measure: z.null(),
  comparator: z.null(),
  value: z.null(),
  ledger: z.literal('milestone'),
});

export const targetSeed = z
  .discriminatedUnion('kind', [quantitative, milestone])
  .superRefine((t, ctx) => {
    if (t.deadline < t.start) ctx.addIssue({ code: 'custom', path: ['deadline'], message: `截止日期 ${t.deadline} 早于起始日期 ${t.start}` });
    if (t.kind === 'quantitative' && t.value === null && t.valueSource === 'plan' && !t.unitValues)
      ctx.addIssue({ code: 'custom', path: ['value'], message: '方案给定的目标必须有目标值（或 unitValues）；待下达的目标请把 valueSource 设为 allocation' });
    if (t.ledger !== 'indicator' && t.ledger !== 'milestone' && !t.measurement)
      ctx.addIssue({ code: 'custom', path: ['measurement'], message: `由${t.ledger}台账计算的目标必须写明 measurement（计算口径）` });
  });

export const taskSeed = z
  .object({
    no: z.number().int().min(1),
    section: z.string().min(1),
    sectionTitle: z.string().min(1),
    title: z.string().min(2),
    clause: z.string().min(10),
    lead: z.array(name),
    leadNote: z.string().nullable(),
    co: z.array(name),
    units: z.array(name).min(1),
    targets: z.array(targetSeed).min(1, { message: '每项任务至少要有一个考核目标或销号事项' }),
  })
  .strict();

export const planSeed = z
  .object({
    $schema: z.literal('plan-seed/1'),
    document: z
      .object({ title: z.string(), number: z.string(), issuer: z.string(), year: z.number().int(), sourceFile: z.string() })
      .strict(),
    sections: z.array(z.object({ code: z.string(), title: z.string(), tasks: z.array(z.number().int()) }).strict()),
    tasks: z.array(taskSeed),
    goals: z.array(targetSeed),
    provisions: z.array(
      z.object({ code: z.string(), title: z.string(), text: z.string().min(10), targets: z.array(targetSeed) }).strict(),
    ),
  })
  .strict();

export const unitsSeed = z
  .object({
    $schema: z.literal('units-seed/1'),
    units: z.array(
      z
        .object({
          name,
          kind: z.enum(UNIT_KINDS),
          fullName: z.string().nullable(),
          aliases: z.array(name),
          order: z.number().int(),
        })
        .strict(),
    ),
  })
  .strict();

export type TargetSeed = z.infer<typeof targetSeed>;
export type TaskSeed = z.infer<typeof taskSeed>;
export type PlanSeed = z.infer<typeof planSeed>;
export type UnitsSeed = z.infer<typeof unitsSeed>;
