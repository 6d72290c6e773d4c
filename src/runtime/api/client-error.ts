import type { Duplex } from 'node:stream';
import { PROBLEM_BASE } from '../problem.js';

/**
 * Answers what node's HTTP parser refuses before any handler runs (a malformed request line or header,
 * headers too large, a timeout) with an RFC 9457 problem, then closes the connection. Without this
 * listener node answers with a bare status line; with one that throws, the process would die.
 */
export function answerClientError(error: Error & { code?: string }, socket: Duplex): void {
  if (!socket.writable || error.code === 'ECONNRESET') {
    socket.destroy();
    return;
  }
  const [status, reason] =
    error.code === 'HPE_HEADER_OVERFLOW' ? [431, 'Request Header Fields Too Large'] : error.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? [408, 'Request Timeout'] : [400, 'Bad Request'];
  const body = JSON.stringify({ type: `${PROBLEM_BASE}malformed-request`, title: 'The request is malformed', status, detail: `the HTTP request could not be parsed (${error.code ?? 'parse error'})` });
  socket.end(`HTTP/1.1 ${status} ${reason}\r\ncontent-type: application/problem+json\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`);
}
