/** What a contract handler answers and what the request record says about it. */
export interface MockReply {
  status: number;
  headers: Record<string, string>;
  /** JSON-serialisable value, or text when `contentType` is not JSON. */
  body?: unknown;
  contentType?: string;
  operation?: string;
  matched: boolean;
  validation: { valid: boolean; errors: { in: string; pointer: string; message: string }[]; unchecked?: string[] };
  /** Parsed request body, for the record. */
  requestBody?: unknown;
  fault?: string;
}

/** A request as the handlers see it (the body already read, within the size limit). */
export interface MockRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: import('node:http').IncomingHttpHeaders;
  body: Buffer;
}
