import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import type { OperationSpec } from '../../adapter-runtime/index.js';
import { operationInput } from './operation-input.js';
import { soqlString, subjectContext } from './subject-context.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const QUERY: OperationSpec = { operationId: 'query', method: 'GET', path: '/services/data/v60.0/query', params: [{ name: 'q', in: 'query', required: true, style: 'form', explode: true }] };

/** The example Salesforce connector's lookup, rendered for an email as the step runner renders it. */
function lookupQuery(email: string): string {
  const spec = parse(readFileSync(path.join(root, 'integrations/salesforce/salesforce-crm-sync.yaml'), 'utf8')) as { spec: { erasure: { lookup: { with: Record<string, unknown> } } } };
  const input = operationInput(QUERY, spec.spec.erasure.lookup.with, { subject: subjectContext({ type: 'email', value: email }) });
  return String((input as { query: Record<string, unknown> }).query.q);
}

/** The string literals of a SOQL statement, honouring backslash escapes (as Salesforce's parser does). */
function literals(soql: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < soql.length; i++) {
    if (soql[i] !== "'") continue;
    let text = '';
    for (i++; i < soql.length && soql[i] !== "'"; i++) text += soql[i] === '\\' ? soql[++i] : soql[i];
    out.push(text);
  }
  return out;
}

describe('SOQL lookup of the Salesforce connector', () => {
  it("keeps an email with ' as one string literal: no injection", () => {
    const q = lookupQuery("o'brien@example.com");
    expect(q).toBe("SELECT Id FROM Contact WHERE Email = 'o\\'brien@example.com'");
    expect(literals(q)).toEqual(["o'brien@example.com"]);
    // A crafted address that passes the email check and would otherwise widen the WHERE clause to every contact.
    const attack = "x'OR'1'='1@example.com";
    const injected = lookupQuery(attack);
    expect(literals(injected)).toEqual([attack]);
    expect(injected.replace(/'(\\.|[^'\\])*'/g, "''")).toBe("SELECT Id FROM Contact WHERE Email = ''");
  });

  it('escapes every SOQL escape character', () => {
    expect(soqlString('a\\b\'c"d\ne\rf\tg')).toBe('a\\\\b\\\'c\\"d\\ne\\rf\\tg');
    expect(soqlString('ana.silva@example.com')).toBe('ana.silva@example.com');
  });
});
