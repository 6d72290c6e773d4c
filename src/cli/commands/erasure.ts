import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Command, Option } from 'commander';
import { normaliseIdentifier, type ErasureRequestView, type SubjectIdentifier } from '../../core/erasure-api.js';
import { UsageError } from '../../core/errors.js';
import { RuntimeClient } from '../../runtime-client/client.js';
import { runtimeEndpoint } from '../../runtime-client/endpoint.js';
import { renderEvidenceHtml } from '../../runtime/privacy/evidence-report.js';
import type { RegisterCommand } from '../context.js';
import { EXIT } from '../io.js';
import { runtimeFailure as failure } from '../runtime-failure.js';

interface Common {
  runtime?: string;
  format: string;
}

const runtimeOption = () => new Option('--runtime <url>', 'runtime URL (default INTERLOCK_RUNTIME_URL, else http://127.0.0.1:7300); token from INTERLOCK_TOKEN');
const formatOption = () => new Option('--format <format>', 'output format').choices(['text', 'json']).default('text');

/** `--identifier type:value`, checked here so a typo is a usage error naming the flag, before any call. */
function parseIdentifiers(values: string[]): SubjectIdentifier[] {
  if (!values.length) throw new UsageError('give at least one --identifier TYPE:VALUE (email, accountId, phone)');
  return values.map((text) => {
    const at = text.indexOf(':');
    if (at < 1) throw new UsageError(`--identifier ${JSON.stringify(text)}: expected TYPE:VALUE, e.g. email:ana@example.com`);
    const parsed = normaliseIdentifier(text.slice(0, at), text.slice(at + 1));
    if ('error' in parsed) throw new UsageError(`--identifier ${JSON.stringify(text)}: ${parsed.error}`);
    return parsed.value;
  });
}

function requestLines(r: ErasureRequestView): string[] {
  const head = `${r.id}  ${r.status}  ${r.legalBasis}  deadline ${r.deadline}  ${r.identifiers.map((i) => i.type).join(',')}`;
  const steps = r.steps.map((s) => `  ${s.integration}  ${s.method}${s.operation ? ` ${s.operation}` : ''}  ${s.state}  #${s.attempts}${s.dueAt ? `  due ${s.dueAt}` : ''}${s.outcome ? `  ${s.outcome}` : ''}`);
  return [head, ...(r.status === 'nothing-held' ? ['  nothing held: no applied integration holds this subject'] : steps)];
}

