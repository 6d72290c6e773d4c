import { changeDocsUrl } from '../../core/rule-docs.js';
import { shown, type DiffReport } from './diff-report.js';

/** Version of the JSON document's shape (schemas/compat-diff.schema.json). */
export const DIFF_FORMAT_VERSION = 1;

/** `interlock diff --format json`: `{formatVersion, base, head, summary, changes}`. */
export function renderDiffJson(report: DiffReport): string {
  const out = {
    formatVersion: DIFF_FORMAT_VERSION,
    base: report.base,
    head: report.head,
    summary: { ...report.summary, level: report.level },
    changes: shown(report).map((c) => {
      const o: Record<string, unknown> = { id: c.id, level: c.level, message: c.message };
      if (c.operation) o.operation = { method: c.operation.method, path: c.operation.path };
      if (c.path !== undefined) o.path = c.path;
      if (c.base) o.base = { file: c.base.file, pointer: c.base.pointer, line: c.base.line };
      if (c.head) o.head = { file: c.head.file, pointer: c.head.pointer, line: c.head.line };
      const ops = c.data?.operations;
      if (Array.isArray(ops) && ops.length > 1) o.reaches = ops;
      const docs = changeDocsUrl(c.id);
      if (docs) o.docs = docs;
      return o;
    }),
  };
  return JSON.stringify(out, null, 2) + '\n';
}
