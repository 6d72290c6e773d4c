import { asPlatform } from '../store/tenant-scope.js';
import { randomBytes } from 'node:crypto';
import { canonicalJson, sha256Hex } from '../../core/canonical-json.js';
import { normaliseIdentifier, type ErasureRequestInput, type ErasureRequestView, type EvidenceBundle, type SubjectIdentifier } from '../../core/erasure-api.js';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from '../delivery/retry-schedule.js';
import type { RuntimeLog } from '../log.js';
import { RuntimeProblem } from '../problem.js';
import type { Store } from '../store/store.js';
import { planErasure } from './erasure-plan.js';
import { claimSteps, closeObligation, contentHashOf, insertRequest, insertStep, listRequests, markOverdue, readRequest, settleRequest } from './erasure-queries.js';
import { signBundle } from './evidence-bundle.js';
import { appendEvidence, readEvidence } from './evidence-log.js';
import { runStep } from './step-runner.js';
import type { CallTarget, OperationCaller } from './vendor-caller.js';

export interface ErasureServiceOptions {
  store: Store;
  caller: OperationCaller;
  clock?: () => Date;
  retry?: RetryPolicy;
  random?: () => number;
  /** How often due steps and obligations are looked for (default 1 s); a new request is run at once. */
  pollMs?: number;
  /** A step in progress longer than this is taken over (its runtime died mid-call). Default 2 min. */
  leaseMs?: number;
  /** Steps run at once by this runtime (default 8). */
  concurrency?: number;
  log?: RuntimeLog;
  onError?(error: unknown): void;
}

export interface ErasureService {
  create(input: ErasureRequestInput, actor: string): Promise<{ created: boolean; request: ErasureRequestView }>;
  get(id: string): Promise<ErasureRequestView | null>;
  list(filter: { limit: number; status?: string }): Promise<ErasureRequestView[]>;
  /** Closes a tokenization obligation with the vendor's evidence (a reference to their attestation). */
  closeObligation(id: string, stepId: string, evidence: { reference: string; note?: string }, actor: string): Promise<ErasureRequestView>;
  /** The signed evidence bundle; its export is itself audited. */
  evidence(id: string, actor: string): Promise<EvidenceBundle>;
  /** One pass: obligations past due become overdue, due steps run. Returns the steps run. */
  tick(): Promise<number>;
  start(): void;
  close(): Promise<void>;
}

const MAX_TOKENIZE_DAYS = 30;
const DAY = 86_400_000;
const ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

const invalid = (pointer: string, message: string) => new RuntimeProblem('invalid-request', `${pointer}: ${message}`, { errors: [{ pointer, message }] });

function parseInput(input: ErasureRequestInput, now: Date): { identifiers: SubjectIdentifier[]; deadline: Date } {
  if (!Array.isArray(input.identifiers) || !input.identifiers.length) throw invalid('/identifiers', 'at least one identifier is required');
  const identifiers: SubjectIdentifier[] = [];
  input.identifiers.forEach((raw, i) => {
    const parsed = normaliseIdentifier(String(raw?.type ?? ''), String(raw?.value ?? ''));
    if ('error' in parsed) throw invalid(`/identifiers/${i}/${/type/.test(parsed.error) && /unknown/.test(parsed.error) ? 'type' : 'value'}`, parsed.error);
    if (!identifiers.some((x) => x.type === parsed.value.type && x.value === parsed.value.value)) identifiers.push(parsed.value);
  });
  const deadline = input.deadline ? new Date(input.deadline) : new Date(now.getTime() + 30 * DAY);
  if (Number.isNaN(deadline.getTime())) throw invalid('/deadline', 'must be an ISO date or date-time');
  if (input.id !== undefined && !ID.test(input.id)) throw invalid('/id', 'letters, digits, . _ - (at most 64)');
  return { identifiers, deadline };
}

/**
 * Data-subject erasure: a request is planned against the applied integrations when it arrives (one step per
 * connector that holds the subject's data), stored with its steps and first evidence in one transaction, and
 * run by a polling worker; every state change is evidenced and audited. Any number of runtimes may share
 * one database: steps are claimed under a lease.
 */
