/**
 * Architecture rules over the import graph (`npm run lint` runs them after eslint). eslint keeps the rules about
 * what a file may call (the workflow sandbox, the pure domain); these are about which parts may depend on which.
 * Type-only imports count: a type cycle is still a cycle for a reader.
 */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'Modules form a hierarchy: a cycle means two modules are one concern, or a shared type needs its own home.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'simulator-only-from-assembly',
      severity: 'error',
      comment: 'The simulator stands in for NHS Notify. Only the composition root, command-line tools, benchmarks and tests start it.',
      from: { path: '^(src|workflows|activities)/', pathNot: '^src/(simulator|stack|cli)/' },
      to: { path: '^src/simulator/' },
    },
    {
      name: 'notify-client-stands-alone',
      severity: 'error',
      comment: 'The NHS Notify client knows nothing of the HTTP edge or of Temporal.',
      from: { path: '^src/notify/' },
      to: { path: ['^src/gateway/', '^src/temporal/', '^workflows/', '^activities/', '^node_modules/@temporalio/'] },
    },
    {
      name: 'gateway-apart-from-notify-client',
      severity: 'error',
      comment: 'The gateway receives NHS Notify callbacks; it does not send. What it shares with the client (wire schemas, the callback signature) is in src/contracts.',
      from: { path: '^src/gateway/' },
      to: { path: '^src/notify/' },
    },
    {
      name: 'temporal-adapter-below-the-edge',
      severity: 'error',
      comment: 'src/temporal is the Temporal adapter; the gateway, the simulator and the activities are wired to it in src/stack. The ports it implements are in src/contracts.',
      from: { path: '^src/temporal/' },
      to: { path: ['^src/gateway/', '^src/simulator/', '^activities/'] },
    },
    {
      name: 'contracts-depend-on-no-side',
      severity: 'error',
      comment: 'src/contracts is what two sides share: it may use the domain, never one of the sides that import it.',
      from: { path: '^src/contracts/' },
      to: { path: '^(src/(?!contracts/|domain/)|workflows/|activities/|node_modules/@temporalio/|node_modules/express/)' },
    },
  ],
  options: {
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    doNotFollow: { path: 'node_modules' },
    // Packages are leaves (not followed) but stay in the graph: the rules above that name node_modules/ need them.
    exclude: { path: ['^\\.build/', '^\\.data/'] },
  },
};
