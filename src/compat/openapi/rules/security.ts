import { show, type Rule } from './rule.js';

/** Security requirements (global and per operation) and security schemes. */
export const security: Rule = {
  name: 'security',
  kinds: ['security-added', 'security-removed', 'security-scope-added', 'security-scope-removed', 'security-component-added', 'security-component-removed', 'security-component-type-changed'],
  checks: [
    { id: 'api-security-added', level: 'warning', description: 'An operation requires a new security scheme; clients without those credentials are refused.', example: 'security: [] → [{oauth: [read]}]' },
    { id: 'api-security-removed', level: 'info', description: 'An operation no longer lists a security requirement.', example: 'security: [{apiKey: []}] → []' },
    { id: 'api-security-scope-added', level: 'warning', description: 'An operation requires a new OAuth scope.', example: 'oauth: [read] → [read, write]' },
    { id: 'api-security-scope-removed', level: 'info', description: 'An operation requires fewer OAuth scopes.', example: 'oauth: [read, write] → [read]' },
    { id: 'api-global-security-added', level: 'info', description: 'A global security requirement was added.', example: 'security: [] → [{apiKey: []}]' },
    { id: 'api-global-security-removed', level: 'info', description: 'A global security requirement was removed.', example: 'security: [{apiKey: []}] → []' },
    { id: 'api-global-security-scope-added', level: 'info', description: 'A global security requirement needs a new scope.', example: 'oauth: [read] → [read, write]' },
    { id: 'api-global-security-scope-removed', level: 'info', description: 'A global security requirement needs fewer scopes.', example: 'oauth: [read, write] → [read]' },
    { id: 'api-security-component-added', level: 'info', description: 'A security scheme was defined.', example: 'securitySchemes: {} → {oauth}' },
    { id: 'api-security-component-removed', level: 'info', description: 'A security scheme definition was removed.', example: 'securitySchemes: {oauth} → {}' },
    { id: 'api-security-component-type-changed', level: 'warning', description: 'A security scheme changed type; clients authenticate the old way.', example: 'type: apiKey → type: oauth2' },
  ],
  judge(f) {
    const scheme = show(f.data.scheme);
    const global = f.data.global === true;
    const scope = global ? 'api-global-security' : 'api-security';
    switch (f.kind) {
      case 'security-added':
        return { id: `${scope}-added`, message: `${global ? 'Global security' : 'The operation'} now requires ${scheme}; clients without those credentials will be refused.` };
      case 'security-removed':
        return { id: `${scope}-removed`, message: `${global ? 'Global security' : 'The operation'} no longer requires ${scheme}.` };
      case 'security-scope-added':
        return { id: `${scope}-scope-added`, message: `Security requirement ${scheme} now needs scope(s) ${show(f.data.scopes)}; tokens without them will be refused.` };
      case 'security-scope-removed':
        return { id: `${scope}-scope-removed`, message: `Security requirement ${scheme} no longer needs scope(s) ${show(f.data.scopes)}.` };
      case 'security-component-added':
        return { id: 'api-security-component-added', message: `Security scheme ${scheme} was defined.` };
      case 'security-component-removed':
        return { id: 'api-security-component-removed', message: `Security scheme ${scheme} was removed.` };
      default:
        return { id: 'api-security-component-type-changed', message: `Security scheme ${scheme} changed type from ${show(f.data.from)} to ${show(f.data.to)}; clients authenticate the old way.` };
    }
  },
};
