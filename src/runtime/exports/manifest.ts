import type { Classification, Sensitivity } from '../../core/resources.js';
import type { ColumnPlan, FieldType } from './columns.js';
import type { ExportJob, RetentionInfo } from './jobs.js';
import type { ExportWindow } from './window.js';

/** Classification of one written column, as carried in the file metadata and the manifest. */
export interface FieldClassification extends Classification {
  type: FieldType;
  required: boolean;
  /** The value is a SHA-256 digest of the original (a restricted field under `restricted: mask`). */
  masked: boolean;
  /** Longest retention for this field: the integration's days capped by the policy for its sensitivity. */
  retentionDays: number | null;
}

/** What every file of an export says about its contents (Parquet key-value metadata `interlock.classification`). */
export interface ClassificationMetadata {
  dataContract: string;
  version: string;
  fields: Record<string, FieldClassification>;
  /** Restricted fields left out of the file. */
  dropped: { name: string; sensitivity: Sensitivity; pii: string | null }[];
  retention: RetentionInfo;
}

export interface ManifestFile {
  /** The file name, relative to the manifest. */
  name: string;
  rows: number;
  bytes: number;
  /** SHA-256 (hex) of the file exactly as stored (after encryption). */
  sha256: string;
}

export interface ExportManifest {
  manifestVersion: 1;
  integration: string;
  runId: string;
  window: { start: string; end: string };
  format: 'parquet' | 'csv' | 'ndjson';
  compression: 'zstd' | 'snappy' | 'none';
  encryption: { type: 'pgp'; recipients: string[] } | null;
  rows: number;
  /** Events in the window that lacked a required field. */
  rejected: number;
  files: ManifestFile[];
  schema: { name: string; type: FieldType; required: boolean }[];
  classification: ClassificationMetadata;
  createdAt: string;
}

function fieldRetention(r: RetentionInfo, s: Sensitivity): number | null {
  const cap = r.maxDaysBySensitivity[s];
  if (r.days === null) return cap ?? null;
  return cap === undefined ? r.days : Math.min(r.days, cap);
}

export function classificationMetadata(job: ExportJob, plan: ColumnPlan): ClassificationMetadata {
  const dc = job.dataContract!;
  const fields: Record<string, FieldClassification> = {};
  for (const c of plan.columns) {
    fields[c.name] = {
      sensitivity: c.classification.sensitivity,
      pii: c.classification.pii ?? null,
      type: c.type,
      required: c.required,
      masked: c.masked,
      retentionDays: fieldRetention(job.retention, c.classification.sensitivity),
    };
  }
  return {
    dataContract: dc.name,
    version: dc.version,
    fields,
    dropped: plan.dropped.map((d) => ({ name: d.name, sensitivity: d.classification.sensitivity, pii: d.classification.pii ?? null })),
    retention: job.retention,
  };
}

/** The Parquet footer key-value metadata of every file of a run. */
export function fileMetadata(job: ExportJob, classification: ClassificationMetadata, window: ExportWindow): Record<string, string> {
  return {
    'interlock.classification': JSON.stringify(classification),
    'interlock.data_contract': `${classification.dataContract}@${classification.version}`,
    'interlock.retention_days': classification.retention.days === null ? '' : String(classification.retention.days),
    'interlock.integration': job.integration,
    'interlock.window': `${window.start.toISOString()}/${window.end.toISOString()}`,
  };
}
