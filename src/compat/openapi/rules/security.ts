import type { Rule } from './rule.js';

/** Security requirements (global and per operation) and security schemes. */
export const security: Rule = {
  name: 'security',
  kinds: ['security-added', 'security-removed', 'security-scope-added', 'security-scope-removed', 'security-component-added', 'security-component-removed', 'security-component-type-changed'],
  checks: [
    { id: 'api-security-added', messages: { added: 'The operation now requires {scheme:value}; clients without those credentials will be refused.' }, level: 'warning', description: 'An operation requires a new security scheme; clients without those credentials are refused.', example: 'security: [] → [{oauth: [read]}]' },
    { id: 'api-security-removed', messages: { removed: 'The operation no longer requires {scheme:value}.' }, level: 'info', description: 'An operation no longer lists a security requirement.', example: 'security: [{apiKey: []}] → []' },
    { id: 'api-security-scope-added', messages: { added: 'Security requirement {scheme:value} now needs scope(s) {scopes:value}; tokens without them will be refused.' }, level: 'warning', description: 'An operation requires a new OAuth scope.', example: 'oauth: [read] → [read, write]' },
    { id: 'api-security-scope-removed', messages: { removed: 'Security requirement {scheme:value} no longer needs scope(s) {scopes:value}.' }, level: 'info', description: 'An operation requires fewer OAuth scopes.', example: 'oauth: [read, write] → [read]' },
    { id: 'api-global-security-added', messages: { added: 'Global security now requires {scheme:value}; clients without those credentials will be refused.' }, level: 'info', description: 'A global security requirement was added.', example: 'security: [] → [{apiKey: []}]' },
    { id: 'api-global-security-removed', messages: { removed: 'Global security no longer requires {scheme:value}.' }, level: 'info', description: 'A global security requirement was removed.', example: 'security: [{apiKey: []}] → []' },
    { id: 'api-global-security-scope-added', messages: { added: 'Security requirement {scheme:value} now needs scope(s) {scopes:value}; tokens without them will be refused.' }, level: 'info', description: 'A global security requirement needs a new scope.', example: 'oauth: [read] → [read, write]' },
    { id: 'api-global-security-scope-removed', messages: { removed: 'Security requirement {scheme:value} no longer needs scope(s) {scopes:value}.' }, level: 'info', description: 'A global security requirement needs fewer scopes.', example: 'oauth: [read, write] → [read]' },
    { id: 'api-security-component-added', messages: { added: 'Security scheme {scheme:value} was defined.' }, level: 'info', description: 'A security scheme was defined.', example: 'securitySchemes: {} → {oauth}' },
    { id: 'api-security-component-removed', messages: { removed: 'Security scheme {scheme:value} was removed.' }, level: 'info', description: 'A security scheme definition was removed.', example: 'securitySchemes: {oauth} → {}' },
    { id: 'api-security-component-type-changed', messages: { changed: 'Security scheme {scheme:value} changed type from {from:value} to {to:value}; clients authenticate the old way.' }, level: 'warning', description: 'A security scheme changed type; clients authenticate the old way.', example: 'type: apiKey → type: oauth2' },
  ],
  judge(f) {
    const scheme = f.data.scheme ?? null;
    const scope = f.data.global === true ? 'api-global-security' : 'api-security';
    switch (f.kind) {
      case 'security-added':
        return { id: `${scope}-added`, messageId: 'added', data: { scheme } };
      case 'security-removed':
        return { id: `${scope}-removed`, messageId: 'removed', data: { scheme } };
      case 'security-scope-added':
        return { id: `${scope}-scope-added`, messageId: 'added', data: { scheme, scopes: f.data.scopes ?? null } };
      case 'security-scope-removed':
        return { id: `${scope}-scope-removed`, messageId: 'removed', data: { scheme, scopes: f.data.scopes ?? null } };
      case 'security-component-added':
        return { id: 'api-security-component-added', messageId: 'added', data: { scheme } };
      case 'security-component-removed':
        return { id: 'api-security-component-removed', messageId: 'removed', data: { scheme } };
      default:
        return { id: 'api-security-component-type-changed', messageId: 'changed', data: { scheme, from: f.data.from ?? null, to: f.data.to ?? null } };
    }
  },
};
