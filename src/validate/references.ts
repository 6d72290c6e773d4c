import semver from 'semver';
import type { Diagnostic } from '../core/diagnostic.js';
import { diagnosticAt } from '../core/document.js';
import { appendPointer } from '../core/pointer.js';
import type { Resource } from '../core/resources.js';
import { closestMatches } from '../core/suggest.js';
import type { WorkspaceModel } from './model.js';

/** Every name a resource refers to must exist: vendors, contracts, operations, data contracts, policy targets. */
export function checkReferences(model: WorkspaceModel): Diagnostic[] {
  const out: Diagnostic[] = [];
  const missing = (r: Resource, pointer: string, code: string, what: string, name: string, candidates: Iterable<string>) => {
    const suggest = closestMatches(name, candidates);
    const message = what.includes("'") ? what : `${what} '${name}' does not exist`;
    out.push(diagnosticAt(r.doc, pointer, { severity: 'error', code, message, ...(suggest.length ? { suggest } : {}), data: { name } }));
  };

  for (const c of model.contracts.values()) {
    const vendor = c.manifest.spec.vendor;
    if (vendor && !model.vendors.has(vendor)) missing(c, '/spec/vendor', 'unknown-vendor', 'Vendor', vendor, model.vendors.keys());
  }

  for (const i of model.integrations.values()) {
    const spec = i.manifest.spec;
    if (!model.vendors.has(spec.vendor)) missing(i, '/spec/vendor', 'unknown-vendor', 'Vendor', spec.vendor, model.vendors.keys());
    const contract = model.contracts.get(spec.contract.ref);
    if (!contract) {
      missing(i, '/spec/contract/ref', 'unknown-contract', 'Contract', spec.contract.ref, model.contracts.keys());
    } else {
      const range = spec.contract.version;
      if (range && semver.validRange(range) === null) {
        out.push(diagnosticAt(i.doc, '/spec/contract/version', { severity: 'error', code: 'invalid-version-range', message: `'${range}' is not a semver range`, data: { range } }));
      } else if (range && !semver.satisfies(contract.manifest.spec.version, range)) {
        out.push(
          diagnosticAt(i.doc, '/spec/contract/version', {
            severity: 'error',
            code: 'contract-version-mismatch',
            message: `Contract '${contract.name}' is at ${contract.manifest.spec.version}, outside the accepted range '${range}'`,
            related: [{ message: 'contract version', location: { file: contract.doc.file, pointer: '/spec/version', ...contract.doc.locate('/spec/version') } }],
            data: { range, version: contract.manifest.spec.version },
          }),
        );
      }
      const api = model.apis.get(contract.name);
      if (api?.format === 'openapi') {
        (spec.uses ?? []).forEach((op, n) => {
          if (!api.operations.has(op)) missing(i, appendPointer('/spec/uses', n), 'unknown-operation', `Operation '${op}' does not exist in contract '${contract.name}'`, op, api.operations.keys());
        });
        const erasureOp = spec.erasure?.operation;
        if (erasureOp && !api.operations.has(erasureOp)) missing(i, '/spec/erasure/operation', 'unknown-operation', `Operation '${erasureOp}' does not exist in contract '${contract.name}'`, erasureOp, api.operations.keys());
      } else if (api?.format === 'graphql') {
        const dir = i.doc.file.slice(0, i.doc.file.lastIndexOf('/') + 1);
        (spec.uses ?? []).forEach((op, n) => {
          const file = dir + op;
          if (!model.workspace.files.has(file)) {
            const docs = [...model.workspace.files.keys()].filter((f) => f.startsWith(dir)).map((f) => f.slice(dir.length));
            missing(i, appendPointer('/spec/uses', n), 'unknown-operation', 'Operation document', op, docs);
          }
        });
      }
    }
    (spec.data?.records ?? []).forEach((name, n) => {
      if (!model.dataContracts.has(name)) missing(i, appendPointer('/spec/data/records', n), 'unknown-data-contract', 'Data contract', name, model.dataContracts.keys());
    });
    const exported = spec.export?.dataContract;
    if (exported && !model.dataContracts.has(exported)) missing(i, '/spec/export/dataContract', 'unknown-data-contract', 'Data contract', exported, model.dataContracts.keys());
  }

  for (const p of model.policies) {
    if (p.kind === 'Waiver') {
      const target = (p as Resource<'Waiver'>).manifest.spec.resource;
      if (!model.byId.has(target as `Waiver/${string}`)) missing(p, '/spec/resource', 'unknown-resource', 'Resource', target, [...model.byId.keys()]);
    } else if (p.kind === 'TransportPolicy') {
      ((p as Resource<'TransportPolicy'>).manifest.spec.mtls ?? []).forEach((sel, n) => {
        (sel.integrations ?? []).forEach((name, k) => {
          if (!model.integrations.has(name)) missing(p, appendPointer('/spec/mtls', n, 'integrations', k), 'unknown-policy-target', 'Integration', name, model.integrations.keys());
        });
        (sel.vendors ?? []).forEach((name, k) => {
          if (!model.vendors.has(name)) missing(p, appendPointer('/spec/mtls', n, 'vendors', k), 'unknown-policy-target', 'Vendor', name, model.vendors.keys());
        });
      });
    }
  }
  return out;
}
