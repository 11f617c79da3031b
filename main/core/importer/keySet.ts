// Which earlier row holds a key, for duplicate checks over a whole sheet without a Map entry (and often a key string)
// per row: an open-addressing table of row indexes hashed by key, 4 bytes a slot. A hash match is confirmed by
// comparing the keys themselves, so two different keys are never taken for one.

function hashOf(key: string): number {
  // FNV-1a over UTF-16 code units
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

export class KeySet {
  private slots: Int32Array;
  private size = 0;
  /** `keyAt(i)` is the key of row index i (recomputed only when a hash matches). */
  constructor(private readonly keyAt: (index: number) => string | null, expected = 1024) {
    let n = 1024;
    while (n < expected * 2) n *= 2;
    this.slots = new Int32Array(n).fill(-1);
  }

  /** The index of the first row added with `key`, or -1 after adding row `index` as its first. */
  firstOrAdd(key: string, index: number): number {
    const mask = this.slots.length - 1;
    for (let s = hashOf(key) & mask; ; s = (s + 1) & mask) {
      const at = this.slots[s]!;
      if (at < 0) {
        this.slots[s] = index;
        if (++this.size * 2 > this.slots.length) this.grow();
        return -1;
      }
      if (this.keyAt(at) === key) return at;
    }
  }

  private grow(): void {
    const old = this.slots;
    this.slots = new Int32Array(old.length * 2).fill(-1);
    const mask = this.slots.length - 1;
    for (const at of old) {
      if (at < 0) continue;
      let s = hashOf(this.keyAt(at)!) & mask;
      while (this.slots[s]! >= 0) s = (s + 1) & mask;
      this.slots[s] = at;
    }
  }
}
