import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ROUTES } from '../api/routes/index.js';
import { familyScopeOf, isKnownScope, SCOPES, scopesCovering, unknownScopes } from './scopes.js';
import { renderScopesDoc } from './scopes-doc.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

describe('the scope table', () => {
  it('covers the permission of every bearer route with exactly one scope', () => {
    const bearer = ROUTES.filter((r) => r.auth === 'bearer');
    expect(bearer.filter((r) => !r.permission).map((r) => r.operationId)).toEqual([]);
    const counts = bearer.map((r) => [r.operationId, SCOPES.filter((s) => s.grants.some((g) => g.object === r.permission!.object && g.action === r.permission!.action)).length]);
    expect(counts.filter(([, n]) => n !== 1)).toEqual([]);
  });

  it('grants nothing no route declares, names each scope once, and names it <family>:<access>', () => {
    const declared = new Set(ROUTES.flatMap((r) => (r.permission ? [`${r.permission.object} ${r.permission.action}`] : [])));
    // The console's sign-in is a public route that checks `console read` itself.
    declared.add('console read');
    expect(SCOPES.flatMap((s) => s.grants.map((g) => `${g.object} ${g.action}`)).filter((g) => !declared.has(g))).toEqual([]);
    expect(new Set(SCOPES.map((s) => s.scope)).size).toBe(SCOPES.length);
    expect(SCOPES.filter((s) => s.scope !== `${s.scope.split(':')[0]}:${s.access}`).map((s) => s.scope)).toEqual([]);
  });

  it('knows family and integration scopes and nothing else', () => {
    expect(['evidence:write', 'integrations:jira-issue-sync:read', 'integrations:a:write'].every(isKnownScope)).toBe(true);
    expect(unknownScopes(['state:read', 'state:delete', 'integrations:Jira:read', 'integrations:jira:admin', '*'])).toEqual([
      { index: 1, scope: 'state:delete' },
      { index: 2, scope: 'integrations:Jira:read' },
      { index: 3, scope: 'integrations:jira:admin' },
      { index: 4, scope: '*' },
    ]);
    expect(familyScopeOf({ object: 'lease', action: 'acquire' })?.scope).toBe('apply:write');
    expect(scopesCovering({ object: 'deliveries', action: 'replay' }, 'jira')).toEqual(['deliveries:write', 'integrations:jira:write']);
    expect(scopesCovering({ object: 'tokens', action: 'create' }, 'jira')).toEqual(['tokens:admin']);
  });
});

describe('docs/runtime/scopes.md', () => {
  it('matches the scope table (regenerate: npm run docs)', () => {
    expect(readFileSync(path.join(root, 'docs/runtime/scopes.md'), 'utf8')).toBe(renderScopesDoc());
  });
});
