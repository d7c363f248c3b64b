/**
 * An optional real per-application quota (docs/nhs-notify.md §10): more than N requests in a rolling
 * minute get 429 CM_QUOTA with Retry-After 60 and NHS's app-quota wording. Off unless configured.
 */
export class QuotaTracker {
  private readonly windows = new Map<string, number[]>();

  constructor(private readonly perMinute: number, private readonly clock: () => number) {}

  /** Records the request; false when the application is over its quota. */
  allow(applicationId: string): boolean {
    const now = this.clock();
    const recent = (this.windows.get(applicationId) ?? []).filter((t) => t > now - 60_000);
    if (recent.length >= this.perMinute) {
      this.windows.set(applicationId, recent);
      return false;
    }
    recent.push(now);
    this.windows.set(applicationId, recent);
    return true;
  }

  detail(applicationId: string): string {
    return `Your application, ${applicationId}, has exceeded its quota of ${this.perMinute} requests every 1 minute(s) and is being rate limited.`;
  }

  clear(): void {
    this.windows.clear();
  }
}
