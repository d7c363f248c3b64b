import type { RunningStack } from '.';
import { TEST_RECIPIENTS } from '../simulator/lifecycle/test-recipients';

/** A journey a person can start by copy-paste: a test patient the simulator delivers to, two hours ahead. */
function sampleJourneyCommand(api: string, apiKey: string, now: Date): string {
  const body = {
    journeyType: 'appointment-reminder',
    eventId: `sample-${now.getTime()}`,
    eventTime: new Date(now.getTime() + 2 * 60 * 60 * 1000).toISOString(),
    patient: { nhsNumber: TEST_RECIPIENTS.deliveredFirstChannel.nhsNumber },
    personalisation: { clinicName: 'Sample Clinic' },
  };
  return [
    `  curl -s -X POST ${api}/v1/journeys \\`,
    `    -H 'Authorization: Bearer ${apiKey}' -H 'Content-Type: application/json' \\`,
    `    -d '${JSON.stringify(body)}'`,
    `  then: curl -s -H 'Authorization: Bearer ${apiKey}' ${api}/v1/journeys/<journeyId>`,
  ].join('\n');
}

/** What a person sees when `npm start` is ready: where everything is and what to try first. */
export function readyBanner(stack: RunningStack, startupMs: number, now = new Date()): string {
  const { api, temporal, webUi, simulator, worker, console: staffConsole } = stack.urls;
  return [
    '',
    `notify-journeys is ready (${(startupMs / 1000).toFixed(1)} s)`,
    ...(api ? [`  API             ${api}   (health: ${api}/healthz, readiness: ${api}/readyz, spec: ${api}/openapi.json)`] : []),
    ...(staffConsole ? [`  Staff console   ${staffConsole}   (the escalation worklist and patient messages${stack.devApiKey ? '; local: development sign-in' : ''})`] : []),
    ...(worker ? [`  Worker          ${worker}   (health: ${worker}/healthz, readiness: ${worker}/readyz, metrics: ${worker}/metrics)`] : []),
    `  Temporal gRPC   ${temporal}`,
    ...(webUi ? [`  Temporal Web UI ${webUi}`] : []),
    ...(simulator ? [`  NHS Notify sim  ${simulator}   (a local NHS Notify: token, messages, signed callbacks)`] : []),
    ...(stack.devApiKey && api ? [
      '',
      `Development API key (local tier only, all scopes; kept in DATA_DIR/dev-api-key):`,
      `  ${stack.devApiKey}`,
      '',
      'Try a journey:',
      sampleJourneyCommand(api, stack.devApiKey, now),
      '  or run every demo path: npm run demo',
    ] : []),
    '',
    'Press Ctrl-C to stop.',
    '',
  ].join('\n');
}
