// results.json on disk: the format is core/results.ts; this is only where it is read and written.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseResults, serializeResults, type ResultsDocument } from '../core/results';

/** Writes atomically: a reader never sees half a file. */
export function writeResults(file: string, document: ResultsDocument): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temporary, serializeResults(document));
  fs.renameSync(temporary, file);
}

export function readResults(file: string): ResultsDocument {
  return parseResults(fs.readFileSync(file, 'utf8'));
}
