import type { MonthlySummary } from '../core/monthly-report-api.js';
import { expiryText, HEAD, overallLines, row } from './monthly-summary.js';

const esc = (s: unknown) => String(s ?? '').replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const STYLE = `body{font:14px system-ui,sans-serif;margin:2rem;color:#1b1f24}table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:.4rem .6rem;border-bottom:1px solid #d0d7de}th{background:#f6f8fa}td.trust{white-space:nowrap}`;

/** The summary as one self-contained HTML page (inline CSS, nothing fetched), for the programme's archive or mail. */
export function renderMonthlyHtml(s: MonthlySummary): string {
  const head = `<tr>${HEAD.map((h) => `<th>${esc(h)}</th>`).join('')}</tr>`;
  const rows = s.integrations.map((i) => `<tr>${row(i).map((c, n) => `<td${n === 2 ? ' class="trust"' : ''}>${esc(c)}</td>`).join('')}</tr>`).join('');
  const expiring = s.expiring.length ? `<ul>${s.expiring.map((e) => `<li>${esc(e.vendor)} ${esc(e.document)}: ${esc(e.expires)} (${esc(expiryText(e.days))})</li>`).join('')}</ul>` : '<p>None within 30 days of the month’s end.</p>';
  return [
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Integration monthly summary ${esc(s.month)}</title><style>${STYLE}</style></head><body>`,
    `<h1>Integration monthly summary — ${esc(s.month)}</h1>`,
    `<p>${esc(s.from.slice(0, 10))} to ${esc(s.to.slice(0, 10))} (UTC), generated ${esc(s.generatedAt)} from the runtime’s recorded data.</p>`,
    `<h2>Overall</h2><ul>${overallLines(s).map((l) => `<li>${esc(l)}</li>`).join('')}</ul>`,
    `<h2>Per integration</h2><table>${head}${rows}</table>`,
    `<h2>Expiring vendor evidence</h2>${expiring}`,
    '</body></html>',
    '',
  ].join('\n');
}
