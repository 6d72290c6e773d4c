import semver from 'semver';
import type { DataContract, Integration } from '../../core/resources.js';
import type { WorkspaceModel } from '../../validate/model.js';
import type { Change } from '../change.js';
import { diffDataContract } from './diff-datacontract.js';

/** One DataContract compared between the base revision and the working tree. */
export interface DataContractCompat {
  contract: string;
  kind: 'DataContract';
  file: string;
  baseVersion: string;
  headVersion: string;
  changes: Change[];
}

/**
 * The DataContract part of `check --base`. A breaking change to a record is breaking for the
 * integrations that export or stream it, and passes under the same rules as a Contract's: the
 * record's major version is bumped and an announcement names the rule id and the property. A record
 * no integration exports or streams breaks nothing (info). Sets each change's `status`.
 */
export function checkDataContracts(base: WorkspaceModel, head: WorkspaceModel): DataContractCompat[] {
  const compat: DataContractCompat[] = [];
  for (const [name, dc] of head.dataContracts) {
    const before = base.dataContracts.get(name);
    if (!before || base.workspace.files.get(before.doc.file)?.text === head.workspace.files.get(dc.doc.file)?.text) continue;
    const changes = diffDataContract(before, dc);
    if (!changes.length) continue;
    const judged = judgeDataChanges(changes, before, dc, producersOf(head, name));
    compat.push({ contract: name, kind: 'DataContract', file: dc.doc.file, baseVersion: before.manifest.spec.version, headVersion: dc.manifest.spec.version, changes: judged });
  }
  return compat;
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
  return changes.map((change): Change => {
    if (change.level !== 'breaking') return change;
    if (!producers.length) return { ...change, level: 'info', status: 'unused', data: { ...change.data, unused: { dataContract: head.name } } };
    const data = { ...change.data, producers: producers.map((p) => `${p.integration.name} (${p.how.join(', ')})`) };
    const announcement = announcements.find((a) => a.change === change.id && a.property === change.data?.property);
    if (announcement && majorBumped) return { ...change, level: 'info', status: 'announced', data: { ...data, announcement: { date: announcement.date, reason: announcement.reason } } };
    return {
      ...change,
      status: 'unannounced',
      data: { ...data, remedy: { of: 'data contract', from: base.manifest.spec.version, to: head.manifest.spec.version, announcedWithoutBump: Boolean(announcement), target: `property: ${String(change.data?.property)}` } },
    };
  });
}
