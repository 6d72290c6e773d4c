import { ruleTester } from '../../../test/support/rule-tester.js';
import { INTEGRATION, integrationYaml } from '../../../test/support/policy-fixtures.js';
import { transport } from './transport.js';

const SETTINGS = 'interlock.yaml';
const endpoint = (e: string) => integrationYaml({ endpoint: e });
const POLICY = (spec: string) => `apiVersion: interlock.dev/v1
kind: TransportPolicy
metadata: { name: transport }
spec: ${spec}
`;
const MTLS = "{ baseUrl: 'https://relay.internal.example', tls: { minVersion: '1.2', mtls: { cert: 'file:/etc/relay/cert.pem', key: 'vault:secret/relay#key' } } }";

ruleTester(transport, {
  valid: [
    { name: 'https with TLS 1.2', files: {} },
    {
      name: 'plain http on loopback for local testing, in a sandbox workspace',
      files: { [SETTINGS]: 'environment: sandbox\n', [INTEGRATION]: endpoint("{ baseUrl: 'http://127.0.0.1:8080', localTesting: true }") },
    },
    { name: 'local testing in a test workspace', files: { [SETTINGS]: 'environment: test\n', [INTEGRATION]: endpoint("{ baseUrl: 'http://[::1]:8080', localTesting: true }") } },
    { name: 'mutual TLS where the policy requires it', files: { 'policies/transport.yaml': POLICY('{ mtls: [{ integrations: [ticket-sync] }] }'), [INTEGRATION]: endpoint(MTLS) } },
  ],
  invalid: [
    {
      name: 'plain http',
      files: { [INTEGRATION]: endpoint("{ baseUrl: 'http://api.acme.example' }") },
      errors: [{ messageId: 'notHttps', data: { what: 'endpoint', url: 'http://api.acme.example' }, file: INTEGRATION, line: 8, column: 15 }],
    },
    {
      name: 'TLS below 1.2',
      files: { [INTEGRATION]: endpoint("{ baseUrl: 'https://api.acme.example', tls: { minVersion: '1.1' } }") },
      errors: [{ messageId: 'tlsTooOld', data: { version: '1.1', min: '1.2' }, line: 8 }],
    },
    {
      name: 'the policy requires TLS 1.3',
      files: { 'policies/transport.yaml': POLICY("{ minTlsVersion: '1.3' }") },
      errors: [{ messageId: 'tlsTooOld', data: { version: '1.2', min: '1.3' } }],
    },
    {
      name: 'an http token URL',
      files: { [INTEGRATION]: integrationYaml({ auth: "{ type: oauth2, tokenUrl: 'http://api.acme.example/token', clientSecret: 'env:ACME_SECRET' }" }) },
      errors: [{ messageId: 'notHttps', data: { what: 'token URL' }, line: 9 }],
    },
    {
      name: 'mutual TLS required by label',
      files: { 'policies/transport.yaml': POLICY('{ mtls: [{ labels: { site: on-prem } }] }'), [INTEGRATION]: integrationYaml({ labels: '{ site: on-prem }' }) },
      errors: [{ messageId: 'mtlsRequired', data: { integration: 'ticket-sync' }, line: 8 }],
    },
    {
      name: 'local testing against a remote host',
      files: { [SETTINGS]: 'environment: sandbox\n', [INTEGRATION]: endpoint("{ baseUrl: 'https://api.acme.example', localTesting: true }") },
      errors: [{ messageId: 'localTestingNotLoopback', data: { url: 'https://api.acme.example' } }],
    },
    {
      name: 'local testing in a workspace not marked as a sandbox',
      files: { [INTEGRATION]: endpoint("{ baseUrl: 'http://127.0.0.1:8080', localTesting: true }") },
      errors: [{ messageId: 'localTestingOutsideSandbox', data: { integration: 'ticket-sync' }, file: INTEGRATION, line: 8 }],
    },
    {
      name: 'local testing in a workspace marked production',
      files: { [SETTINGS]: 'environment: production\n', [INTEGRATION]: endpoint("{ baseUrl: 'http://localhost:8080', localTesting: true }") },
      errors: [{ messageId: 'localTestingOutsideSandbox', data: { integration: 'ticket-sync' } }],
    },
    {
      name: 'a cloud metadata address, even in a sandbox',
      files: { [SETTINGS]: 'environment: sandbox\n', [INTEGRATION]: endpoint("{ baseUrl: 'https://169.254.169.254/latest' }") },
      errors: [{ messageId: 'linkLocal', data: { what: 'endpoint', url: 'https://169.254.169.254/latest' }, line: 8 }],
    },
  ],
});
