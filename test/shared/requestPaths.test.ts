import { describe, expect, it } from 'vitest';
import { z } from '../../shared/zod';
import { apiRequests } from '../../shared/api';
import { filePathsIn, PATH_FIELD } from '../../shared/requestPaths';

type JsonSchema = { type?: string; properties?: Record<string, JsonSchema>; items?: JsonSchema; anyOf?: JsonSchema[]; oneOf?: JsonSchema[]; additionalProperties?: JsonSchema | boolean };

/** Every string field of a request schema, by name. */
function stringFields(schema: JsonSchema, out: string[] = [], name = ''): string[] {
  if (schema.type === 'string' && name) out.push(name);
  for (const [k, v] of Object.entries(schema.properties ?? {})) stringFields(v, out, k);
  for (const v of [...(schema.anyOf ?? []), ...(schema.oneOf ?? [])]) stringFields(v, out, name);
  if (schema.items) stringFields(schema.items, out, name);
  if (typeof schema.additionalProperties === 'object') stringFields(schema.additionalProperties, out, name);
  return out;
}

describe('file paths in requests', () => {
  it('are all in fields named `path`, so the hosts find every one of them', () => {
    const offences: string[] = [];
    for (const [method, schema] of Object.entries(apiRequests)) {
      for (const field of stringFields(z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonSchema)) {
        if (field !== PATH_FIELD && /path|file|dir|folder|out|db|workbook|location/i.test(field)) offences.push(`${method}.${field}`);
      }
    }
    expect(offences).toEqual([]);
  });

  it('the methods that take a file from this machine', () => {
    const takesPath = Object.entries(apiRequests)
      .filter(([, schema]) => stringFields(z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonSchema).includes(PATH_FIELD))
      .map(([m]) => m);
    expect(takesPath.sort()).toEqual(['allocations.import', 'backups.restore', 'imports.check', 'imports.returnWorkbook', 'imports.run', 'plans.check', 'plans.load']);
  });

  it('are found at any depth, and nothing else is taken for one', () => {
    expect(filePathsIn({ files: [{ name: 'a.xlsx', base64: 'UEs=' }, { name: '盂县.xlsx', path: 'D:\\台账\\盂县.xlsx' }], unit: '盂县' })).toEqual({ ok: true, paths: ['D:\\台账\\盂县.xlsx'] });
    expect(filePathsIn({ file: { name: 'b', path: '/dev/zero' } })).toEqual({ ok: true, paths: ['/dev/zero'] });
    expect(filePathsIn({ name: '/etc/passwd', stagingId: 'abc', note: 'path' })).toEqual({ ok: true, paths: [] });
    expect(filePathsIn(null)).toEqual({ ok: true, paths: [] });
    expect(filePathsIn('path')).toEqual({ ok: true, paths: [] });
  });

  it('a request nested deeper than any real one is not walked', () => {
    let deep: unknown = { path: '/dev/zero' };
    for (let i = 0; i < 5000; i++) deep = [deep];
    expect(filePathsIn(deep)).toEqual({ ok: false });
  });
});
