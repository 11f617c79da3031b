import { describe, expect, it } from 'vitest';
import { KeySet } from '../../../main/core/importer/keySet';
import { plate } from '../../fixtures/ids';

describe('KeySet (duplicate keys over a whole sheet)', () => {
  it('finds the first row of every repeated plate, and takes no two different plates for one, across regrowth', () => {
    const keys: string[] = [];
    for (let i = 0; i < 30_000; i++) keys.push(plate(i % 20_000));
    const set = new KeySet((i) => keys[i]!, 16);
    const first = new Map<string, number>();
    keys.forEach((k, i) => {
      const expected = first.get(k) ?? -1;
      if (expected < 0) first.set(k, i);
      expect(set.firstOrAdd(k, i)).toBe(expected);
    });
    expect(first.size).toBe(new Set(keys).size);
  });
});
