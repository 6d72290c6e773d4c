import type { ParquetWriter } from 'hyparquet-writer';
import type { Column, FieldType } from './columns.js';

type SchemaElement = ConstructorParameters<typeof ParquetWriter>[0]['schema'][number];

function element(c: Column): SchemaElement {
  const repetition_type = c.required ? 'REQUIRED' : 'OPTIONAL';
  const base = { name: c.name, repetition_type } as const;
  const t: FieldType = c.type;
  switch (t) {
    case 'string':
      return { ...base, type: 'BYTE_ARRAY', converted_type: 'UTF8', logical_type: { type: 'STRING' } };
    case 'integer':
      return { ...base, type: 'INT64', logical_type: { type: 'INTEGER', bitWidth: 64, isSigned: true } };
    case 'number':
      return { ...base, type: 'DOUBLE' };
    case 'boolean':
      return { ...base, type: 'BOOLEAN' };
    case 'date-time':
      return { ...base, type: 'INT64', converted_type: 'TIMESTAMP_MILLIS', logical_type: { type: 'TIMESTAMP', isAdjustedToUTC: true, unit: 'MILLIS' } };
    case 'date':
      return { ...base, type: 'INT32', converted_type: 'DATE', logical_type: { type: 'DATE' } };
    case 'object':
    case 'array':
      return { ...base, type: 'BYTE_ARRAY', converted_type: 'JSON', logical_type: { type: 'JSON' } };
  }
}

/** The Parquet schema of a column plan (the root element first). */
export function parquetSchema(columns: readonly Column[]): SchemaElement[] {
  return [{ name: 'interlock_export', num_children: columns.length }, ...columns.map(element)];
}
