import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { Command, Option } from 'commander';
import { UsageError } from '../../core/errors.js';
import { verifyAuditChain, type ChainVerdict } from '../../runtime/audit/chain.js';
import { RuntimeClient } from '../../runtime-client/client.js';
import { runtimeEndpoint } from '../../runtime-client/endpoint.js';
import { RuntimeApiError, RuntimeUnreachableError } from '../../runtime-client/errors.js';
import { loadRuntimeConfig } from '../../runtime/config.js';
import type { AuditEntry } from '../../runtime/model.js';
import { verifyEvidenceBundle, type EvidenceVerdict } from '../../runtime/privacy/evidence-verify.js';
import { FatalError } from '../../core/errors.js';
import type { RegisterCommand } from '../context.js';
import { EXIT } from '../io.js';
import { openCliStore } from '../open-store.js';

interface VerifyFlags {
  data?: string;
  databaseUrl?: string;
  runtime?: string;
  evidence?: string;
  format: string;
}

/**
 * Where `audit verify` reads the log: flags first (`--runtime`, or `--data` / `--database-url`), then the
 * environment (INTERLOCK_RUNTIME_URL names a running runtime; INTERLOCK_DATABASE_URL or
 * INTERLOCK_RUNTIME_DATA a store), then the default embedded store directory.
 */
function auditSource(flags: VerifyFlags, env: Record<string, string | undefined>): 'runtime' | 'store' {
  if (flags.runtime) return 'runtime';
  if (flags.data || flags.databaseUrl) return 'store';
  if (env.INTERLOCK_RUNTIME_URL) return 'runtime';
  return 'store';
}

/** `interlock audit verify`: re-computes the runtime's audit hash chain. Exit 1 when it is broken. */
export const registerAudit: RegisterCommand = (program, ctx) => {
  const audit = new Command('audit').description('The runtime’s hash-chained audit log');
  audit
    .command('verify')
    .description('Verify every entry’s hash and link; report the first bad entry')
    .option('--data <dir>', 'embedded store directory (default .interlock/runtime)')
    .option('--database-url <url>', 'PostgreSQL store')
    .option('--runtime <url>', 'read through a running runtime’s admin API (token from INTERLOCK_TOKEN; default INTERLOCK_RUNTIME_URL)')
    .option('--evidence <file>', 'also check an erasure evidence bundle (interlock erasure evidence) against the chain')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .action(async (flags: VerifyFlags) => {
      if (flags.runtime && (flags.data || flags.databaseUrl)) throw new UsageError('give one of --runtime, --data or --database-url');
      const target = auditSource(flags, ctx.io.env);
      let verdict: ChainVerdict;
      let source: string;
      let bundle: unknown;
      if (flags.evidence) {
        const file = path.resolve(ctx.io.cwd, flags.evidence);
        try {
          bundle = JSON.parse(await readFile(file, 'utf8'));
        } catch (error) {
          throw new UsageError(`--evidence ${flags.evidence}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : 'not a JSON evidence bundle'}`);
        }
      }
      const entries: AuditEntry[] = [];
      if (target === 'runtime') {
        const endpoint = runtimeEndpoint(flags, ctx.io.env);
        const client = new RuntimeClient(endpoint);
        source = endpoint.url;
        try {
          for await (const entry of client.auditEntries(5000)) entries.push(entry);
          verdict = verifyAuditChain(entries);
        } catch (error) {
          if (error instanceof RuntimeApiError || error instanceof RuntimeUnreachableError) throw new FatalError(error.message);
          throw error;
        }
      } else {
        const { config, error } = loadRuntimeConfig(flags, ctx.io.env, ctx.io.cwd);
        if (!config) throw new UsageError(error ?? 'invalid store');
        // Verifying reads a store; it never creates one (an empty new store would "verify 0 entries").
        if (!config.databaseUrl && !existsSync(config.dataDir)) {
          throw new UsageError(`no runtime store at ${config.dataDir}; pass --runtime URL (or set INTERLOCK_RUNTIME_URL), --data DIR or --database-url URL`);
        }
        source = config.databaseUrl ? 'PostgreSQL' : config.dataDir;
        const store = await openCliStore(ctx, config);
        try {
          for (let after = 0; ; ) {
            const page = await store.audit(after, 5000);
            entries.push(...page.entries);
            if (page.next === null) break;
            after = page.next;
          }
          verdict = verifyAuditChain(entries, await store.auditHead());
        } finally {
          await store.close();
        }
      }
      let evidence: EvidenceVerdict | undefined;
      if (flags.evidence) evidence = verifyEvidenceBundle(bundle, new Map(entries.map((e) => [e.seq, e])));
      if (flags.format === 'json') ctx.io.stdout.write(`${JSON.stringify({ source, ...verdict, ...(evidence ? { evidence } : {}) })}\n`);
      else {
        if (verdict.ok) ctx.io.stdout.write(`audit log verified: ${verdict.entries} entries (${source})\n`);
        else ctx.io.stdout.write(`audit log broken at seq ${verdict.firstBadSeq}: ${verdict.fault} (${source})\n`);
        if (evidence?.ok) ctx.io.stdout.write(`evidence bundle verified: ${evidence.items} items in the chain, signature and digest valid (${flags.evidence})\n`);
        else if (evidence) ctx.io.stdout.write(`evidence bundle does not verify: ${evidence.faults.map((f) => (f.seq !== undefined ? `${f.fault} (item ${f.seq})` : f.fault)).join(', ')} (${flags.evidence})\n`);
      }
      ctx.exit(verdict.ok && (!evidence || evidence.ok) ? EXIT.ok : EXIT.findings);
    });
  program.addCommand(audit);
};
