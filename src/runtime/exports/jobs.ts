import { specHash } from '../../core/canonical-json.js';
import type { DataContractSpec, IntegrationSpec, RetentionPolicySpec, Sensitivity } from '../../core/resources.js';
import type { ScheduleInput } from '../../core/schedule.js';
import type { StateSnapshot } from '../model.js';

export type ExportSpec = NonNullable<IntegrationSpec['export']>;

/** Retention carried with every file: the integration's days, capped per field by the retention policy. */
export interface RetentionInfo {
  /** `spec.data.retentionDays` of the integration, if declared. */
  days: number | null;
  /** Longest retention by sensitivity from the applied RetentionPolicy resources (the strictest wins). */
  maxDaysBySensitivity: Partial<Record<Sensitivity, number>>;
}

/** One integration's export as the runtime holds it: the spec, its DataContract and retention. */
export interface ExportJob {
  integration: string;
  enabled: boolean;
  spec: ExportSpec;
  /** `export.schedule`, else `spec.schedule`. */
  schedule: ScheduleInput | null;
  dataContract: { name: string; version: string; spec: DataContractSpec } | null;
  retention: RetentionInfo;
  /** Identifies what a run's parts were written with; a failed run resumes only under the same hash. */
  hash: string;
}

export function retentionFrom(state: StateSnapshot, days: number | undefined): RetentionInfo {
  const maxDaysBySensitivity: RetentionInfo['maxDaysBySensitivity'] = {};
  for (const r of state.resources) {
    if (r.kind !== 'RetentionPolicy') continue;
    for (const [s, d] of Object.entries((r.spec as RetentionPolicySpec).maxDays ?? {})) {
      const key = s as Sensitivity;
      if (typeof d === 'number') maxDaysBySensitivity[key] = Math.min(maxDaysBySensitivity[key] ?? Infinity, d);
    }
  }
  return { days: days ?? null, maxDaysBySensitivity };
}

/** The exports declared by applied integrations, by integration name. */
export function exportJobs(state: StateSnapshot): Map<string, ExportJob> {
  const contracts = new Map<string, DataContractSpec>();
  for (const r of state.resources) if (r.kind === 'DataContract') contracts.set(r.name, r.spec as DataContractSpec);
  const jobs = new Map<string, ExportJob>();
  for (const r of state.resources) {
    if (r.kind !== 'Integration') continue;
    const spec = r.spec as IntegrationSpec;
    if (!spec.export) continue;
    const dc = contracts.get(spec.export.dataContract);
    const dataContract = dc ? { name: spec.export.dataContract, version: dc.version, spec: dc } : null;
    jobs.set(r.name, {
      integration: r.name,
      enabled: spec.enabled !== false,
      spec: spec.export,
      schedule: spec.export.schedule ?? spec.schedule ?? null,
      dataContract,
      retention: retentionFrom(state, spec.data?.retentionDays),
      hash: specHash({ export: spec.export, dataContract: dc ?? null }),
    });
  }
  return jobs;
}
