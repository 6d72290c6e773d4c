import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Argument, Command, Option } from 'commander';
import { load as loadYaml } from 'js-yaml';
import { stringify } from 'yaml';
import { UsageError } from '../../core/errors.js';
import { contractManifest, contractVersion } from '../../import/contract-manifest.js';
import { fetchDescription } from '../../import/fetch-description.js';
import { trimGraphql } from '../../import/graphql-trim.js';
import { trimOpenApi } from '../../import/openapi-trim.js';
import type { RegisterCommand } from '../context.js';
import { EXIT } from '../io.js';
import { workspaceDir } from '../options.js';

interface ImportOptions {
  vendor: string;
  name: string;
  uses: string;
  allowUrl?: boolean;
  force?: boolean;
  format: string;
  cwd?: string;
}

const NAME = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/;

/**
 * `interlock import openapi|graphql SOURCE`: starts a contract from a vendor's full published description,
 * trimmed to the operations the workspace uses and everything they reach, with the Contract manifest
 * recording the upstream source and its hash.
 */
export const registerImport: RegisterCommand = (program, ctx) => {
  const cmd = new Command('import')
    .description("Start a contract from a vendor's published API description, trimmed to the operations you use")
    .addArgument(new Argument('<kind>', 'description format').choices(['openapi', 'graphql']))
    .argument('<source>', 'the full description: a file, or an https URL with --allow-url')
    .requiredOption('--vendor <name>', 'vendor the contract belongs to (integrations/<vendor>/vendor.yaml)')
    .requiredOption('--name <name>', 'short API name: writes contracts/<vendor>/<name>.openapi.yaml or .graphql')
    .requiredOption('--uses <ids>', 'comma-separated operationIds (OpenAPI) or root fields such as issue or Mutation.issueCreate (GraphQL)')
    .option('--allow-url', 'fetch an https URL (through the egress guard: public addresses only)')
    .option('--force', 'replace the contract files if they exist (a re-import)')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .option('--cwd <dir>', 'workspace directory (default: the current directory)');
  cmd.action(async (kind: 'openapi' | 'graphql', source: string, opts: ImportOptions) => {
    for (const [flag, value] of [['--vendor', opts.vendor], ['--name', opts.name]] as const) {
      if (!NAME.test(value)) throw new UsageError(`${flag} ${JSON.stringify(value)} must be lower-case letters, digits and dashes`);
    }
    const uses = opts.uses.split(',').map((s) => s.trim()).filter(Boolean);
    if (!uses.length) throw new UsageError('--uses needs at least one operation');
    const root = workspaceDir(ctx.io, opts);
    const dir = path.join(root, 'contracts', opts.vendor);
    const descriptionFile = `${opts.name}.${kind === 'openapi' ? 'openapi.yaml' : 'graphql'}`;
    const manifestFile = `${opts.name}.contract.yaml`;
    const targets = [descriptionFile, manifestFile].map((f) => path.join(dir, f));
    const existing = targets.filter((t) => existsSync(t));
    if (existing.length && !opts.force) {
      throw new UsageError(`${existing.map((t) => path.relative(root, t)).join(' and ')} exist${existing.length === 1 ? 's' : ''}; pass --force to replace ${existing.length === 1 ? 'it' : 'them'} with a new import`);
    }

    const started = performance.now();
    const isUrl = /^https?:\/\//i.test(source);
    let text: string;
    let upstream: string;
    if (isUrl) {
      if (!opts.allowUrl) throw new UsageError(`${source} is a URL: pass --allow-url to fetch it (https, public addresses only), or download it and import the file`);
      const fetched = await fetchDescription(source);
      if (!fetched.ok) throw new UsageError(fetched.reason);
      text = fetched.text;
      upstream = source;
    } else {
      const file = path.resolve(ctx.io.cwd, source);
      if (!existsSync(file)) throw new UsageError(`${source}: no such file`);
      text = await readFile(file, 'utf8');
      upstream = path.relative(dir, file).split(path.sep).join('/');
    }

    let description: string;
    let version = '1.0.0';
    let summary: Record<string, unknown>;
    if (kind === 'openapi') {
      let doc: unknown;
      try {
        // js-yaml: ~4x faster than `yaml` on OpenAI's 3 MB description; no positions are needed here.
        doc = text.trimStart().startsWith('{') ? JSON.parse(text) : loadYaml(text);
      } catch (error) {
        throw new UsageError(`${source} is not JSON or YAML: ${(error as Error).message}`);
      }
      if (doc === null || typeof doc !== 'object' || Array.isArray(doc) || !('openapi' in doc || 'swagger' in doc)) throw new UsageError(`${source} is not an OpenAPI description (no openapi or swagger field)`);
      const trimmed = trimOpenApi(doc as Parameters<typeof trimOpenApi>[0], uses);
      if (!trimmed.ok) throw new UsageError(unknownMessage(source, 'operationId', trimmed.unknown, trimmed.suggestions));
      description = stringify(trimmed.document, { aliasDuplicateObjects: false, lineWidth: 0 });
      version = contractVersion((trimmed.document.info as { version?: unknown } | undefined)?.version);
      summary = { operations: trimmed.operations.map((o) => `${o.method.toUpperCase()} ${o.path}`), kept: trimmed.stats, externalRefs: trimmed.externalRefs };
    } else {
      let trimmed: ReturnType<typeof trimGraphql>;
      try {
        trimmed = trimGraphql(text, uses);
      } catch (error) {
        throw new UsageError(`${source} is not a GraphQL schema: ${(error as Error).message}`);
      }
      if (!trimmed.ok) throw new UsageError(unknownMessage(source, 'root field', trimmed.unknown, trimmed.suggestions));
      description = trimmed.sdl;
      summary = { fields: trimmed.fields, kept: trimmed.stats };
    }

    await mkdir(dir, { recursive: true });
    await writeFile(targets[0], description);
    await writeFile(targets[1], contractManifest({ vendor: opts.vendor, name: opts.name, format: kind, source: descriptionFile, version, upstream, upstreamText: text, uses }));
    const result = {
      contract: `${opts.vendor}-${opts.name}`,
      files: targets.map((t) => path.relative(root, t)),
      bytes: { full: Buffer.byteLength(text), trimmed: Buffer.byteLength(description) },
      ms: Math.round(performance.now() - started),
      vendorMissing: !existsSync(path.join(root, 'integrations', opts.vendor, 'vendor.yaml')),
      ...summary,
    };
    if (opts.format === 'json') ctx.io.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    else {
      ctx.io.stdout.write(`Imported ${result.contract} from ${source}: ${formatBytes(result.bytes.full)} → ${formatBytes(result.bytes.trimmed)}\n`);
      for (const f of result.files) ctx.io.stdout.write(`  + ${f}\n`);
      const kept = summary.kept as { operations?: { kept: number; total: number }; components?: { kept: number; total: number }; fields?: { kept: number; total: number }; types?: { kept: number; total: number } };
      if (kept.operations && kept.components) ctx.io.stdout.write(`Kept ${kept.operations.kept} of ${kept.operations.total} operations and ${kept.components.kept} of ${kept.components.total} components.\n`);
      if (kept.fields && kept.types) ctx.io.stdout.write(`Kept ${kept.fields.kept} of ${kept.fields.total} root fields and ${kept.types.kept} of ${kept.types.total} types.\n`);
      if ((summary.externalRefs as string[] | undefined)?.length) ctx.io.stdout.write(`Note: references to other files are kept as they are: ${(summary.externalRefs as string[]).join(', ')}\n`);
      if (result.vendorMissing) ctx.io.stdout.write(`Note: there is no integrations/${opts.vendor}/vendor.yaml yet; the contract's vendor must exist for check to pass.\n`);
      ctx.io.stdout.write(`Next: reference ${result.contract} from an integration (spec.contract.ref) and run \`npx interlock check\`.\n`);
    }
    ctx.exit(EXIT.ok);
  });
  program.addCommand(cmd);
};

function unknownMessage(source: string, what: string, unknown: string[], suggestions: Record<string, string[]>): string {
  const lines = unknown.map((u) => `  ${u}${suggestions[u]?.length ? ` (did you mean ${suggestions[u].join(', ')}?)` : ''}`);
  return `${source} has no ${what}${unknown.length === 1 ? '' : 's'}:\n${lines.join('\n')}`;
}

function formatBytes(n: number): string {
  return n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(1)} MB` : `${(n / 1024).toFixed(1)} kB`;
}
