import fs from 'node:fs';
import path from 'node:path';
import { z, describeZodError } from '../../../shared/zod';
import { LEDGER_KINDS } from '../../../shared/models';
import { LEVELS, STATUSES } from '../../../shared/assessModels';
import { SeedError } from '../plan/loadSeeds';

const rule = z
  .object({
    id: z.string().regex(/^[a-z0-9-]+$/),
    level: z.enum(LEVELS),
    when: z
      .object({
        status: z.array(z.enum(STATUSES)).min(1),
        previousMonth: z.object({ status: z.array(z.enum(STATUSES)).min(1) }).strict().optional(),
        previousDecision: z.enum(LEVELS).optional(),
      })
      .strict(),
    reason: z.string().min(4),
  })
  .strict();

export const assessmentSeed = z
  .object({
    $schema: z.literal('assessment-seed/1'),
    settings: z
      .object({
        seriousLagGap: z.number().min(0).max(1),
        returnDueDay: z.number().int().min(1).max(28),
        weights: z.record(z.string(), z.number().min(0)),
        milestoneProgress: z.record(z.string(), z.number().min(0).max(1)),
      })
      .strict(),
    expectedReturns: z.array(z.object({ units: z.array(z.string().min(1)), kinds: z.array(z.enum(LEDGER_KINDS)).min(1) }).strict()),
    escalation: z.array(rule).min(1),
  })
  .strict();

export type AssessmentSeed = z.infer<typeof assessmentSeed>;
export type EscalationRule = z.infer<typeof rule>;

export function loadAssessmentSeed(seedsDir: string): AssessmentSeed {
  const label = 'seeds/assessment.json';
  let data: unknown;
  try {
    data = JSON.parse(fs.readFileSync(path.join(seedsDir, 'assessment.json'), 'utf8'));
  } catch (err) {
    throw new SeedError(label, `无法读取或不是有效的 JSON（${(err as Error).message}）`);
  }
  const r = assessmentSeed.safeParse(data);
  if (!r.success) throw new SeedError(label, describeZodError(r.error));
  return r.data;
}
