import { specHash } from '../../core/canonical-json.js';
import type { DataContractSpec, IntegrationSpec } from '../../core/resources.js';
import type { StateSnapshot } from '../model.js';
import type { StreamEngine, StreamSpec } from './sink.js';

/** One integration's stream as the runtime holds it. */
export interface StreamJob {
  integration: string;
  enabled: boolean;
  spec: StreamSpec;
  engine: StreamEngine;
  dataContract: { name: string; version: string; spec: DataContractSpec } | null;
  /** A changed spec or DataContract reopens the sink. */
  hash: string;
}

/** The streams declared by applied integrations, by integration name. */
export function streamJobs(state: StateSnapshot): Map<string, StreamJob> {
  const contracts = new Map<string, DataContractSpec>();
  for (const r of state.resources) if (r.kind === 'DataContract') contracts.set(r.name, r.spec as DataContractSpec);
  const jobs = new Map<string, StreamJob>();
  for (const r of state.resources) {
    if (r.kind !== 'Integration') continue;
    const spec = (r.spec as IntegrationSpec).stream;
    if (!spec) continue;
    const dc = contracts.get(spec.dataContract);
    jobs.set(r.name, {
      integration: r.name,
      enabled: (r.spec as IntegrationSpec).enabled !== false,
      spec,
      engine: Object.keys(spec.sink)[0] as StreamEngine,
      dataContract: dc ? { name: spec.dataContract, version: dc.version, spec: dc } : null,
      hash: specHash({ stream: spec, dataContract: dc ?? null }),
    });
  }
  return jobs;
}
