/** The same ISO 8601 form as `Date.prototype.toISOString`, so SQL-built and JS-built JSON agree. */
const ISO = `to_char(updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/**
 * SQL expression: one resource row as the JSON text of a `ResourceRecord`, assembled from the stored spec
 * and labels text. Kept in the `doc` column at write time, so a read of 10,000 resources is one
 * concatenation instead of 10,000 decoded rows and re-encoded objects.
 */
export const RESOURCE_JSON = `'{"kind":' || to_json(kind)::text || ',"name":' || to_json(name)::text || ',"spec":' || spec || ',"labels":' || labels
  || ',"hash":"' || hash || '","protect":' || protect::text || ',"revision":' || revision::text || ',"updatedAt":"' || ${ISO} || '"'
  || CASE WHEN commit IS NULL THEN '' ELSE ',"commit":' || to_json(commit)::text END || '}'`;
