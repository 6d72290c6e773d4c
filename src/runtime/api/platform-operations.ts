/**
 * Operations that act on the runtime itself rather than on a tenant's records: a tenant token is refused
 * them (403 `forbidden`, the same answer in every tenant, so it tells nothing about another). Each says
 * why it is not per tenant; everything else in the admin API runs in the caller's tenant. (Tokens are per
 * tenant in their own routes: a tenant token manages its tenant's tokens only.)
 */
export const PLATFORM_OPERATIONS: ReadonlyMap<string, string> = new Map([
  ['listJobs', 'scheduled jobs are the runtime’s'],
  ['listJobRuns', 'as listJobs'],
  ['runJob', 'as listJobs'],
  ['acquireLease', 'one apply lease per runtime'],
  ['renewLease', 'as acquireLease'],
  ['releaseLease', 'as acquireLease'],
  ['listEvidenceTypes', 'evidence types are a runtime-wide registry'],
  ['putEvidenceType', 'as listEvidenceTypes'],
  ['listProbeKeys', 'probe keys are a runtime-wide registry'],
  ['putProbeKey', 'as listProbeKeys'],
  ['revokeProbeKey', 'as listProbeKeys'],
  ['listVendorSpecs', 'vendor spec checks are per contract, runtime-wide'],
  ['listTenants', 'tenants and their region pins are the platform operator’s to set'],
  ['putTenant', 'as listTenants'],
  ['listIntegrationHealth', 'connector health is held in memory for every integration the runtime runs'],
]);
