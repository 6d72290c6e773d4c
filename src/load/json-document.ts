import type { Diagnostic } from '../core/diagnostic.js';
import { escapePointerToken, parsePointer, toPointer } from '../core/pointer.js';
import { LineIndex } from './line-index.js';
import type { ParsedDocument, Position } from '../core/document.js';

export interface JsonParseResult {
  document?: ParsedDocument;
  diagnostics: Diagnostic[];
}

/**
 * Parses JSON with the engine's fast parser and answers `locate` from an offset index that is built
 * only when the first position is asked for (large vendor specs are usually diffed without any).
 */
export function parseJson(file: string, text: string): JsonParseResult {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const raw = error instanceof Error ? error.message : String(error);
    const match = /position (\d+)/.exec(raw);
    const offset = match ? Number(match[1]) : errorOffset(text);
    const message = raw.replace(/, ".*" is not valid JSON$/s, '').replace(/ in JSON at position \d+.*$/s, '');
    const lines = new LineIndex(text);
    const pos = lines.position(offset);
    return {
      diagnostics: [
        {
          severity: 'error',
          code: 'json-syntax',
          message: `Invalid JSON: ${message}`,
          location: { file, line: pos.line, column: pos.column },
        },
      ],
    };
  }
  let offsets: Map<string, number> | undefined;
  let lines: LineIndex | undefined;
  const locate = (pointer: string): Position => {
    offsets ??= indexJsonOffsets(text);
    lines ??= new LineIndex(text);
    const tokens = parsePointer(pointer);
    // Walk up to the nearest ancestor that exists.
    for (let n = tokens.length; n >= 0; n--) {
      const offset = offsets.get(toPointer(tokens.slice(0, n)));
      if (offset !== undefined) return lines.position(offset);
    }
    return { line: 1, column: 1 };
  };
  return { document: { file, index: 0, value, locate }, diagnostics: [] };
}

/**
 * One pass over well-formed JSON recording, for every value, the offset of its member key (or of the
 * value itself for array items and the root). Assumes `JSON.parse` already accepted the text.
 */
export function indexJsonOffsets(text: string): Map<string, number> {
  const offsets = new Map<string, number>();
  let i = 0;
  const skipWs = () => {
    while (i < text.length) {
      const c = text.charCodeAt(i);
      if (c === 32 || c === 9 || c === 10 || c === 13) i++;
      else break;
    }
  };
  const readString = (): string => {
    const start = i;
    i++; // opening quote
    let hasEscape = false;
    while (i < text.length) {
      const c = text.charCodeAt(i);
      if (c === 92) {
        hasEscape = true;
        i += 2;
      } else if (c === 34) {
        i++;
        break;
      } else i++;
    }
    const raw = text.slice(start, i);
    return hasEscape ? (JSON.parse(raw) as string) : raw.slice(1, -1);
  };
  const value = (pointer: string, at: number) => {
    offsets.set(pointer, at);
    skipWs();
    const c = text[i];
    if (c === '{') {
      i++;
      skipWs();
      if (text[i] === '}') {
        i++;
        return;
      }
      for (;;) {
        skipWs();
        const keyAt = i;
        const key = readString();
        skipWs();
        i++; // colon
        skipWs();
        value(pointer + '/' + escapePointerToken(key), keyAt);
        skipWs();
        if (text[i] === ',') i++;
        else {
          i++; // closing brace
          return;
        }
      }
    } else if (c === '[') {
      i++;
      skipWs();
      if (text[i] === ']') {
        i++;
        return;
      }
      for (let n = 0; ; n++) {
        skipWs();
        value(pointer + '/' + n, i);
        skipWs();
        if (text[i] === ',') i++;
        else {
          i++;
          return;
        }
      }
    } else if (c === '"') {
      readString();
    } else {
      while (i < text.length && !',}] \t\r\n'.includes(text[i])) i++;
    }
  };
  skipWs();
  value('', i);
  return offsets;
}

/**
 * Where JSON.parse fails, when V8 does not say: the shortest prefix whose error is not "unexpected end"
 * ends just past the bad character. Binary search keeps this to ~log2(n) parses, paid only on errors.
 */
function errorOffset(text: string): number {
  const failsInside = (length: number): boolean => {
    try {
      JSON.parse(text.slice(0, length));
      return false;
    } catch (error) {
      const message = (error as Error).message;
      if (/end of JSON input/i.test(message)) return false;
      const at = /position (\d+)/.exec(message);
      return !at || Number(at[1]) < length;
    }
  };
  let lo = 1;
  let hi = text.length;
  if (!failsInside(hi)) return Math.max(0, text.length - 1);
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (failsInside(mid)) hi = mid;
    else lo = mid + 1;
  }
  return lo - 1;
}
