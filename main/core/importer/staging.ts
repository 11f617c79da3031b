import crypto from 'node:crypto';
import { ImportRefusal } from './refusal';

/**
 * Uploads checked in the browser wait here until the analyst commits them, so a 50 MB file
 * is not sent twice. Bounded by count, size and age; lost on restart (the analyst just drops the file again).
 */
export class StagingArea {
  private readonly files = new Map<string, { name: string; bytes: Uint8Array; at: number }>();
  constructor(
    private readonly maxFiles = 60,
    private readonly maxBytes = 600 * 1024 * 1024,
    private readonly ttlMs = 4 * 3600_000,
  ) {}

  put(name: string, bytes: Uint8Array): string {
    this.evict();
    const id = crypto.randomBytes(12).toString('hex');
    this.files.set(id, { name, bytes, at: Date.now() });
    return id;
  }

  get(id: string): { name: string; bytes: Uint8Array } {
    const f = this.files.get(id);
    if (!f) throw new ImportRefusal('unreadable', '待导入的文件已过期或工作台已重启，请重新选择该文件。');
    return f;
  }

  drop(id: string): void {
    this.files.delete(id);
  }

  private evict(): void {
    const now = Date.now();
    for (const [id, f] of this.files) if (now - f.at > this.ttlMs) this.files.delete(id);
    let total = [...this.files.values()].reduce((n, f) => n + f.bytes.length, 0);
    for (const [id, f] of this.files) {
      if (this.files.size < this.maxFiles && total < this.maxBytes) break;
      this.files.delete(id);
      total -= f.bytes.length;
    }
  }
}
