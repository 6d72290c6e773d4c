import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { generateAdapters } from '../src/generate/index.js';
import { DirectorySource, loadWorkspace, parseJson } from '../src/load/index.js';
import { validateWorkspace, type WorkspaceModel } from '../src/validate/index.js';

const here = path.dirname(fileURLToPath(import.meta.url));
/** The repository root, from bench/ (vitest) or dist/bench/ (npm run bench). */
export const repoRoot = path.basename(path.dirname(here)) === 'dist' ? path.resolve(here, '../..') : path.resolve(here, '..');
export const STRIPE_SPEC = path.resolve(repoRoot, '../shared/corpus/openapi/stripe/2022-04-12-e0123a38.json');

/** Twenty everyday Stripe operations: customers, charges, payment intents, invoices, subscriptions, products, prices, refunds. */
export const STRIPE_OPERATIONS = [
  'GetCustomers', 'PostCustomers', 'GetCustomersCustomer', 'PostCustomersCustomer', 'DeleteCustomersCustomer',
  'GetCharges', 'PostCharges', 'GetChargesCharge',
  'GetPaymentIntents', 'PostPaymentIntents', 'GetPaymentIntentsIntent', 'PostPaymentIntentsIntentConfirm',
  'GetInvoices', 'PostInvoices', 'GetInvoicesInvoice',
  'GetSubscriptions', 'PostSubscriptions',
  'GetProducts', 'PostPrices', 'PostRefunds',
];

/**
 * A workspace whose one integration uses 20 operations of Stripe's real description. The manifests
 * are written to a temporary folder; the 4 MB description is read from ../shared at run time and
 * handed to the model in memory, never copied.
 */
export async function stripeModel(): Promise<{ model: WorkspaceModel; cleanup(): void; problems: string[] }> {
  const dir = mkdtempSync(path.join(tmpdir(), 'interlock-stripe-'));
  const write = (rel: string, text: string) => {
    mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    writeFileSync(path.join(dir, rel), text);
  };
  write('integrations/stripe/vendor.yaml', 'apiVersion: interlock.dev/v1\nkind: Vendor\nmetadata: { name: stripe }\nspec:\n  legalName: Stripe, Inc.\n  riskTier: high\n  criteria: { dataSensitivity: restricted, accessLevel: write, criticality: high }\n  dataLocations: [us-east]\n');
  write('contracts/stripe/api.contract.yaml', 'apiVersion: interlock.dev/v1\nkind: Contract\nmetadata: { name: stripe-api }\nspec:\n  vendor: stripe\n  format: openapi\n  source: openapi.json\n  version: 2022.4.12\n');
  write(
    'integrations/stripe/billing.yaml',
    `apiVersion: interlock.dev/v1\nkind: Integration\nmetadata: { name: stripe-billing }\nspec:\n  vendor: stripe\n  contract: { ref: stripe-api }\n  direction: outbound\n  endpoint: { baseUrl: https://api.stripe.com }\n  auth: { type: apiKey, in: header, name: Authorization, value: env:STRIPE_SECRET_KEY }\n  uses: [${STRIPE_OPERATIONS.join(', ')}]\n  data:\n    fields:\n      customer.email: { sensitivity: confidential, pii: contact }\n`,
  );
  const loaded = await loadWorkspace(new DirectorySource(dir));
  const file = 'contracts/stripe/openapi.json';
  const text = readFileSync(STRIPE_SPEC, 'utf8');
  const parsed = parseJson(file, text);
  loaded.value.files.set(file, { path: file, role: 'api-openapi', size: text.length, text });
  if (parsed.document) loaded.value.apiDocuments.set(file, parsed.document);
  const validated = validateWorkspace(loaded.value);
  const problems = [...loaded.diagnostics, ...parsed.diagnostics, ...validated.diagnostics].filter((d) => d.severity === 'error').map((d) => `${d.code}: ${d.message}`);
  return { model: validated.value, problems, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Type-checks generated files with `--strict` in a temporary folder; returns the compiler's messages. */
export function compileGenerated(files: ReadonlyMap<string, string>): string[] {
  const dir = mkdtempSync(path.join(tmpdir(), 'interlock-generated-'));
  try {
    writeFileSync(path.join(dir, 'package.json'), '{"type":"module","private":true}\n');
    // As a user's project: `interlock` installed (this repository, built), so `interlock/adapter-runtime` resolves.
    mkdirSync(path.join(dir, 'node_modules'));
    symlinkSync(repoRoot, path.join(dir, 'node_modules', 'interlock'), 'dir');
    for (const [rel, text] of files) {
      mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
      writeFileSync(path.join(dir, rel), text);
    }
    const options: ts.CompilerOptions = {
      strict: true,
      noEmit: true,
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      types: ['node'],
      typeRoots: [path.join(repoRoot, 'node_modules/@types')],
      skipLibCheck: true,
      // Stricter than --strict, as consumers' projects may be.
      exactOptionalPropertyTypes: true,
      noUncheckedIndexedAccess: true,
      noPropertyAccessFromIndexSignature: true,
      noImplicitReturns: true,
      noUnusedParameters: true,
      verbatimModuleSyntax: true,
    };
    const roots = [...files.keys()].filter((f) => f.endsWith('/index.ts')).map((f) => path.join(dir, f));
    const program = ts.createProgram(roots, options);
    return ts.getPreEmitDiagnostics(program).map((d) => `${d.file ? path.relative(dir, d.file.fileName) : ''} ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Stripe, 20 operations: model + templates (generate) and `tsc --strict` over the output (compile). */
export async function run(): Promise<void> {
  const { model, problems, cleanup } = await stripeModel();
  try {
    if (problems.length) throw new Error(`Stripe workspace invalid: ${problems.join('; ')}`);
    const times: number[] = [];
    const cold = performance.now();
    let result = generateAdapters(model);
    times.push(performance.now() - cold);
    for (let n = 0; n < 3; n++) {
      const t0 = performance.now();
      result = generateAdapters(model);
      times.push(performance.now() - t0);
    }
    const files = result.value.files;
    const bytes = [...files.values()].reduce((sum, t) => sum + Buffer.byteLength(t), 0);
    const types = (files.get('generated/stripe-billing/types.ts') ?? '').match(/^export (interface|type) /gm)?.length ?? 0;
    console.log(`generate stripe (20 operations): ${files.size} files, ${(bytes / 1024).toFixed(0)} KiB, ${types} types, ${result.diagnostics.length} diagnostics; first run (templates loaded) then warm: ${times.map((t) => t.toFixed(0)).join(' / ')} ms`);
    const t0 = performance.now();
    const errors = compileGenerated(files);
    const compile = performance.now() - t0;
    console.log(`tsc --strict over the stripe adapter: ${errors.length} errors, ${(compile / 1000).toFixed(2)} s`);
  } finally {
    cleanup();
  }
  const t1 = performance.now();
  const check = spawnSync(process.execPath, [path.join(repoRoot, 'bin/interlock.js'), 'generate', '--check', '--cwd', repoRoot], { stdio: 'ignore' });
  console.log(`interlock generate --check on the example workspace (CLI process): exit ${check.status}, ${((performance.now() - t1) / 1000).toFixed(2)} s`);
}
