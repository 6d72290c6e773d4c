import type { AlertView } from '../../../core/monitor-api.js';
import type { TrustRecord } from '../../monitor/trust-queries.js';

const esc = (s: unknown) => String(s ?? '').replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const STYLE = `body{font:14px system-ui,sans-serif;margin:2rem;color:#1b1f24}table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:.4rem .6rem;border-bottom:1px solid #d0d7de}th{background:#f6f8fa}.sev-2,.sev-1{color:#b42318;font-weight:600}.score{font-weight:600}form{display:flex;gap:.5rem}input{flex:1;padding:.4rem}`;

function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${esc(title)}</title><style>${STYLE}</style></head><body>${body}</body></html>`;
}

export function signInPage(message?: string): string {
  return page(
    'Interlock console — sign in',
    `<h1>Interlock console</h1>${message ? `<p role="alert" id="refused">${esc(message)}</p>` : ''}<form method="post" action="/console"><label for="token">Runtime token</label><input id="token" name="token" type="password" autocomplete="off"><button type="submit">Sign in</button></form>`,
  );
}

/** A small SVG line of the score history (0–100), no script, no network. */
export function sparkline(history: { score: number }[], width = 160, height = 32): string {
  if (!history.length) return '';
  const step = history.length > 1 ? width / (history.length - 1) : 0;
  const points = history.map((h, i) => `${Math.round(i * step)},${Math.round(height - (h.score / 100) * height)}`).join(' ');
  return `<svg class="trend" role="img" aria-label="trust score history" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}"><polyline fill="none" stroke="#0969da" stroke-width="2" points="${points}"/></svg>`;
}

export interface ConsoleRow {
  name: string;
  vendor: string;
  tier: string;
  commit: string | null;
  trust: TrustRecord | null;
  history: { score: number }[];
  canary: number | null;
}

export function consolePage(actor: string, stateCommit: string | null, rows: ConsoleRow[], alerts: AlertView[]): string {
  const errorRate = (t: TrustRecord | null) => (t && t.inputs.attempts ? `${Math.round(((t.inputs.attempts - t.inputs.succeeded) / t.inputs.attempts) * 1000) / 10} %` : '—');
  // Desired-state drift (an out-of-band edit) or vendor spec drift (the published description breaks what it uses).
  const drift = (t: TrustRecord | null) => (!t ? '—' : t.inputs.drift ? 'edited out of band' : t.inputs.vendorSpecChanges ? `vendor spec: ${t.inputs.vendorSpecChanges} breaking` : 'none');
  const integrations = rows
    .map(
      (r) =>
        `<tr data-integration="${esc(r.name)}"><td>${esc(r.name)}</td><td>${esc(r.vendor)}</td><td>${esc(r.tier)}</td><td class="score">${r.trust ? r.trust.score : '—'}</td><td>${sparkline(r.history)}</td><td>${esc(r.commit ?? '—')}</td><td>${errorRate(r.trust)}</td><td>${r.canary === null ? '—' : `${r.canary} %`}</td><td>${esc(drift(r.trust))}</td></tr>`,
    )
    .join('');
  const open = alerts
    .map((a) => `<tr data-alert="${esc(a.id)}"><td class="${esc(a.severity)}">${esc(a.severity)}</td><td>${esc(a.rule)}</td><td>${esc(a.integration ?? '—')}</td><td>${esc(a.summary)}</td><td>${esc(a.openedAt)}</td></tr>`)
    .join('');
  return page(
    'Interlock console',
    `<h1>Interlock console</h1><p>Signed in as ${esc(actor)} · last applied commit ${esc(stateCommit ?? '—')}</p>
<h2>Integrations</h2><table id="integrations"><thead><tr><th>Integration</th><th>Vendor</th><th>Tier</th><th>Trust</th><th>History</th><th>Commit</th><th>Delivery errors</th><th>Canary</th><th>Drift</th></tr></thead><tbody>${integrations}</tbody></table>
<h2>Open alerts</h2><table id="alerts"><thead><tr><th>Severity</th><th>Rule</th><th>Integration</th><th>Summary</th><th>Opened</th></tr></thead><tbody>${open || '<tr><td colspan="5">none</td></tr>'}</tbody></table>`,
  );
}
