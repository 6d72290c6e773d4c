import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { applyPlan } from '../apply/apply-plan.js';
import { hasErrors, type Diagnostic } from '../core/diagnostic.js';
import type { SourceText } from '../core/document.js';
import { DirectorySource, loadWorkspace } from '../load/index.js';
import { prepareMockContract, startMock, type MockContract, type RunningMock } from '../mock/index.js';
import { computePlan } from '../plan/compute-plan.js';
import { compileDesired } from '../plan/desired.js';
import { DEFAULT_WORKSPACE_ID } from '../plan/resource.js';
import { RuntimeClient } from '../runtime-client/client.js';
import { workspaceContractDocuments } from '../runtime/delivery/config.js';
import type { RuntimeLog } from '../runtime/log.js';
import type { GitHubTarget } from '../runtime/monitor/vendor-spec/vendor-spec-watcher.js';
import { startRuntime, type RunningRuntime } from '../runtime/start.js';
import { contractSourcePath, redactedSourceText, validateWorkspace, type WorkspaceModel } from '../validate/index.js';
import { onMock, sandboxResources, type SandboxTarget } from './overlay.js';
import { deliveryChecker } from './delivery-check.js';
import { startS3Fake, type S3Fake } from './s3-fake.js';
import { randomBytes } from 'node:crypto';
import { SecretResolver } from '../secrets/index.js';
import type { SecretLookup } from '../runtime/delivery/secret-refs.js';
import { credentialCheck } from './credential-check.js';
import { sandboxSecrets } from './secrets.js';
import { secretReferencesIn, startSandboxVault, type SandboxVault } from './vault.js';
import { claimSandboxDir, removeStaleSandboxDirs, SANDBOX_DIR_PREFIX } from './stale-dirs.js';

export interface SandboxOptions {
  /** The workspace root (read only; nothing in it is written). */
  workspace: string;
  /** The runtime's port on 127.0.0.1 (default 0: a free one). The mocks always take free ports. */
  port?: number;
  /** Seed of the mocks' generated values (default 0). */
  seed?: number;
  /** Where the temporary folder (store, exports) is made (default: the system's temp folder). */
  tempRoot?: string;
  clock?: () => Date;
  /** Where the runtime opens vendor spec drift pull requests (a fake GitHub API in tests). */
  github?: GitHubTarget;
  log?: RuntimeLog;
  onError?(error: unknown): void;
}

/** One integration as the sandbox runs it. */
export interface SandboxIntegration {
  name: string;
  contract: string;
  /** The mock serving its contract; its recorded requests are at `<mock>/__interlock/requests`. */
  mock: string;
  /** `endpoint.baseUrl` as applied (on the mock). */
  endpoint: string;
  tokenUrl?: string;
  /** `events.delivery.url` as applied (a receiver path on the mock). */
  delivery?: string;
  subscribe: string[];
  exportDirectory?: string;
  /** `s3://bucket/prefix` of an S3 export, on the sandbox's S3 fake. */
  exportS3?: string;
}

export interface RunningSandbox {
  runtime: { url: string; token: string; role: string };
  /** The temporary folder holding the store and exports; removed by `close`. */
  dataDir: string;
  /** The sandbox's Vault on loopback: every `vault:` reference of the workspace resolves from it. */
  vault: string;
  integrations: SandboxIntegration[];
  mocks: ReadonlyMap<string, RunningMock>;
  /** The S3-compatible fake S3 exports land in (objects in memory), when an integration exports to S3. */
  s3?: S3Fake;
  /** The runtime's state revision after the workspace was applied. */
  revision: number;
  /** Folders of earlier sandboxes whose process was gone (killed with SIGKILL), removed at this start. */
  staleRemoved: string[];
  /** Stops the mocks and the runtime and removes the temporary folder. Idempotent. */
  close(): Promise<void>;
}

/** A workspace the sandbox cannot run: the diagnostics say why (nothing is left running). */
export interface SandboxRefused {
  sandbox?: undefined;
  diagnostics: Diagnostic[];
  sourceText: SourceText;
}

const ROLE = 'admin';

const refusal = (code: string, message: string, file?: string): Diagnostic => ({ severity: 'error', code: `sandbox/${code}`, message, ...(file ? { location: { file } } : {}) });

