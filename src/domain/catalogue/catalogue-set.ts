/**
 * A catalogue is every published version of every journey type. New journeys start on the highest version of
 * their type; every version stays loadable by type and version, because a journey already running keeps the
 * definition it started with and a version, once published, never changes (the lock file says so).
 */
import type { JourneyCatalogue, JourneyDefinition, JourneyType } from '../journeys/types';

/** type → version → definition: each version as published. */
export type PublishedCatalogue = Readonly<Record<JourneyType, Readonly<Record<number, JourneyDefinition>>>>;

export interface CatalogueEntry {
  /** Where it came from (a file name), for problems. */
  readonly source: string;
  readonly definition: JourneyDefinition;
}

/** A problem with one entry; `path` is a path inside that entry's document. */
export interface EntryProblem {
  readonly source: string;
  readonly path: readonly (string | number)[];
  readonly message: string;
}

export interface CatalogueSet {
  readonly current: JourneyCatalogue;
  readonly published: PublishedCatalogue;
}

export function assembleCatalogue(entries: readonly CatalogueEntry[]): { set: CatalogueSet; problems: EntryProblem[] } {
  const problems: EntryProblem[] = [];
  const published: Record<string, Record<number, JourneyDefinition>> = {};
  const sourceOf = new Map<string, string>();
  for (const { source, definition } of entries) {
    const versions = (published[definition.type] ??= {});
    const key = `${definition.type}@${definition.version}`;
    const earlier = sourceOf.get(key);
    if (earlier !== undefined) {
      problems.push({ source, path: ['version'], message: `version ${definition.version} of ${definition.type} is also defined in ${earlier}` });
      continue;
    }
    sourceOf.set(key, source);
    versions[definition.version] = definition;
  }
  const current: Record<string, JourneyDefinition> = {};
  for (const [type, versions] of Object.entries(published)) {
    const highest = Math.max(...Object.keys(versions).map(Number));
    const definition = versions[highest];
    if (definition !== undefined) current[type] = definition;
  }
  for (const { source, definition } of entries) {
    const notice = definition.cancellation.noticeJourney;
    if (notice !== undefined && current[notice] === undefined) {
      problems.push({ source, path: ['cancellation', 'noticeJourney'], message: `names "${notice}", which is not a journey in this catalogue` });
    }
  }
  return { set: { current, published }, problems };
}

/** A published version by type and version, or undefined if that version was never published. */
export function findPublishedVersion(published: PublishedCatalogue, type: string, version: number): JourneyDefinition | undefined {
  return Object.hasOwn(published, type) ? published[type]?.[version] : undefined;
}
