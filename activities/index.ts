// Every activity the worker registers, built from its ports (style lesson 2).
export { createBaselineActivities } from './baseline.activities';
