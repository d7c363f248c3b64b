/** The baseline workflow's one activity: a minimal side effect (a clock read), so its cost is the SDK's. */
export function createBaselineActivities(clock: () => Date = () => new Date()) {
  return {
    acknowledge(reference: string): Promise<string> {
      return Promise.resolve(`${reference}@${clock().toISOString()}`);
    },
  };
}
