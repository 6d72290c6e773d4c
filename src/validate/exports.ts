import type { Diagnostic } from '../core/diagnostic.js';
import { diagnosticAt } from '../core/document.js';
import { appendPointer } from '../core/pointer.js';
import type { DataContractSpec, Integration } from '../core/resources.js';
import { closestMatches } from '../core/suggest.js';
import type { WorkspaceModel } from './model.js';

/**
 * Exports and streams: the mapping names only DataContract fields, a stream's key is one of them,
 * recipient keys exist in the workspace, and snappy is asked for Parquet only. (An unknown DataContract
 * is reported by the reference check.)
 */
export function checkExports(model: WorkspaceModel): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const i of model.integrations.values()) {
    const spec = i.manifest.spec;
    if (spec.export) {
      const dc = model.dataContracts.get(spec.export.dataContract)?.manifest.spec;
      if (dc) checkMapping(out, i, '/spec/export', spec.export.source.fields, dc, spec.export.dataContract);
      (spec.export.encryption?.recipients ?? []).forEach((file, n) => {
        if (model.workspace.files.has(file)) return;
        const suggest = closestMatches(file, [...model.workspace.files.keys()].filter((f) => /\.(asc|pub|gpg|pgp|key)$/.test(f)));
        out.push(
          diagnosticAt(i.doc, appendPointer('/spec/export/encryption/recipients', n), {
            severity: 'error',
            code: 'missing-recipient-key',
            message: `Recipient key '${file}' is not in the workspace (paths are relative to the workspace root)`,
            ...(suggest.length ? { suggest } : {}),
            data: { file },
          }),
        );
      });
      const format = spec.export.format ?? 'parquet';
      if (spec.export.compression === 'snappy' && format !== 'parquet') {
        out.push(diagnosticAt(i.doc, '/spec/export/compression', { severity: 'error', code: 'export-codec-format', message: `snappy compresses Parquet column chunks only; use zstd or none for ${format}`, data: { format } }));
      }
    }
    if (spec.stream) {
      const dc = model.dataContracts.get(spec.stream.dataContract)?.manifest.spec;
      if (!model.dataContracts.has(spec.stream.dataContract)) {
        const suggest = closestMatches(spec.stream.dataContract, model.dataContracts.keys());
        out.push(
          diagnosticAt(i.doc, '/spec/stream/dataContract', {
            severity: 'error',
            code: 'unknown-data-contract',
            message: `Data contract '${spec.stream.dataContract}' does not exist`,
            ...(suggest.length ? { suggest } : {}),
            data: { name: spec.stream.dataContract },
          }),
        );
      }
      if (dc) {
        checkMapping(out, i, '/spec/stream', spec.stream.source.fields, dc, spec.stream.dataContract);
        if (!dc.fields[spec.stream.key]) unknownField(out, i, '/spec/stream/key', spec.stream.key, dc, spec.stream.dataContract, 'Message key');
      }
    }
  }
  return out;
}

function checkMapping(out: Diagnostic[], i: Integration, base: string, fields: Record<string, string> | undefined, dc: DataContractSpec, name: string) {
  for (const field of Object.keys(fields ?? {})) {
    if (!dc.fields[field]) unknownField(out, i, appendPointer(`${base}/source/fields`, field), field, dc, name, 'Mapped field');
  }
}

function unknownField(out: Diagnostic[], i: Integration, pointer: string, field: string, dc: DataContractSpec, name: string, what: string) {
  const suggest = closestMatches(field, Object.keys(dc.fields));
  out.push(
    diagnosticAt(i.doc, pointer, {
      severity: 'error',
      code: 'unknown-data-contract-field',
      message: `${what} '${field}' is not a field of data contract '${name}'`,
      ...(suggest.length ? { suggest } : {}),
      data: { field, dataContract: name },
    }),
  );
}
