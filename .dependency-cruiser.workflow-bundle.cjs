/**
 * What the workflow bundle may contain, over the graph webpack sees: the imports left after TypeScript drops
 * the type-only ones (a type from a zod schema costs nothing at run time; a value does). `npm run lint` runs
 * it on workflows/ after the architecture rules (.dependency-cruiser.cjs).
 */
module.exports = {
  forbidden: [
    {
      name: 'workflows-without-zod',
      severity: 'error',
      comment: 'Every cached workflow evaluates its own instance of each module in the bundle, so zod in the bundle costs every cached journey about 0.7 MiB (docs/scale.md). Workflows receive validated data: validation happens at the edge. Import the pure part of a domain module (its rules and types), not the module holding its request schema.',
      from: { path: '^workflows/' },
      to: { path: '^node_modules/zod/', reachable: true },
    },
  ],
  options: {
    tsPreCompilationDeps: false,
    tsConfig: { fileName: 'tsconfig.json' },
    doNotFollow: { path: 'node_modules' },
    exclude: { path: ['^\\.build/', '^\\.data/'] },
  },
};
