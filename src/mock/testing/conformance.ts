import type { Operation } from '../../contract/openapi/operations.js';
import type { OpenApiMockContract } from '../contract.js';
import { exampleRequest } from '../openapi/example-request.js';

export interface ConformanceResult {
  operation: string;
  status: number;
  /** Violations of the response schema for the status answered (empty = valid). */
  violations: string[];
  requestErrors?: unknown;
}

/**
 * Sends an operation's example request to a running mock and validates the answer against the
 * contract's response for the status it got (ajv, through the mock's own compiled schemas).
 */
export async function checkOperation(baseUrl: string, contract: OpenApiMockContract, operation: Operation): Promise<ConformanceResult> {
  const req = exampleRequest(contract, operation);
  const res = await fetch(baseUrl + req.path, { method: req.method, headers: req.headers, body: req.body });
  const text = await res.text();
  const id = operation.operationId ?? `${req.method} ${operation.path}`;
  const response = operation.responses.get(String(res.status)) ?? operation.responses.get(`${String(res.status)[0]}XX`) ?? operation.responses.get('default');
  if (!response) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = text;
    }
    return { operation: id, status: res.status, violations: [`status ${res.status} is not a response of the operation`], requestErrors: parsed };
  }
  if (res.status >= 400) return { operation: id, status: res.status, violations: [`answered ${res.status}`], requestErrors: safeJson(text) };
  if (text === '' && (res.status === 204 || res.status === 205)) return { operation: id, status: res.status, violations: [] };
  const type = (res.headers.get('content-type') ?? '').split(';')[0];
  const media = response.content.get(type);
  if (response.content.size && !media) return { operation: id, status: res.status, violations: [`content type '${type}' is not one of ${[...response.content.keys()].join(', ')}`] };
  if (!media?.schema) return { operation: id, status: res.status, violations: [] };
  const body: unknown = /json/i.test(type) ? (text ? JSON.parse(text) : undefined) : text;
  const pointer = contract.spec.deref(media.schema).loc.pointer;
  const result = contract.validator.check(pointer, body, 'response');
  if (!result.checked) return { operation: id, status: res.status, violations: [`not checked: ${result.reason}`] };
  return { operation: id, status: res.status, violations: result.violations.map((v) => `${v.pointer || '/'} ${v.message}`) };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
