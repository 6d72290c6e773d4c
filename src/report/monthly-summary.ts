import type { CallFigures, MonthlyIntegration, MonthlySummary } from '../core/monthly-report-api.js';
import { mdCode, mdText } from './markdown-text.js';

const pct = (v: number | null) => (v === null ? '-' : `${(v * 100).toFixed(2)}%`);
const msText = (v: number | null) => (v === null ? '-' : `${v} ms`);
const SPARKS = '▁▂▃▄▅▆▇█';

/** The daily trust scores as a sparkline (0 → ▁, 100 → █), so a month's trend reads at a glance. */
export function sparkline(scores: readonly number[]): string {
  return scores.map((s) => SPARKS[Math.min(SPARKS.length - 1, Math.max(0, Math.floor((s / 100) * (SPARKS.length - 1) + 0.5)))]).join('');
}

function trustCell(t: MonthlyIntegration['trust']): string {
  if (t.first === null || t.last === null) return 'not scored';
  return `${t.first} → ${t.last} (min ${t.min ?? '-'}) ${sparkline(t.daily.map((d) => d.score))}`;
}

function callsLine(c: CallFigures): string {
  return `${c.attempts} calls, availability ${pct(c.availability)}, 5xx ${pct(c.errorRate)} (${c.serverErrors}), 4xx ${c.clientErrors}, no answer ${c.noAnswer}, p50 ${msText(c.latencyP50Ms)}, p99 ${msText(c.latencyP99Ms)}`;
}

/** The per-integration table's columns and cells, shared by the text, Markdown and HTML renderers. */
export const HEAD = ['integration', 'vendor', 'trust (first → last, min, daily)', 'alerts raised/resolved', 'calls', 'availability', '5xx', 'p50', 'p99', 'erasure steps done/all', 'changes'];

export function row(i: MonthlyIntegration): string[] {
  return [
    i.integration,
    i.vendor ?? '-',
    trustCell(i.trust),
    `${i.alerts.raised}/${i.alerts.resolved}`,
    String(i.calls.attempts),
    pct(i.calls.availability),
    `${pct(i.calls.errorRate)} (${i.calls.serverErrors})`,
    msText(i.calls.latencyP50Ms),
    msText(i.calls.latencyP99Ms),
    `${i.erasures.done}/${i.erasures.steps}${i.erasures.failed ? ` (${i.erasures.failed} failed)` : ''}`,
    String(i.changes),
  ];
}

export function overallLines(s: MonthlySummary): string[] {
  const o = s.overall;
  return [
    `Calls: ${callsLine(o.calls)}`,
    `Alerts: ${o.alerts.raised} raised (Sev-1 ${o.alerts.sev1}, Sev-2 ${o.alerts.sev2}, Sev-3 ${o.alerts.sev3}), ${o.alerts.resolved} resolved`,
    `Erasure requests: ${o.erasureRequests.received} received, ${o.erasureRequests.closed} closed, ${o.erasureRequests.overdue} past their deadline`,
    `Changes applied: ${o.changes.entries} from ${o.changes.commits.length} commit${o.changes.commits.length === 1 ? '' : 's'}`,
  ];
}

export const expiryText = (days: number) => (days < 0 ? `expired ${-days} days before the month's end` : `${days} days after the month's end`);

/** The summary for a terminal: overall lines, one aligned row per integration, expiring evidence. */
export function renderMonthlyText(s: MonthlySummary): string {
  const rows = [HEAD, ...s.integrations.map(row)];
  const widths = HEAD.map((_, c) => Math.max(...rows.map((r) => [...r[c]].length)));
  const table = rows.map((r) => r.map((cell, c) => (c === r.length - 1 ? cell : cell + ' '.repeat(widths[c] - [...cell].length))).join('  ')).join('\n');
  return [
    `Monthly summary ${s.month} (${s.from.slice(0, 10)} to ${s.to.slice(0, 10)}, UTC), generated ${s.generatedAt}`,
    '',
    ...overallLines(s),
    '',
    table,
    '',
    s.expiring.length ? 'Expiring vendor evidence:' : 'No vendor evidence expires within 30 days of the month’s end.',
    ...s.expiring.map((e) => `  ${e.vendor} ${e.document}: ${e.expires} (${expiryText(e.days)})`),
    '',
  ].join('\n');
}

/** The summary as GitHub-flavoured Markdown (for the programme's monthly file or an issue). */
export function renderMonthlyMarkdown(s: MonthlySummary): string {
  return [
    `# Integration monthly summary — ${s.month}`,
    '',
    `${s.from.slice(0, 10)} to ${s.to.slice(0, 10)} (UTC), generated ${s.generatedAt} from the runtime's recorded data.`,
    '',
    '## Overall',
    '',
    ...overallLines(s).map((l) => `- ${mdText(l)}`),
    ...(s.overall.changes.commits.length ? [`- Commits: ${s.overall.changes.commits.map((c) => mdCode(c.slice(0, 12))).join(', ')}`] : []),
    '',
    '## Per integration',
    '',
    `| ${HEAD.join(' | ')} |`,
    `|${HEAD.map(() => '---').join('|')}|`,
    ...s.integrations.map((i) => `| ${row(i).map((c, n) => (n === 0 ? mdCode(c) : mdText(c))).join(' | ')} |`),
    '',
    '## Expiring vendor evidence',
    '',
    ...(s.expiring.length ? s.expiring.map((e) => `- ${mdText(e.vendor)} ${mdText(e.document)}: ${e.expires} (${expiryText(e.days)})`) : ['None within 30 days of the month’s end.']),
    '',
  ].join('\n');
}
