import { RuntimeClient } from '../../src/runtime-client/client.js';
import { startRuntime, type RunningRuntime, type StartRuntimeOptions } from '../../src/runtime/start.js';
import { freshStore } from './stores.js';

export const TEST_ROLES = ['admin', 'operator', 'auditor', 'privacy'] as const;
export type TestRole = (typeof TEST_ROLES)[number];

export interface TestRuntime {
  runtime: RunningRuntime;
  tokens: Record<TestRole, string>;
  client(role: TestRole): RuntimeClient;
  /** A raw request, for what the typed client never sends (bad bodies, wrong tokens). */
  fetch(path: string, init?: RequestInit & { role?: TestRole | null; token?: string }): Promise<Response>;
  dispose(): Promise<void>;
}

/** A real runtime on a loopback port over a fresh store, with one token per role. */
export async function startTestRuntime(engine: 'embedded' | 'postgres', opts: Omit<StartRuntimeOptions, 'store'> = {}): Promise<TestRuntime> {
  const fresh = await freshStore(engine);
  // Suites fire many refused (and many quick) calls on purpose; the limiters have their own tests.
  // The monitor's minute job would add a job to every suite's list and ticks to its store; suites of monitoring ask for it.
  const runtime = await startRuntime({ failedAuthLimits: { capacity: 1000, refillPerSecond: 1000, maxClients: 1000 }, rateLimits: false, monitor: false, ...opts, store: fresh.store, port: 0 });
  const now = new Date();
  const tokens = {} as Record<TestRole, string>;
  for (const role of TEST_ROLES) tokens[role] = (await fresh.store.createToken(role, now)).token;
  return {
    runtime,
    tokens,
    client: (role) => new RuntimeClient({ url: runtime.url, token: tokens[role] }),
    fetch: (path, init = {}) => {
      const { role = 'admin', token, ...rest } = init;
      const headers = new Headers(rest.headers);
      const bearer = token ?? (role ? tokens[role] : undefined);
      if (bearer) headers.set('authorization', `Bearer ${bearer}`);
      if (rest.body !== undefined && !headers.has('content-type')) headers.set('content-type', 'application/json');
      return fetch(runtime.url + path, { ...rest, headers });
    },
    dispose: async () => {
      await runtime.close();
      await fresh.dispose();
    },
  };
}