/**
 * Runs a workspace on one machine: a runtime on a throw-away embedded store, a mock per integration
 * serving its contract on loopback, an admin token, and the workspace applied with every integration
 * pointed at its mock (see overlay.ts) and every secret reference resolved to a made-up value (see
 * secrets.ts). The workspace is loaded as a sandbox environment, in memory: its files, its
 * `interlock.yaml` and the checks `interlock check` runs on it are unchanged. Environment failures (a busy
 * port) throw after cleaning up; a workspace that cannot run is returned as diagnostics.
 */
export async function startSandbox(options: SandboxOptions): Promise<{ sandbox: RunningSandbox; diagnostics: Diagnostic[] } | SandboxRefused> {
  const dir = path.resolve(options.workspace);
  const loaded = await loadWorkspace(new DirectorySource(dir), { sandbox: true });
  const validated = validateWorkspace(loaded.value);
  const diagnostics = [...loaded.diagnostics, ...validated.diagnostics];
  const sourceText = redactedSourceText(loaded.value, diagnostics);
  if (hasErrors(diagnostics)) return { diagnostics, sourceText };
  const model = validated.value;
  const contracts = mockContracts(model, options.seed ?? 0);
  if (hasErrors(contracts.diagnostics)) return { diagnostics: [...diagnostics, ...contracts.diagnostics], sourceText };

  const clock = options.clock ?? (() => new Date());
  const tempRoot = options.tempRoot ?? tmpdir();
  const staleRemoved = await removeStaleSandboxDirs(tempRoot);
  const dataDir = await mkdtemp(path.join(tempRoot, SANDBOX_DIR_PREFIX));
  const mocks = new Map<string, RunningMock>();
  let runtime: RunningRuntime | undefined;
  let s3: S3Fake | undefined;
  let vault: SandboxVault | undefined;
  const close = async () => {
    await Promise.all([...mocks.values()].map((m) => m.close()));
    await s3?.close();
    await runtime?.close();
    await vault?.close();
    await rm(dataDir, { recursive: true, force: true });
  };
  try {
    await claimSandboxDir(dataDir);
    const madeUp = sandboxSecrets(randomBytes(32));
    const refs = new Set<string>();
    for (const integration of model.integrations.values()) secretReferencesIn(integration.manifest.spec, refs);
    vault = await startSandboxVault(refs, (ref) => String(madeUp(ref)));
    const held = vault.values;
    // `vault:` references go to the sandbox's Vault over HTTP with the runtime's own client; the others are made up.
    const fromVault = new SecretResolver({ vault: { address: vault.url, token: vault.token } });
    const secrets: SecretLookup = Object.assign((ref: string) => (ref.startsWith('vault:') ? fromVault.resolve(ref) : madeUp(ref)), { invalidate: (ref: string) => fromVault.invalidate(ref) });
    const expected = (ref: string) => held.get(ref) ?? String(madeUp(ref));
    // The runtime first: a busy --port fails before any mock is prepared.
    runtime = await startRuntime({
      dataDir: path.join(dataDir, 'store'),
      port: options.port ?? 0,
      host: '127.0.0.1',
      workspace: dir,
      clock,
      ...(options.github ? { github: options.github } : {}),
      ...(options.log ? { log: options.log } : {}),
      ...(options.onError ? { onError: options.onError } : {}),
      delivery: { config: { secrets }, contractDocument: workspaceContractDocuments(dir) },
      exports: { baseDir: dataDir },
    });
    const targets = new Map<string, SandboxTarget>();
    if ([...model.integrations.values()].some((i) => i.manifest.spec.export?.destination.s3)) s3 = await startS3Fake();
    for (const [name, integration] of model.integrations) {
      const contract = contracts.byIntegration.get(name)!;
      const delivery = integration.manifest.spec.events?.delivery?.url;
      const tokenUrl = integration.manifest.spec.auth.type === 'oauth2' ? integration.manifest.spec.auth.tokenUrl : undefined;
      const deliverySecret = integration.manifest.spec.events?.delivery?.secret;
      const checkCredentials = credentialCheck(integration.manifest.spec.auth, expected);
      const mock = await startMock(contract, {
        ...(checkCredentials ? { checkCredentials } : {}),
        port: 0,
        seed: options.seed ?? 0,
        receivers: pathsOf(delivery),
        tokenPaths: pathsOf(tokenUrl),
        ...(deliverySecret ? { checkDelivery: deliveryChecker(secrets, deliverySecret) } : {}),
      });
      mocks.set(name, mock);
      targets.set(name, { mockUrl: mock.url, exportDirectory: path.join(dataDir, 'exports', name), ...(s3 ? { s3Endpoint: s3.endpoint } : {}) });
    }
    if (!runtime.services.access.roles().includes(ROLE)) {
      await close();
      return { diagnostics: [...diagnostics, refusal('no-admin-role', `the access policy (${runtime.services.access.source}) has no '${ROLE}' role, which the sandbox's token needs`)], sourceText };
    }
    const { token } = await runtime.store.createToken(ROLE, clock(), { label: 'interlock sandbox' });
    const client = new RuntimeClient({ url: runtime.url, token });
    const { resources, rewrites } = sandboxResources(compileDesired(model, { workspaceId: DEFAULT_WORKSPACE_ID }), targets);
    const planned = computePlan(resources, await client.getState(), { workspaceId: DEFAULT_WORKSPACE_ID, createdAt: clock().toISOString() });
    const report = await applyPlan(planned.value, client, { holder: `interlock sandbox (pid ${process.pid})` });
    if (report.status !== 'applied') {
      await close();
      return { diagnostics: [...diagnostics, ...planned.diagnostics, ...report.diagnostics, refusal('apply-failed', `applying the workspace to the sandbox runtime ended ${report.status}`)], sourceText };
    }
    const integrations = [...model.integrations.values()].map((integration): SandboxIntegration => {
      const rewrite = rewrites.get(integration.name)!;
      return {
        name: integration.name,
        contract: integration.manifest.spec.contract.ref,
        mock: mocks.get(integration.name)!.url,
        endpoint: rewrite.endpoint,
        ...(rewrite.tokenUrl ? { tokenUrl: rewrite.tokenUrl } : {}),
        ...(rewrite.delivery ? { delivery: rewrite.delivery } : {}),
        subscribe: integration.manifest.spec.events?.subscribe ?? [],
        ...(rewrite.exportDirectory ? { exportDirectory: rewrite.exportDirectory } : {}),
        ...(rewrite.exportS3 ? { exportS3: rewrite.exportS3 } : {}),
      };
    });
    let closing: Promise<void> | undefined;
    return {
      sandbox: { runtime: { url: runtime.url, token, role: ROLE }, dataDir, vault: vault.url, integrations, mocks, ...(s3 ? { s3 } : {}), revision: report.revision, staleRemoved, close: () => (closing ??= close()) },
      diagnostics,
    };
  } catch (error) {
    await close();
    throw error;
  }
}

