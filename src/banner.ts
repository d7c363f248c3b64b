import type { RunningStack } from './stack';

/** What a person sees when `npm start` is ready: where everything is and what to try first. */
export function readyBanner(stack: RunningStack, startupMs: number): string {
  const { api, temporal, webUi } = stack.urls;
  return [
    '',
    `notify-journeys is ready (${(startupMs / 1000).toFixed(1)} s)`,
    `  API             ${api}   (health: ${api}/healthz, readiness: ${api}/readyz)`,
    `  Temporal gRPC   ${temporal}`,
    ...(webUi ? [`  Temporal Web UI ${webUi}`] : []),
    '',
    'Press Ctrl-C to stop.',
    '',
  ].join('\n');
}
