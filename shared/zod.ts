import { z } from 'zod';

// Validation messages reach analysts (bad seeds, bad requests): make zod speak Chinese once, for every importer.
z.config(z.locales.zhCN());

export { z };

/** `tasks[3].targets[1].deadline` — the way a person finds the field in a JSON file. */
export function formatIssuePath(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out ? `.${String(part)}` : String(part);
  }
  return out;
}

export function describeZodError(error: z.ZodError, maxIssues = 5): string {
  const lines = error.issues.slice(0, maxIssues).map((issue) => {
    const where = formatIssuePath(issue.path);
    return where ? `${where}：${issue.message}` : issue.message;
  });
  if (error.issues.length > maxIssues) lines.push(`……另有 ${error.issues.length - maxIssues} 处问题`);
  return lines.join('；');
}
