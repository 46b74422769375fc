/**
 * Spaces calls per key to at most `perSecond` (WhatsApp: per business number, PROVIDERS.md §1.11). Per process: with
 * several workers each keeps its own pace, and a 130429 from Graph still retries the send later.
 */
export class RateLimiter {
  private readonly nextFree = new Map<string, number>();

  async take(key: string, perSecond: number): Promise<void> {
    const now = Date.now();
    const slot = Math.max(now, this.nextFree.get(key) ?? 0);
    this.nextFree.set(key, slot + 1000 / perSecond);
    if (slot > now) await new Promise((resolve) => setTimeout(resolve, slot - now));
  }
}