/** `interlock erasure request|status|list|evidence|close`: data-subject erasure in the runtime. */
export const registerErasure: RegisterCommand = (program, ctx) => {
  const erasure = new Command('erasure').description('Data-subject erasure requests: file one, follow its connector steps, export the evidence');
  const client = (flags: Common) => new RuntimeClient(runtimeEndpoint(flags, ctx.io.env));
  const collect = (value: string, previous: string[]) => [...previous, value];

  erasure
    .command('request')
    .description('File an erasure request (privacy role); the runtime plans one step per connector holding the subject')
    .option('--identifier <type:value>', 'a subject identifier: email:…, accountId:… or phone:+… (repeatable)', collect, [])
    .requiredOption('--legal-basis <basis>', 'why the data is erased, e.g. gdpr-art17')
    .option('--deadline <date>', 'ISO date by which erasure must be done (default: 30 days from now)')
    .option('--jurisdiction <code>', 'only integrations whose data.subjects include it (eu, uk, us …)')
    .option('--id <id>', 'your id for the request: repeating it with the same content does not file a second one')
    .addOption(runtimeOption())
    .addOption(formatOption())
    .action(async (flags: Common & { identifier: string[]; legalBasis: string; deadline?: string; jurisdiction?: string; id?: string }) => {
      const identifiers = parseIdentifiers(flags.identifier);
      if (flags.deadline !== undefined && Number.isNaN(Date.parse(flags.deadline))) throw new UsageError(`--deadline must be an ISO date, got ${flags.deadline}`);
      const request = await client(flags)
        .createErasure({ identifiers, legalBasis: flags.legalBasis, ...(flags.deadline ? { deadline: flags.deadline } : {}), ...(flags.jurisdiction ? { jurisdiction: flags.jurisdiction } : {}), ...(flags.id ? { id: flags.id } : {}) })
        .catch(failure);
      ctx.io.stdout.write(flags.format === 'json' ? `${JSON.stringify(request)}\n` : `${requestLines(request).join('\n')}\n`);
      ctx.exit(EXIT.ok);
    });

  erasure
    .command('status')
    .description('One request and the state of each connector step (exit 1 when a step failed or is overdue)')
    .argument('<id>', 'the request id')
    .addOption(runtimeOption())
    .addOption(formatOption())
    .action(async (id: string, flags: Common) => {
      const request = await client(flags).getErasure(id).catch(failure);
      ctx.io.stdout.write(flags.format === 'json' ? `${JSON.stringify(request)}\n` : `${requestLines(request).join('\n')}\n`);
      ctx.exit(request.steps.some((s) => s.state === 'failed' || s.state === 'overdue') ? EXIT.findings : EXIT.ok);
    });

  erasure
    .command('list')
    .description('Erasure requests, newest first')
    .addOption(new Option('--status <status>', 'only requests in this status').choices(['open', 'completed', 'failed', 'nothing-held']))
    .option('--limit <n>', 'most requests to show', '20')
    .addOption(runtimeOption())
    .addOption(formatOption())
    .action(async (flags: Common & { status?: string; limit: string }) => {
      const limit = Number(flags.limit);
      if (!Number.isInteger(limit) || limit < 1 || limit > 1000) throw new UsageError('--limit must be an integer from 1 to 1000');
      const requests = await client(flags).listErasures({ limit, ...(flags.status ? { status: flags.status } : {}) }).catch(failure);
      if (flags.format === 'json') ctx.io.stdout.write(`${JSON.stringify({ requests })}\n`);
      else if (!requests.length) ctx.io.stdout.write('no erasure requests\n');
      else ctx.io.stdout.write(`${requests.map((r) => `${r.id}  ${r.status}  ${r.createdAt}  ${r.steps.length} steps  ${r.steps.filter((s) => s.state === 'done').length} done`).join('\n')}\n`);
      ctx.exit(EXIT.ok);
    });

  erasure
    .command('evidence')
    .description('Export the signed evidence bundle: <id>.evidence.json and a readable <id>.evidence.html (check with interlock audit verify --evidence)')
    .argument('<id>', 'the request id')
    .option('--out <dir>', 'directory the two files are written to', '.')
    .addOption(runtimeOption())
    .addOption(formatOption())
    .action(async (id: string, flags: Common & { out: string }) => {
      const bundle = await client(flags).erasureEvidence(id).catch(failure);
      const dir = path.resolve(ctx.io.cwd, flags.out);
      await mkdir(dir, { recursive: true });
      const json = path.join(dir, `${bundle.request.id}.evidence.json`);
      const html = path.join(dir, `${bundle.request.id}.evidence.html`);
      await writeFile(json, `${JSON.stringify(bundle, null, 2)}\n`);
      await writeFile(html, renderEvidenceHtml(bundle));
      if (flags.format === 'json') ctx.io.stdout.write(`${JSON.stringify({ json, html, digest: bundle.digest, items: bundle.items.length, exportAudit: bundle.exportAudit })}\n`);
      else ctx.io.stdout.write(`${json}\n${html}\n${bundle.items.length} evidence items, digest ${bundle.digest}, export audited at seq ${bundle.exportAudit.seq}\n`);
      ctx.exit(EXIT.ok);
    });

  erasure
    .command('close')
    .description('Close a tokenization obligation with the vendor’s evidence (privacy role)')
    .argument('<id>', 'the request id')
    .argument('<step>', 'the step id, e.g. confluent-shipment-events:tokenize')
    .requiredOption('--reference <ref>', 'the vendor’s evidence: ticket, attestation or document reference')
    .option('--note <text>', 'a note kept with the evidence')
    .addOption(runtimeOption())
    .addOption(formatOption())
    .action(async (id: string, step: string, flags: Common & { reference: string; note?: string }) => {
      const request = await client(flags).closeErasureObligation(id, step, { reference: flags.reference, ...(flags.note ? { note: flags.note } : {}) }).catch(failure);
      ctx.io.stdout.write(flags.format === 'json' ? `${JSON.stringify(request)}\n` : `${requestLines(request).join('\n')}\n`);
      ctx.exit(EXIT.ok);
    });

  program.addCommand(erasure);
};
