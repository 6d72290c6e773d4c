import type { EvidenceBundle } from '../../core/erasure-api.js';

const escape = (text: unknown): string =>
  String(text ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

function summary(data: Record<string, unknown>): string {
  const call = data.call as Record<string, unknown> | undefined;
  const answer = call?.answer as Record<string, unknown> | undefined;
  if (call) return `${call.method} ${call.path} (${call.operation}) → ${answer?.status ?? 'no answer'}${answer?.error ? ` — ${answer.error}` : ''}`;
  if (data.result) return String(data.result);
  if (data.reference) return `evidence ${data.reference}`;
  if (data.dueAt) return `due ${data.dueAt}`;
  if (data.withinDays !== undefined) return `tokenize within ${data.withinDays} days`;
  return '';
}

/** A self-contained HTML page an auditor can read: the request, each connector's outcome, every evidence item with its chain entry. */
export function renderEvidenceHtml(bundle: EvidenceBundle): string {
  const r = bundle.request;
  const steps = r.steps
    .map((s) => `<tr><td>${escape(s.integration)}</td><td>${escape(s.method)}</td><td>${escape(s.operation ?? '—')}</td><td class="${escape(s.state)}">${escape(s.state)}</td><td>${s.attempts}</td><td>${escape(s.dueAt ?? '')}</td><td>${escape(s.outcome ?? '')}</td></tr>`)
    .join('\n');
  const items = bundle.items
    .map((i) => `<tr><td>${i.seq}</td><td>${escape(i.at)}</td><td>${escape(i.stepId ?? 'request')}</td><td>${escape(i.kind)}</td><td>${escape(summary(i.data))}</td><td><code>${escape(i.sha256.slice(0, 16))}…</code></td><td>${i.audit.seq}</td><td><code>${escape(i.audit.hash.slice(0, 16))}…</code></td></tr>`)
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Erasure evidence ${escape(r.id)}</title>
<style>body{font:14px/1.4 system-ui,sans-serif;margin:2em;color:#222}table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:4px 8px;text-align:left;vertical-align:top}th{background:#f4f4f4}.failed,.overdue{color:#b00020}.done{color:#1b5e20}code{font-size:12px}</style></head>
<body>
<h1>Erasure request ${escape(r.id)}</h1>
<p>Status <strong>${escape(r.status)}</strong>. Legal basis: ${escape(r.legalBasis)}. Deadline: ${escape(r.deadline)}. Jurisdiction: ${escape(r.jurisdiction ?? 'any')}.
Requested ${escape(r.createdAt)} by ${escape(r.createdBy)}.</p>
<p>Subject identifiers (SHA-256 of <code>type:value</code>): ${r.identifiers.map((i) => `${escape(i.type)} <code>${escape(i.sha256)}</code>`).join(', ')}</p>
<h2>Connectors</h2>
${r.steps.length ? `<table><tr><th>Integration</th><th>Method</th><th>Operation</th><th>State</th><th>Attempts</th><th>Due</th><th>Outcome</th></tr>\n${steps}</table>` : '<p>No applied integration holds this subject’s data (nothing held).</p>'}
<h2>Evidence</h2>
<table><tr><th>#</th><th>At</th><th>Step</th><th>Kind</th><th>What</th><th>Digest</th><th>Audit seq</th><th>Audit hash</th></tr>
${items}</table>
<p>Bundle digest <code>${escape(bundle.digest)}</code>, signed with Ed25519 at ${escape(bundle.generatedAt)}; export recorded at audit seq ${bundle.exportAudit.seq}.
Check it with <code>interlock audit verify --evidence FILE</code>.</p>
</body></html>
`;
}
