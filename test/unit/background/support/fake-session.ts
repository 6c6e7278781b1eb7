/**
 * `storage.session` in memory for background unit tests (install it as
 * `globalThis.chrome.storage.session`), refusing writes that would make its JSON exceed `quota` bytes.
 */
export class FakeSession {
  data: Record<string, unknown> = {};
  failures = 0;
  constructor(public quota: number) {}
  private bytes(d: Record<string, unknown>): number {
    return Object.entries(d).reduce((n, [k, v]) => n + k.length + JSON.stringify(v).length, 0);
  }
  async get(keys: string[] | null): Promise<Record<string, unknown>> {
    if (keys === null) return structuredClone(this.data);
    return Object.fromEntries(keys.filter((k) => k in this.data).map((k) => [k, structuredClone(this.data[k])]));
  }
  async set(items: Record<string, unknown>): Promise<void> {
    const next = { ...this.data, ...structuredClone(items) };
    if (this.bytes(next) > this.quota) {
      this.failures++;
      throw new Error('Session storage quota bytes exceeded. Values were not stored.');
    }
    this.data = next;
  }
  async remove(keys: string[]): Promise<void> {
    for (const k of keys) delete this.data[k];
  }
}
