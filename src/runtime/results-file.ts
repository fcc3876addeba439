// Results on disk: the format is core/results-codec.ts; this is only where the two files are
// written and read. results.bin goes first and holds the whole document, results.json (the
// readable document) second; each is written to a temporary file, flushed, then renamed, so
// a reader never sees half a file and a failure at any point leaves the trained weights on
// disk: either the old pair, or the new binary, which readResults prefers when it is newer.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { decodeStoredResults, encodeResults } from '../core/results-codec';
import type { ResultsDocument } from '../core/results';

/** results.json -> results.bin; e.results.json -> e.results.bin. */
export function binaryFileFor(jsonFile: string): string {
  return `${jsonFile.replace(/\.json$/, '')}.bin`;
}

export interface WrittenResults {
  jsonFile: string;
  binaryFile: string;
  jsonBytes: number;
  binaryBytes: number;
}

export function writeResults(file: string, document: ResultsDocument): WrittenResults {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const binaryFile = binaryFileFor(file);
  const encoded = encodeResults(document, path.basename(binaryFile));
  const json = Buffer.from(encoded.json);
  writeAtomically(binaryFile, encoded.binary);
  writeAtomically(file, [json]);
  return { jsonFile: file, binaryFile, jsonBytes: json.byteLength, binaryBytes: encoded.binary.reduce((sum, part) => sum + part.byteLength, 0) };
}

export function readResults(file: string): ResultsDocument {
  const json = readIfExists(file);
  const binary = readIfExists(binaryFileFor(file));
  if (json === undefined && binary === undefined) throw new Error(`${file}: no such results file`);
  try {
    return decodeStoredResults(json?.toString('utf8'), binary);
  } catch (error) {
    throw new Error(`${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** Deletes a results file and its binary. */
export function removeResults(file: string): void {
  fs.rmSync(file, { force: true });
  fs.rmSync(binaryFileFor(file), { force: true });
}

function writeAtomically(file: string, parts: Uint8Array[]): void {
  const temporary = `${file}.${process.pid}.tmp`;
  try {
    const descriptor = fs.openSync(temporary, 'w');
    try {
      for (const part of parts) {
        for (let written = 0; written < part.byteLength; ) written += fs.writeSync(descriptor, part, written);
      }
      fs.fsyncSync(descriptor);
    } finally {
      fs.closeSync(descriptor);
    }
    fs.renameSync(temporary, file);
  } catch (error) {
    fs.rmSync(temporary, { force: true });
    throw error;
  }
}

function readIfExists(file: string): Buffer | undefined {
  try {
    return fs.readFileSync(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}
