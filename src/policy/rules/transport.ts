import type { Integration } from '../../core/resources.js';
import type { Rule } from '../rule.js';
import type { EffectiveTransportPolicy } from '../policies.js';

const INTEGRATION = (endpoint: string) => `apiVersion: interlock.dev/v1
kind: Integration
metadata: { name: ticket-sync }
spec:
  vendor: acme
  contract: { ref: acme-tickets }
  direction: outbound
  endpoint: ${endpoint}
  auth: { type: apiKey, name: X-Api-Key, value: 'env:ACME_KEY' }
  uses: [createTicket]
  data: { region: eu-central, subjects: [eu], retentionDays: 365 }
`;

const TLS_ORDER = ['1.0', '1.1', '1.2', '1.3'];
const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

function hostOf(url: string): { protocol: string; host: string } | undefined {
  try {
    const u = new URL(url);
    return { protocol: u.protocol, host: u.hostname };
  } catch {
    return undefined;
  }
}

/** Link-local addresses, where cloud instance metadata (and its credentials) is served. */
function isLinkLocal(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  return /^169\.254\.\d{1,3}\.\d{1,3}$/.test(h) || /^fe[89ab][0-9a-f]:/.test(h) || h === 'metadata.google.internal' || h === 'metadata';
}

function mtlsRequired(integration: Integration, policy: EffectiveTransportPolicy): boolean {
  const labels = integration.manifest.metadata.labels ?? {};
  return policy.mtls.some((sel) => {
    const byName = sel.integrations?.includes(integration.name) ?? false;
    const byVendor = sel.vendors?.includes(integration.manifest.spec.vendor) ?? false;
    const byLabels = sel.labels !== undefined && Object.keys(sel.labels).length > 0 && Object.entries(sel.labels).every(([k, v]) => labels[k] === v);
    return byName || byVendor || byLabels;
  });
}

export const transport: Rule = {
  meta: {
    id: 'transport',
    description: 'Every endpoint an integration talks to is https with TLS 1.2 or higher (as the TransportPolicy sets), and uses mutual TLS where the policy requires it.',
    defaultSeverity: 'error',
    messages: {
      notHttps: "Integration '{{integration}}': {{what}} {{url}} is not https",
      tlsTooOld: "Integration '{{integration}}' accepts TLS {{version}}; the policy requires {{min}} or higher",
      mtlsRequired: "Integration '{{integration}}' must use mutual TLS (endpoint.tls.mtls) by the TransportPolicy",
      localTestingNotLoopback: "Integration '{{integration}}' is marked localTesting but its endpoint {{url}} is not a loopback address",
      localTestingOutsideSandbox:
        "Integration '{{integration}}' is marked localTesting, which only a sandbox or test workspace may use (interlock.yaml: environment: sandbox or test)",
      linkLocal: "Integration '{{integration}}': {{what}} {{url}} is a link-local or cloud metadata address",
    },
    docs: {
      details: `Checked URLs: \`endpoint.baseUrl\`, an OAuth2 \`auth.tokenUrl\` and \`events.delivery.url\`. \`endpoint.tls.minVersion\`
(1.2 when absent) must be at least the TransportPolicy's \`minTlsVersion\`. The policy's \`mtls\` selectors (by
integration name, vendor name, or labels the integration carries — e.g. an on-premises relay) name integrations that
must configure \`endpoint.tls.mtls\`. An endpoint marked \`localTesting\` may be plain http only on a loopback address,
and only in a workspace whose \`interlock.yaml\` says \`environment: sandbox\` or \`test\` (or that \`interlock sandbox\`
runs); a production workspace may not use it at all. No URL may point at a link-local or cloud metadata address
(169.254.0.0/16, fe80::/10, metadata.google.internal), sandbox or not.
Without a TransportPolicy: https required, TLS 1.2 minimum, no mutual TLS required.`,
      failing: { 'integrations/acme/ticket-sync.yaml': INTEGRATION("{ baseUrl: 'http://api.acme.example', tls: { minVersion: '1.1' } }") },
      passing: { 'integrations/acme/ticket-sync.yaml': INTEGRATION("{ baseUrl: 'https://api.acme.example', tls: { minVersion: '1.3' } }") },
    },
  },
  check(context) {
    const policy = context.policies.transport;
    for (const integration of context.model.integrations.values()) {
      const spec = integration.manifest.spec;
      const name = integration.name;
      const local = spec.endpoint.localTesting === true;
      if (local && !context.model.workspace.sandbox) {
        context.report({ resource: integration, pointer: '/spec/endpoint/localTesting', messageId: 'localTestingOutsideSandbox', data: { integration: name } });
      }
      if (local) {
        const h = hostOf(spec.endpoint.baseUrl);
        if (!h || !LOOPBACK.has(h.host)) context.report({ resource: integration, pointer: '/spec/endpoint/localTesting', messageId: 'localTestingNotLoopback', data: { integration: name, url: spec.endpoint.baseUrl } });
      }
      const urls: { what: string; url: string; pointer: string }[] = [{ what: 'endpoint', url: spec.endpoint.baseUrl, pointer: '/spec/endpoint/baseUrl' }];
      if (spec.auth.type === 'oauth2') urls.push({ what: 'token URL', url: spec.auth.tokenUrl, pointer: '/spec/auth/tokenUrl' });
      if (spec.events?.delivery) urls.push({ what: 'delivery URL', url: spec.events.delivery.url, pointer: '/spec/events/delivery/url' });
      for (const u of urls) {
        const h = hostOf(u.url);
        if (h && isLinkLocal(h.host)) context.report({ resource: integration, pointer: u.pointer, messageId: 'linkLocal', data: { integration: name, what: u.what, url: u.url } });
      }
      if (policy.requireHttps) {
        for (const u of urls) {
          const h = hostOf(u.url);
          if (h?.protocol === 'https:') continue;
          if (local && h && LOOPBACK.has(h.host)) continue;
          context.report({ resource: integration, pointer: u.pointer, messageId: 'notHttps', data: { integration: name, what: u.what, url: u.url } });
        }
      }
      const version = spec.endpoint.tls?.minVersion ?? '1.2';
      if (!local && TLS_ORDER.indexOf(version) < TLS_ORDER.indexOf(policy.minTlsVersion)) {
        context.report({
          resource: integration,
          pointer: spec.endpoint.tls?.minVersion ? '/spec/endpoint/tls/minVersion' : '/spec/endpoint',
          messageId: 'tlsTooOld',
          data: { integration: name, version, min: policy.minTlsVersion },
        });
      }
      if (mtlsRequired(integration, policy) && !spec.endpoint.tls?.mtls) {
        context.report({ resource: integration, pointer: spec.endpoint.tls ? '/spec/endpoint/tls' : '/spec/endpoint', messageId: 'mtlsRequired', data: { integration: name } });
      }
    }
  },
};
