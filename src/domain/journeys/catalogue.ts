/**
 * Looking journeys up in a catalogue. The catalogue itself is data (YAML files read by src/catalogue/);
 * this is the pure part the gateway, the Temporal adapter and workflows share.
 */
import type { JourneyCatalogue, JourneyDefinition } from './types';

/** The definition new journeys of `type` start on, or undefined if the catalogue has no such type. */
export function findJourney(catalogue: JourneyCatalogue, type: string): JourneyDefinition | undefined {
  return Object.hasOwn(catalogue, type) ? catalogue[type] : undefined;
}
