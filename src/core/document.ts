import type { Diagnostic, SourceLocation } from './diagnostic.js';

export interface Position {
  line: number;
  column: number;
  endLine?: number;
  endColumn?: number;
}

/**
 * One parsed document of a source file: its plain value and a way back from a JSON pointer to where
 * the value was written. Positions are computed on demand, so a clean run pays nothing for them.
 */
export interface ParsedDocument {
  /** Workspace-relative POSIX path. */
  file: string;
  /** Index within a multi-document YAML file (0 for single-document files). */
  index: number;
  value: unknown;
  /**
   * Where the value at `pointer` was written. For an object member this is the member's key, which is
   * where an editor should put the cursor. Falls back to the nearest existing ancestor.
   */
  locate(pointer: string): Position;
}

export function locationOf(doc: ParsedDocument, pointer: string): SourceLocation {
  return { file: doc.file, pointer, ...doc.locate(pointer) };
}

/** A diagnostic located at `pointer` of `doc`. */
export function diagnosticAt(
  doc: ParsedDocument,
  pointer: string,
  d: Omit<Diagnostic, 'location'>,
): Diagnostic {
  return { ...d, location: locationOf(doc, pointer) };
}

/** Reads a workspace file's text for codeframes; returns undefined when it is not available. */
export type SourceText = (file: string) => string | undefined;
