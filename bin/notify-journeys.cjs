#!/usr/bin/env node
// `npx notify-journeys …`: runs the TypeScript CLI through tsx, as `npm start` runs the service.
require('tsx/cjs');
require('../src/cli/notify-journeys.ts').runCli(process.argv);
