/** What reading a catalogue directory produces, shared by the loader and the lock file. */
import type { JourneyDefinitionDocument } from '../domain/catalogue/definition-schema';

export interface CatalogueProblem {
  /** Relative to the catalogue directory. */
  readonly file: string;
  readonly line?: number;
  /** Dotted path in the file ("steps.1.id"); empty for the whole file. */
  readonly field: string;
  readonly message: string;
}

export function formatProblem(problem: CatalogueProblem): string {
  const where = problem.line === undefined ? problem.file : `${problem.file}:${problem.line}`;
  return `${where} ${problem.field === '' ? '' : `${problem.field}: `}${problem.message}`;
}

/** One definition file as read: its validated document and content hash. */
export interface DefinitionFile {
  readonly file: string;
  readonly document: JourneyDefinitionDocument;
  readonly hash: string;
}
