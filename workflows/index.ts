// Every workflow type the worker registers. Deterministic code only (see eslint.config.mjs).
export * from './baseline.workflow';
