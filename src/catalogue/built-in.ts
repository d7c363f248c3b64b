/**
 * The catalogue the project ships (catalogue/ at the repository root), typed so that code and tests can name
 * its five journeys directly. A trust's own catalogue (CATALOGUE_DIR) is loaded with loadCatalogue instead.
 */
import { JourneyDomainError } from '../domain/errors';
import type { CatalogueTuning } from '../domain/catalogue/compile';
import { JOURNEY_TYPES, type BuiltInCatalogue } from '../domain/journeys/types';
import { BUILT_IN_CATALOGUE_DIR, loadCatalogue, type LoadedCatalogue } from './load-catalogue';

export function loadBuiltInCatalogue(tuning: CatalogueTuning = {}): LoadedCatalogue & { readonly current: BuiltInCatalogue } {
  const loaded = loadCatalogue(BUILT_IN_CATALOGUE_DIR, tuning);
  const missing = JOURNEY_TYPES.filter((type) => loaded.current[type] === undefined);
  if (missing.length > 0) throw new JourneyDomainError('INVALID_CATALOGUE', `the built-in catalogue lacks ${missing.join(', ')}`);
  return loaded as LoadedCatalogue & { readonly current: BuiltInCatalogue };
}

/** The built-in journeys new starts use, by type. */
export function builtInCatalogue(tuning: CatalogueTuning = {}): BuiltInCatalogue {
  return loadBuiltInCatalogue(tuning).current;
}
