import semver from 'semver';
import type { Diagnostic, Severity } from '../../core/diagnostic.js';
import type { DataContract, Integration } from '../../core/resources.js';
import type { WorkspaceModel } from '../../validate/model.js';
import type { Change, Level } from '../change.js';
import { diffDataContract } from './diff-datacontract.js';

/** One DataContract compared between the base revision and the working tree. */
export interface DataContractCompat {
  contract: string;
  file: string;
  baseVersion: string;
  headVersion: string;
  changes: Change[];
}

const SEVERITY: Record<Level, Severity> = { breaking: 'error', warning: 'warning', info: 'info' };

/**
 * The DataContract part of `check --base`. A breaking change to a record is breaking for the
 * integrations that export or stream it, and passes under the same rules as a Contract's: the
 * record's major version is bumped and an announcement names the rule id and the property. A record
 * no integration exports or streams breaks nothing (info).
 */
export function checkDataContracts(base: WorkspaceModel, head: WorkspaceModel): { compat: DataContractCompat[]; diagnostics: Diagnostic[] } {
  const compat: DataContractCompat[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const [name, dc] of head.dataContracts) {
    const before = base.dataContracts.get(name);
    if (!before || base.workspace.files.get(before.doc.file)?.text === head.workspace.files.get(dc.doc.file)?.text) continue;
    const changes = diffDataContract(before, dc);
    if (!changes.length) continue;
    const judged = judgeDataChanges(changes, before, dc, producersOf(head, name));
    compat.push({ contract: name, file: dc.doc.file, baseVersion: before.manifest.spec.version, headVersion: dc.manifest.spec.version, changes: judged });
    for (const change of judged) {
      if (change.level === 'info' && !change.data?.downgraded) continue;
      const loc = change.head ?? change.base!;
      diagnostics.push({
        severity: SEVERITY[change.level],
        code: `compat/${change.id}`,
        message: `Data contract ${name}: ${change.message}`,
        location: { file: loc.file, pointer: loc.pointer, line: loc.line },
        data: { dataContract: name, rule: change.id, level: change.level, property: change.data?.property, ...(change.data?.downgraded ? { downgraded: change.data.downgraded } : {}), ...(change.data?.integrations ? { integrations: change.data.integrations } : {}) },
      });
    }
  }
  return { compat, diagnostics };
}

/** `incident-sync (export, stream)`: the integrations that write this record, and how. */
function producersOf(model: WorkspaceModel, dataContract: string): { integration: Integration; how: string[] }[] {
  const out: { integration: Integration; how: string[] }[] = [];
  for (const integration of model.integrations.values()) {
    const how = [integration.manifest.spec.export?.dataContract === dataContract ? 'export' : '', integration.manifest.spec.stream?.dataContract === dataContract ? 'stream' : ''].filter(Boolean);
    if (how.length) out.push({ integration, how });
  }
  return out.sort((a, b) => (a.integration.name < b.integration.name ? -1 : 1));
}

function judgeDataChanges(changes: Change[], base: DataContract, head: DataContract, producers: { integration: Integration; how: string[] }[]): Change[] {
  const from = semver.coerce(base.manifest.spec.version);
  const to = semver.coerce(head.manifest.spec.version);
  const majorBumped = Boolean(from && to && to.major > from.major);
  const announcements = head.manifest.spec.announcements ?? [];
  const names = producers.map((p) => `${p.integration.name} (${p.how.join(', ')})`);
  return changes.map((change) => {
    if (change.level !== 'breaking') return change;
    if (!producers.length) {
      return { ...change, level: 'info', message: `${change.message} No integration exports or streams ${head.name}, so it breaks nothing here.`, data: { ...change.data, downgraded: 'unused' } };
    }
    const withUsers = { ...change, message: `${change.message} It breaks the consumers of ${names.join(' and ')}.`, data: { ...change.data, integrations: producers.map((p) => p.integration.name) } };
    const announcement = announcements.find((a) => a.change === change.id && a.property === change.data?.property);
    if (announcement && majorBumped) {
      return { ...withUsers, level: 'info', message: `${withUsers.message} Announced on ${announcement.date}: ${announcement.reason}`, data: { ...withUsers.data, downgraded: 'announced' } };
    }
    if (announcement) {
      return { ...withUsers, message: `${withUsers.message} It is announced, but the data contract's major version was not bumped (${base.manifest.spec.version} → ${head.manifest.spec.version}); bump the major version to release it.`, data: { ...withUsers.data, announced: true } };
    }
    return { ...withUsers, message: `${withUsers.message} To release it, bump the data contract's major version and add an announcement {change: ${change.id}, property: ${String(change.data?.property)}, date, reason}.` };
  });
}
