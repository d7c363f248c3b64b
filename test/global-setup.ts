// Placeholder replaced by the Temporal dev-server global setup (issue 2).
export default function setup(): void {}
