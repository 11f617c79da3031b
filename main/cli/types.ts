import type { ParseArgsConfig } from 'node:util';
import { isIsoDate } from '../../shared/reportDates';

export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  cwd: string;
  user: string;
}

export type OptionSpec = NonNullable<ParseArgsConfig['options']>;

export interface ParsedArgs {
  values: Record<string, string | boolean | string[] | undefined>;
  positionals: string[];
}

export interface Command {
  name: string;
  /** Full help text: usage line, options, examples — Chinese. */
  help: string;
  options: OptionSpec;
  allowPositionals?: boolean;
  run(args: ParsedArgs, io: CliIo): Promise<number>;
}

/** A failure the user caused and can fix; printed without a stack trace. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** A date flag, checked here so a typo is a usage error (exit 2) with the flag named. */
export function isoDateArg(v: string, flag: string): string {
  if (!isIsoDate(v)) {
    throw new UsageError(`${flag} 应为 YYYY-MM-DD 格式的有效日期，例如 2020-09-30，而不是“${v}”。`);
  }
  return v;
}
