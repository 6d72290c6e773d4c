import type { Change } from '../../compat/change.js';
import { changeDocsUrl } from '../../core/rule-docs.js';
import { changeMessage } from '../compat-change-message.js';
import { shown, type DiffReport } from './diff-report.js';

/**
 * Version of the JSON document's shape (schemas/compat-diff.schema.json). 2: reached operations are
 * listed once in `operations` and changes name them by index in `reaches`; each change carries its
 * `messageId` and `data` next to the rendered `message` (fields added, so still 2).
 */
export const DIFF_FORMAT_VERSION = 2;

interface JsonOperation {
  method: string;
  path: string;
  operationId?: string;
}

/**
 * `interlock diff --format json`: `{formatVersion, base, head, summary, operations, changes}`.
 *
 * A shared component change can reach hundreds of operations, and a large pair has hundreds of such
 * changes: listing each operation in full under each change made 97% of Stripe's 10 MB report. Each
 * reached operation is written once. The document is written without whitespace: it is read by programs
 * (`jq .` shows it indented), and indenting cost more CPU than building it.
 */
export function renderDiffJson(report: DiffReport): string {
  const operations: JsonOperation[] = [];
  const indexByObject = new Map<object, number>();
  const indexByKey = new Map<string, number>();
  const indexOf = (op: JsonOperation): number => {
    let i = indexByObject.get(op);
    if (i !== undefined) return i;
    const key = `${op.method} ${op.path}`;
    i = indexByKey.get(key);
    if (i === undefined) {
      i = operations.length;
      operations.push(op.operationId === undefined ? { method: op.method, path: op.path } : { method: op.method, path: op.path, operationId: op.operationId });
      indexByKey.set(key, i);
    }
    indexByObject.set(op, i);
    return i;
  };
  // One URL string per rule id, built (and flattened by the first stringify) once.
  const urls = new Map<string, string | undefined>();
  const docsOf = (id: string): string | undefined => {
    if (!urls.has(id)) urls.set(id, changeDocsUrl(id));
    return urls.get(id);
  };
  const changes = shown(report).map((c) => {
    const o: Record<string, unknown> = { id: c.id, level: c.level, message: changeMessage(c) };
    if (c.messageId !== undefined) o.messageId = c.messageId;
    if (c.operation) o.operation = { method: c.operation.method, path: c.operation.path };
    if (c.path !== undefined) o.path = c.path;
    if (c.base) o.base = { file: c.base.file, pointer: c.base.pointer, line: c.base.line };
    if (c.head) o.head = { file: c.head.file, pointer: c.head.pointer, line: c.head.line };
    const ops = c.data?.operations;
    if (Array.isArray(ops) && ops.length > 1) o.reaches = (ops as JsonOperation[]).map(indexOf);
    o.data = publishedData(c.data);
    const docs = docsOf(c.id);
    if (docs) o.docs = docs;
    return o;
  });
  const out = { formatVersion: DIFF_FORMAT_VERSION, base: report.base, head: report.head, summary: { ...report.summary, level: report.level }, operations, changes };
  return JSON.stringify(out) + '\n';
}

/**
 * A change's facts as published: the reached operations are `reaches` already. Most changes reach one
 * operation and are written as they are (stringify drops undefined values); only the others are copied.
 */
function publishedData(data: Change['data']): Record<string, unknown> {
  if (data.operations === undefined) return data;
  const { operations: _reaches, ...rest } = data;
  return rest;
}