/** The mockable contract of every integration, each API description prepared once. */
function mockContracts(model: WorkspaceModel, seed: number): { byIntegration: Map<string, MockContract>; diagnostics: Diagnostic[] } {
  const prepared = new Map<string, MockContract | undefined>();
  const byIntegration = new Map<string, MockContract>();
  const diagnostics: Diagnostic[] = [];
  for (const [name, integration] of model.integrations) {
    const ref = integration.manifest.spec.contract.ref;
    const contract = model.contracts.get(ref);
    if (!contract) {
      diagnostics.push(refusal('no-contract', `integration '${name}' names contract '${ref}', which the workspace does not have`, integration.doc.file));
      continue;
    }
    const file = contractSourcePath(contract);
    if (!prepared.has(file)) {
      const text = model.workspace.files.get(file)?.text;
      const result = text === undefined ? undefined : prepareMockContract(file, text, seed);
      if (result && !result.value) diagnostics.push(...result.diagnostics.filter((d) => d.severity === 'error'));
      prepared.set(file, result?.value);
    }
    const mock = prepared.get(file);
    if (mock) byIntegration.set(name, mock);
    else diagnostics.push(refusal('contract-unmockable', `the contract of integration '${name}' (${file}) cannot be served as a mock`, file));
  }
  return { byIntegration, diagnostics };
}

/** The path a URL will have on its mock, as a one-element list (none for no URL). */
function pathsOf(url: string | undefined): string[] {
  return url ? [new URL(onMock(url, 'http://mock.invalid')).pathname] : [];
}