export function erasureService(opts: ErasureServiceOptions): ErasureService {
  const { store } = opts;
  const db = store.db;
  const clock = opts.clock ?? (() => new Date());
  const retry = opts.retry ?? DEFAULT_RETRY_POLICY;
  const leaseMs = opts.leaseMs ?? 120_000;
  const concurrency = opts.concurrency ?? 8;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<number> | undefined;
  let again = false;
  let closed = false;

  async function applied(): Promise<{ integrations: { name: string; spec: Record<string, unknown> }[]; contracts: Map<string, Record<string, unknown>> }> {
    const state = await store.state();
    return {
      integrations: state.resources.filter((r) => r.kind === 'Integration').map((r) => ({ name: r.name, spec: r.spec })),
      contracts: new Map(state.resources.filter((r) => r.kind === 'Contract').map((r) => [r.name, r.spec])),
    };
  }

  async function target(integration: string, contract: string): Promise<CallTarget | null> {
    const a = await applied();
    const found = a.integrations.find((i) => i.name === integration);
    if (!found) return null;
    const c = a.contracts.get(contract);
    return { integration, spec: found.spec, contract: c ? { name: contract, spec: c } : null };
  }

  async function pass(): Promise<number> {
    const now = clock();
    await db.transaction(async (tx) => {
      for (const o of await markOverdue(tx, now)) {
        await appendEvidence(tx, { requestId: o.requestId, stepId: o.stepId, kind: 'overdue', data: { dueAt: o.dueAt } }, now);
        opts.log?.({ level: 'warn', msg: 'erasure obligation overdue', request: o.requestId, step: o.stepId, dueAt: o.dueAt });
      }
    });
    const steps = await claimSteps(db, now, leaseMs, concurrency);
    const deps = { db, caller: opts.caller, target, retry, clock, random: opts.random ?? Math.random };
    await Promise.all(steps.map((s) => runStep(deps, s).catch((error: unknown) => opts.onError?.(error))));
    return steps.length;
  }

  function tick(): Promise<number> {
    if (running) {
      again = true;
      return running;
    }
    // Platform work, whoever woke it: a request's tenant scope must not follow the pass (nor its timers).
    running = asPlatform(async () => {
      let total = 0;
      try {
        do {
          again = false;
          const n = await pass();
          total += n;
          // A full batch means more may be due now.
          if (n >= concurrency) again = true;
        } while (again && !closed);
      } finally {
        running = undefined;
      }
      return total;
    });
    return running;
  }

  const kick = () => {
    if (!closed && timer) void tick().catch((error: unknown) => opts.onError?.(error));
  };

  return {
    async create(input, actor) {
      const now = clock();
      const { identifiers, deadline } = parseInput(input, now);
      const jurisdiction = input.jurisdiction ?? null;
      const legalBasis = String(input.legalBasis ?? '').trim();
      if (!legalBasis) throw invalid('/legalBasis', 'is required');
      const sorted = [...identifiers].sort((a, b) => canonicalJson(a).localeCompare(canonicalJson(b)));
      // The deadline as given: a default one moves with the clock and would make a repeat look different.
      const contentHash = sha256Hex(canonicalJson({ identifiers: sorted, legalBasis, deadline: input.deadline ? deadline.toISOString() : null, jurisdiction }));
      const id = input.id ?? `era_${now.getTime().toString(36).padStart(9, '0')}${randomBytes(6).toString('hex')}`;
      const existing = await contentHashOf(db, id);
      if (existing !== null) {
        if (existing !== contentHash) throw new RuntimeProblem('change-conflict', `erasure request ${id} exists with other content`);
        return { created: false, request: (await readRequest(db, id))! };
      }
      const { steps, skipped } = planErasure((await applied()).integrations, identifiers, jurisdiction);
      const digests = identifiers.map((i) => ({ type: i.type, sha256: sha256Hex(`${i.type}:${i.value}`) }));
      const created = await db.transaction(async (tx) => {
        const status = steps.length ? 'open' : 'nothing-held';
        if (!(await insertRequest(tx, { id, identifiers: steps.length ? identifiers : [], digests, contentHash, legalBasis, deadline, jurisdiction, status, actor, now }))) return false;
        for (const s of steps) {
          if (s.erasure.method === 'tokenize') {
            const days = Math.min(s.erasure.withinDays ?? MAX_TOKENIZE_DAYS, MAX_TOKENIZE_DAYS);
            await insertStep(tx, id, s, 'waiting-for-evidence', new Date(now.getTime() + days * DAY), now);
          } else await insertStep(tx, id, s, 'pending', null, now);
        }
        await appendEvidence(
          tx,
          {
            requestId: id,
            stepId: null,
            kind: steps.length ? 'requested' : 'nothing-held',
            actor,
            data: { identifiers: digests, legalBasis, deadline: deadline.toISOString(), jurisdiction, steps: steps.map((s) => ({ stepId: s.stepId, integration: s.integration, method: s.erasure.method, operation: s.erasure.operation ?? null })), skipped },
          },
          now,
        );
        for (const s of steps.filter((x) => x.erasure.method === 'tokenize')) {
          await appendEvidence(tx, { requestId: id, stepId: s.stepId, kind: 'obligation', data: { integration: s.integration, withinDays: Math.min(s.erasure.withinDays ?? MAX_TOKENIZE_DAYS, MAX_TOKENIZE_DAYS) } }, now);
        }
        return true;
      });
      if (!created) return this.create(input, actor);
      kick();
      return { created: true, request: (await readRequest(db, id))! };
    },
    get: (id) => readRequest(db, id),
    list: (filter) => listRequests(db, filter.limit, filter.status),
    async closeObligation(id, stepId, evidence, actor) {
      const now = clock();
      const ok = await db.transaction(async (tx) => {
        if (!(await closeObligation(tx, id, stepId, `evidence: ${evidence.reference}`, now))) return false;
        await appendEvidence(tx, { requestId: id, stepId, kind: 'obligation-closed', actor, data: { reference: evidence.reference, ...(evidence.note ? { note: evidence.note } : {}) } }, now);
        await settleRequest(tx, id, now);
        return true;
      });
      const request = await readRequest(db, id);
      if (!request) throw new RuntimeProblem('not-found', `no erasure request ${id}`);
      if (!ok) {
        const step = request.steps.find((s) => s.stepId === stepId);
        if (!step) throw new RuntimeProblem('not-found', `erasure request ${id} has no step ${stepId}`);
        throw new RuntimeProblem('change-conflict', `step ${stepId} is ${step.state}, not waiting for evidence`);
      }
      return request;
    },
    async evidence(id, actor) {
      const request = await readRequest(db, id);
      if (!request) throw new RuntimeProblem('not-found', `no erasure request ${id}`);
      const items = await readEvidence(db, id);
      return signBundle(store, { request, items }, actor, clock());
    },
    tick,
    start() {
      if (timer || closed) return;
      timer = setInterval(kick, opts.pollMs ?? 1000);
      timer.unref();
      kick();
    },
    async close() {
      closed = true;
      if (timer) clearInterval(timer);
      await running?.catch(() => undefined);
    },
  };
}
