/** Builders for the manifests rule tests vary; defaults match the base workspace. */

export interface VendorOptions {
  tier?: string;
  criteria?: string;
  locations?: string;
  extra?: string;
  assessment?: string | null;
  contract?: string | null;
}

export function vendorYaml(o: VendorOptions = {}): string {
  const lines = [
    'apiVersion: interlock.dev/v1',
    'kind: Vendor',
    'metadata: { name: acme }',
    'spec:',
    '  legalName: Acme, Inc.',
    `  riskTier: ${o.tier ?? 'medium'}`,
    `  criteria: ${o.criteria ?? '{ dataSensitivity: internal, accessLevel: write, criticality: low }'}`,
    `  dataLocations: ${o.locations ?? '[eu-central]'}`,
  ];
  if (o.assessment !== null) lines.push(`  assessment: ${o.assessment ?? "{ questionnaire: sig-lite, status: approved, reviewer: jonas-berg, completedAt: '2026-01-15', expiresAt: '2027-01-15' }"}`);
  if (o.contract !== null) lines.push(`  contract: ${o.contract ?? '{ countersigned: true, clauses: { encryption: true, breachNotificationHours: 48, auditRights: true } }'}`);
  if (o.extra) lines.push(o.extra.replace(/\n$/, ''));
  return lines.join('\n') + '\n';
}

export interface IntegrationOptions {
  name?: string;
  enabled?: boolean;
  endpoint?: string;
  auth?: string;
  uses?: string;
  data?: string;
  extra?: string;
  labels?: string;
}

export function integrationYaml(o: IntegrationOptions = {}): string {
  const lines = [
    'apiVersion: interlock.dev/v1',
    'kind: Integration',
    `metadata: { name: ${o.name ?? 'ticket-sync'}${o.labels ? `, labels: ${o.labels}` : ''} }`,
    'spec:',
    '  vendor: acme',
    '  contract: { ref: acme-tickets, version: ^1.0.0 }',
    '  direction: outbound',
    `  endpoint: ${o.endpoint ?? "{ baseUrl: 'https://api.acme.example', tls: { minVersion: '1.2' } }"}`,
    `  auth: ${o.auth ?? "{ type: apiKey, name: X-Api-Key, value: 'env:ACME_KEY' }"}`,
    `  uses: ${o.uses ?? '[createTicket]'}`,
    `  data: ${o.data ?? '{ region: eu-central, subjects: [eu], retentionDays: 365 }'}`,
  ];
  if (o.enabled !== undefined) lines.push(`  enabled: ${o.enabled}`);
  if (o.extra) lines.push(o.extra.replace(/\n$/, ''));
  return lines.join('\n') + '\n';
}

export const VENDOR = 'integrations/acme/vendor.yaml';
export const INTEGRATION = 'integrations/acme/ticket-sync.yaml';
export const OPENAPI = 'contracts/acme/tickets.openapi.yaml';

/** The base contract's Ticket schema with extra properties (YAML lines indented for `properties:`). */
export { ticketsOpenApi as openapiWith } from '../../src/policy/examples/base.js';
