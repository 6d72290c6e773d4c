import type { TokenView } from '../core/token-api.js';
import { alignColumns } from './text-table.js';

function state(t: TokenView, now: Date): string {
  if (t.revokedAt) return t.replacedBy ? `rotated to ${t.replacedBy}` : 'revoked';
  if (t.expiresAt && new Date(t.expiresAt) <= now) return 'expired';
  return t.replacedBy ? `overlap, replaced by ${t.replacedBy}` : 'active';
}

/** `interlock runtime token list` as an aligned table; a token's secret is never part of it. */
export function renderTokens(tokens: readonly TokenView[], now: Date): string {
  if (!tokens.length) return 'no tokens\n';
  const rows = [
    ['ID', 'ROLE', 'TENANT', 'SCOPES', 'LABEL', 'CREATED', 'EXPIRES', 'LAST USED', 'STATE'],
    ...tokens.map((t) => [t.id, t.role, t.tenant ?? '-', t.scopes?.join(',') ?? '-', t.label ?? '-', t.createdAt, t.expiresAt ?? 'never', t.lastUsedAt ?? 'never', state(t, now)]),
  ];
  return alignColumns(rows);
}
