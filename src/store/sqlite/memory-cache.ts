/**
 * Values held in memory up to a budget of bytes, the least recently used dropped first. A value larger than the
 * whole budget is not kept.
 */
export class MemoryCache<V> {
  private readonly entries = new Map<string, V>();
  private held = 0;

  constructor(
    private readonly budgetBytes: number,
    private readonly bytesOf: (value: V) => number,
  ) {}

  /** Bytes held now. */
  get bytes(): number {
    return this.held;
  }

  /** Whether `bytes` more would still fit without dropping anything. */
  fits(bytes: number): boolean {
    return this.held + bytes <= this.budgetBytes;
  }

  get(key: string): V | undefined {
    const found = this.entries.get(key);
    if (found !== undefined) {
      // A Map keeps insertion order: moving the entry to the end keeps the least recently used first.
      this.entries.delete(key);
      this.entries.set(key, found);
    }
    return found;
  }

  set(key: string, value: V): void {
    this.delete(key);
    const size = this.bytesOf(value);
    if (size > this.budgetBytes) return;
    for (const oldest of this.entries.keys()) {
      if (this.held + size <= this.budgetBytes) break;
      this.delete(oldest);
    }
    this.entries.set(key, value);
    this.held += size;
  }

  clear(): void {
    this.entries.clear();
    this.held = 0;
  }

  private delete(key: string): void {
    const old = this.entries.get(key);
    if (old === undefined) return;
    this.entries.delete(key);
    this.held -= this.bytesOf(old);
  }
}
