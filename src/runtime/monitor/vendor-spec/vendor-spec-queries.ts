import type { Queryable } from '../../store/database.js';
import { toIso, toIsoOrNull } from '../../store/rows.js';

/** A change of the published description that reaches an operation the workspace uses (kept as data). */
export interface SpecFinding {
  id: string;
  level: 'breaking' | 'warning' | 'info';
  message: string;
  /** `METHOD /path` (OpenAPI) or a schema coordinate (GraphQL). */
  where: string;
  operationId?: string;
}

export interface ProposedPullRequest {
  number: number;
  url: string;
  /** The published description's hash the pull request proposes (dedupe: one per hash). */
  hash: string;
}

/** What the runtime last saw of one contract's published description. */
export interface VendorSpecRecord {
  contract: string;
  url: string;
  /** sha256 hex of the last description fetched (null before the first successful fetch). */
  hash: string | null;
  /** The applied contract content the findings were computed against. */
  contractHash: string | null;
  checkedAt: string;
  changedAt: string | null;
  /** Why the last check failed (fetch refused or failed, description unreadable), else null. */
  error: string | null;
  findings: SpecFinding[];
  pullRequest: ProposedPullRequest | null;
}

interface Row {
  contract: string;
  url: string;
  hash: string | null;
  contract_hash: string | null;
  checked_at: unknown;
  changed_at: unknown;
  error: string | null;
  findings: string;
  pull_request: string | null;
}

const COLUMNS = 'contract, url, hash, contract_hash, checked_at, changed_at, error, findings, pull_request';

function record(r: Row): VendorSpecRecord {
  return {
    contract: r.contract,
    url: r.url,
    hash: r.hash,
    contractHash: r.contract_hash,
    checkedAt: toIso(r.checked_at),
    changedAt: toIsoOrNull(r.changed_at),
    error: r.error,
    findings: JSON.parse(r.findings) as SpecFinding[],
    pullRequest: r.pull_request ? (JSON.parse(r.pull_request) as ProposedPullRequest) : null,
  };
}

export async function vendorSpecs(db: Queryable): Promise<VendorSpecRecord[]> {
  return (await db.query<Row>(`SELECT ${COLUMNS} FROM vendor_specs ORDER BY contract`)).map(record);
}

export async function vendorSpecOf(db: Queryable, contract: string): Promise<VendorSpecRecord | undefined> {
  const [row] = await db.query<Row>(`SELECT ${COLUMNS} FROM vendor_specs WHERE contract = $1`, [contract]);
  return row ? record(row) : undefined;
}

export async function saveVendorSpec(db: Queryable, r: VendorSpecRecord): Promise<void> {
  await db.query(
    `INSERT INTO vendor_specs (${COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
     ON CONFLICT (contract) DO UPDATE SET url = EXCLUDED.url, hash = EXCLUDED.hash, contract_hash = EXCLUDED.contract_hash, checked_at = EXCLUDED.checked_at,
       changed_at = EXCLUDED.changed_at, error = EXCLUDED.error, findings = EXCLUDED.findings, pull_request = EXCLUDED.pull_request`,
    [r.contract, r.url, r.hash, r.contractHash, r.checkedAt, r.changedAt, r.error, JSON.stringify(r.findings), r.pullRequest ? JSON.stringify(r.pullRequest) : null],
  );
}
