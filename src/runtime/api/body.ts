import type { IncomingMessage } from 'node:http';
import { JsonTooDeepError, parseBoundedJson } from '../bounded-json.js';
import { RuntimeProblem } from '../problem.js';

/** Reads the whole body, refusing (without buffering the rest) once it passes `limit` bytes. */
export async function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length'] ?? NaN);
  if (declared > limit) {
    req.resume();
    throw new RuntimeProblem('body-too-large', `the body is ${declared} bytes; the limit is ${limit}`, { limit });
  }
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of req) {
      const buf = chunk as Buffer;
      size += buf.length;
      if (size > limit) {
        req.resume();
        throw new RuntimeProblem('body-too-large', `the body passes the limit of ${limit} bytes`, { limit });
      }
      chunks.push(buf);
    }
  } catch (error) {
    // A body cut short (the client closed the connection before its Content-Length, or sent chunks node's
    // parser refused) is the client's doing: a 400, not an internal error with a stack trace in the log,
    // which any anonymous client could otherwise produce once per request.
    if (!(error instanceof RuntimeProblem) && (req.destroyed || (error as { code?: unknown }).code === 'ECONNRESET')) {
      throw new RuntimeProblem('malformed-request', 'the request body ended early: the connection closed before it was complete');
    }
    throw error;
  }
  return Buffer.concat(chunks);
}

/** Parses a JSON request body (nesting bounded); an empty body is `undefined` (the schema decides whether that is allowed). */
export function parseJsonBody(raw: Buffer, contentType: string | undefined): unknown {
  if (!raw.length) return undefined;
  if (contentType && !/^application\/([\w.+-]+\+)?json\b/i.test(contentType)) {
    throw new RuntimeProblem('unsupported-media-type', `expected application/json, got ${contentType}`);
  }
  try {
    return parseBoundedJson(raw.toString('utf8'));
  } catch (error) {
    if (error instanceof JsonTooDeepError) throw new RuntimeProblem('malformed-json', error.message, { limit: error.limit });
    throw new RuntimeProblem('malformed-json', (error as Error).message);
  }
}
