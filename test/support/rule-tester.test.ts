import { describe, expect, it } from 'vitest';
import { findingsFor, tableProblems } from './rule-tester.js';
import { transport } from '../../src/policy/rules/transport.js';
import { INTEGRATION, integrationYaml } from './policy-fixtures.js';

const http = { [INTEGRATION]: integrationYaml({ endpoint: "{ baseUrl: 'http://api.acme.example' }" }) };

describe('rule tester', () => {
  it('refuses an invalid case that expects no finding', () => {
    expect(tableProblems(transport, { valid: [], invalid: [{ name: 'x', files: http, errors: [] }] })).toEqual(['x: an invalid case must expect at least one finding']);
  });

  it('refuses duplicate cases, across valid and invalid', () => {
    const problems = tableProblems(transport, { valid: [{ files: http }], invalid: [{ name: 'again', files: http, errors: [{ messageId: 'notHttps' }] }] });
    expect(problems).toEqual(["duplicate case 'again'"]);
  });

  it('refuses unknown message ids', () => {
    const problems = tableProblems(transport, { valid: [], invalid: [{ name: 'y', files: http, errors: [{ messageId: 'notHTTPS' }] }] });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain("unknown messageId 'notHTTPS'");
  });

  it('accepts a well-formed table', () => {
    expect(tableProblems(transport, { valid: [{ files: {} }], invalid: [{ files: http, errors: [{ messageId: 'notHttps' }] }] })).toEqual([]);
  });

  it('runs the rule through the real loader and validator', async () => {
    const found = await findingsFor(transport, { files: http });
    expect(found.map((d) => [d.code, d.data?.messageId, d.location?.file, d.location?.line])).toEqual([['policy/transport', 'notHttps', INTEGRATION, 8]]);
  });

  it('refuses a case whose workspace does not validate', async () => {
    await expect(findingsFor(transport, { files: { [INTEGRATION]: 'apiVersion: interlock.dev/v1\nkind: Integration\nmetadata: { name: x }\nspec: {}\n' } })).rejects.toThrow(/does not validate/);
  });
});
