/** What a workspace file is, decided from its path alone (so no file is read that is not needed). */
export type FileRole =
  | 'manifest' // Interlock YAML manifests (kinds)
  | 'api-openapi' // an OpenAPI / Swagger description
  | 'api-graphql' // a GraphQL SDL schema
  | 'graphql-operation' // a GraphQL operation document an integration sends
  | 'access-model' // policies/access.conf
  | 'access-policy' // policies/access.csv
  | 'template' // templates/** (generator overrides)
  | 'generated' // generated/** (adapters written by `interlock generate`)
  | 'settings' // interlock.yaml at the root: marks the workspace, holds its settings
  | 'other';

const MANIFEST_DIRS = ['integrations/', 'contracts/', 'policies/'];

export function classifyFile(path: string): FileRole {
  const lower = path.toLowerCase();
  if (path === 'interlock.yaml') return 'settings';
  if (lower.startsWith('templates/')) return 'template';
  if (lower.startsWith('generated/')) return 'generated';
  if (lower === 'policies/access.conf') return 'access-model';
  if (lower === 'policies/access.csv') return 'access-policy';
  if (!MANIFEST_DIRS.some((d) => lower.startsWith(d))) return 'other';
  if (/\.(graphql|gql)$/.test(lower)) {
    return lower.startsWith('integrations/') ? 'graphql-operation' : 'api-graphql';
  }
  if (/\.(openapi|swagger)\.(ya?ml|json)$/.test(lower)) return 'api-openapi';
  if (lower.startsWith('contracts/') && lower.endsWith('.json')) return 'api-openapi';
  if (/\.ya?ml$/.test(lower)) return 'manifest';
  return 'other';
}
