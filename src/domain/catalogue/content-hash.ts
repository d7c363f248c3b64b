/**
 * The content hash of a published version: SHA-256 over the canonical JSON of the validated document, so
 * reformatting a file or writing "P5D" for "5 days" changes nothing, while any change a patient or a reviewer
 * could notice does. Review notes are left out: signing a version off must not look like changing it.
 */
import { canonicalJson } from '../hashing/canonical-json';
import { sha256Hex } from '../hashing/digest';
import type { JourneyDefinitionDocument } from './definition-schema';

export function contentHash(doc: JourneyDefinitionDocument): string {
  const { review: _review, ...content } = doc;
  return `sha256:${sha256Hex(canonicalJson(content))}`;
}
