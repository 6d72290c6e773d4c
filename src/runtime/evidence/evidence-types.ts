import { createHash } from 'node:crypto';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { canonicalJson } from '../../core/canonical-json.js';
import type { EvidenceTypeView } from '../../core/evidence-api.js';
import type { AuditInput } from '../model.js';
import { RuntimeProblem } from '../problem.js';
import { appendAudit } from '../store/audit-log.js';
import type { Queryable } from '../store/database.js';
import { toIso } from '../store/rows.js';

interface TypeRow {
  name: string;
  schema: string;
  schema_digest: string;
  created_at: unknown;
  updated_at: unknown;
}

function view(row: TypeRow): EvidenceTypeView {
  return { name: row.name, schema: JSON.parse(row.schema) as Record<string, unknown>, schemaDigest: row.schema_digest, createdAt: toIso(row.created_at), updatedAt: toIso(row.updated_at) };
}

function newAjv(): Ajv2020 {
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  (addFormats as unknown as (a: Ajv2020) => void)(ajv);
  return ajv;
}

/** A registered type's compiled validator and the digest of the schema it was compiled from. */
export interface TypeValidator {
  validate: ValidateFunction;
  digest: string;
}

/**
 * Compiled payload validators, kept per type in memory so a send costs no schema lookup. The digest goes
 * into the storing transaction, which checks it is still the registered one: a type re-registered (by this
 * runtime or another sharing the store) is noticed at commit, forgotten here and looked up again.
 */
export class EvidenceSchemas {
  private readonly ajv = newAjv();
  private readonly byType = new Map<string, TypeValidator>();
  private readonly byDigest = new Map<string, ValidateFunction>();

  constructor(private readonly db: Queryable) {}

  /** The validator of a registered type, or null when the type is unknown. */
  async validator(type: string): Promise<TypeValidator | null> {
    const cached = this.byType.get(type);
    if (cached) return cached;
    const [row] = await this.db.query<{ schema: string; schema_digest: string }>('SELECT schema, schema_digest FROM evidence_types WHERE name = $1', [type]);
    if (!row) return null;
    let validate = this.byDigest.get(row.schema_digest);
    if (!validate) {
      validate = this.ajv.compile(JSON.parse(row.schema) as object);
      this.byDigest.set(row.schema_digest, validate);
    }
    const found = { validate, digest: row.schema_digest };
    this.byType.set(type, found);
    return found;
  }

  /** Drops a type's cached validator (it was registered again, here or elsewhere). */
  forget(type: string): void {
    this.byType.delete(type);
  }
}

/** Refuses a schema that does not compile, so a registered type can always check its payloads. */
export function checkEvidenceSchema(schema: Record<string, unknown>): void {
  try {
    newAjv().compile(schema);
  } catch (error) {
    throw new RuntimeProblem('invalid-request', `/schema: not a usable JSON Schema: ${(error as Error).message}`, { errors: [{ pointer: '/schema', message: (error as Error).message }] });
  }
}

export async function putEvidenceType(tx: Queryable, name: string, schema: Record<string, unknown>, now: Date, audit: AuditInput): Promise<EvidenceTypeView> {
  checkEvidenceSchema(schema);
  const text = canonicalJson(schema);
  const digest = createHash('sha256').update(text).digest('hex');
  const [row] = await tx.query<TypeRow>(
    `INSERT INTO evidence_types (name, schema, schema_digest, created_at, updated_at) VALUES ($1, $2, $3, $4::timestamptz, $4::timestamptz)
     ON CONFLICT (name) DO UPDATE SET schema = $2, schema_digest = $3, updated_at = $4::timestamptz
     RETURNING name, schema, schema_digest, created_at, updated_at`,
    [name, text, digest, now.toISOString()],
  );
  await appendAudit(tx, { ...audit, data: { ...audit.data, type: name, schemaDigest: digest } }, now);
  return view(row);
}

export async function listEvidenceTypes(db: Queryable): Promise<EvidenceTypeView[]> {
  return (await db.query<TypeRow>('SELECT name, schema, schema_digest, created_at, updated_at FROM evidence_types ORDER BY name')).map(view);
}
