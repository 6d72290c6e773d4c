import { planColumns, rowObject, toRow, type Column, type EventRecord } from '../exports/columns.js';
import type { StreamJob } from './jobs.js';
import type { StreamMessage } from './sink.js';

/** Header names every message carries. */
export const HEADERS = {
  eventId: 'interlock-event-id',
  eventType: 'interlock-event-type',
  integration: 'interlock-integration',
  contract: 'interlock-contract',
  contractVersion: 'interlock-contract-version',
  /** JSON: field → `{ sensitivity, pii, masked? }` for the fields in the body. */
  classification: 'interlock-classification',
} as const;

export type MessageResult = { ok: true; message: StreamMessage } | { ok: false; eventId: string; field: string };

/** Maps events of one stream to messages: the DataContract row as the body, the classification in headers. */
export function messageMapper(job: StreamJob & { dataContract: NonNullable<StreamJob['dataContract']> }): (event: EventRecord) => MessageResult {
  const { columns } = planColumns(job.dataContract.spec, job.spec.source.fields, job.spec.restricted ?? 'drop');
  const keyIndex = columns.findIndex((c: Column) => c.name === job.spec.key);
  const classification = JSON.stringify(
    Object.fromEntries(columns.map((c) => [c.name, { sensitivity: c.classification.sensitivity, pii: c.classification.pii ?? null, ...(c.masked ? { masked: true } : {}) }])),
  );
  const fixed = {
    [HEADERS.integration]: job.integration,
    [HEADERS.contract]: job.dataContract.name,
    [HEADERS.contractVersion]: job.dataContract.version,
    [HEADERS.classification]: classification,
  };
  return (event) => {
    const row = toRow(event, columns);
    if (!row.ok) return { ok: false, eventId: event.id, field: row.field };
    const body = rowObject(row.values, columns);
    const key = keyIndex < 0 ? '' : body[job.spec.key];
    return {
      ok: true,
      message: {
        key: key === null || key === undefined ? '' : typeof key === 'string' ? key : JSON.stringify(key),
        id: event.id,
        type: event.type,
        body: JSON.stringify(body),
        headers: { ...fixed, [HEADERS.eventId]: event.id, [HEADERS.eventType]: event.type },
      },
    };
  };
}
