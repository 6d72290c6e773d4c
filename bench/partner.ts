import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { contentDigest, signRequest } from '../src/core/http-signature.js';
import { openStore } from '../src/runtime/store/store.js';
import { freshLocation } from '../test/support/stores.js';
import { cannon, floodProcess, line, spawnRuntime } from './admin-api.js';

const SECONDS = Number(process.env.BENCH_PARTNER_SECONDS ?? 5);
const LIMIT = process.env.BENCH_PARTNER_LIMIT ?? '50/20';
const FLOOD_CONNECTIONS = Number(process.env.BENCH_PARTNER_FLOOD ?? 50);
const FLOOD_RATE = Number(process.env.BENCH_PARTNER_FLOOD_RATE ?? 2000);
const MEASURED_RATE = Number(process.env.BENCH_PARTNER_RATE ?? 10);
const EVIDENCE = Number(process.env.BENCH_PARTNER_EVIDENCE ?? 2000);

/**
 * The partner API under a per-token limit (`INTERLOCK_RATE_LIMIT`, default 50/20: a burst of 50, 20 a
 * second): the p99 of an authenticated caller inside its limit, alone and while another token floods the
 * API far past its own (answered 429), with the fields a limited call carries; then, without the limit,
 * signed evidence sent by 10 concurrent probes (Ed25519), items a second. `interlock runtime start` on the embedded store,
 * the flood from its own process.
 */
export async function run(): Promise<void> {
  const location = await freshLocation('embedded');
  const dataDir = 'dataDir' in location.location ? location.location.dataDir : '';
  const store = await openStore(location.location);
  const now = new Date();
  const measured = (await store.createToken('operator', now)).token;
  const flooder = (await store.createToken('operator', now)).token;
  const admin = (await store.createToken('admin', now)).token;
  const probe = (await store.createToken('probe', now)).token;
  await store.close();
  let { child, url } = await spawnRuntime(dataDir, { INTERLOCK_RATE_LIMIT: LIMIT });
  const stop = async () => {
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve));
  };
  try {
    const auth = { authorization: `Bearer ${measured}` };
    const alone = await cannon({ url: `${url}/v1/state`, connections: 2, overallRate: MEASURED_RATE, duration: SECONDS, headers: auth });
    console.log(line(`partner GET /v1/state, one token inside its limit ${LIMIT} (${MEASURED_RATE} req/s), alone`, alone));
    const flood = floodProcess(`${url}/v1/state`, FLOOD_CONNECTIONS, FLOOD_RATE, SECONDS + 2, [`authorization=Bearer ${flooder}`]);
    const during = await cannon({ url: `${url}/v1/state`, connections: 2, overallRate: MEASURED_RATE, duration: SECONDS, headers: auth });
    // Limited answers sampled during the flood, each checked for the fields a client needs to back off.
    const samples = await Promise.all(Array.from({ length: 20 }, () => fetch(`${url}/v1/state`, { headers: { authorization: `Bearer ${flooder}` } })));
    const limitedSamples = samples.filter((r) => r.status === 429);
    const correct = limitedSamples.filter((r) => limitedHeadersCorrect(r.headers)).length;
    const sample = limitedSamples[0] ?? samples[0];
    const flooded = await flood;
    console.log(line(`partner flood GET /v1/state by another token (${FLOOD_CONNECTIONS} connections, at most ${FLOOD_RATE} req/s)`, flooded) + ` 429s: ${count429(flooded)}`);
    console.log(line(`partner GET /v1/state, the token inside its limit, during the flood`, during) + ' (goal: p99 < 50 ms, no 429)');
    console.log(`partner limited answers sampled during the flood: ${limitedSamples.length}/${samples.length} were 429, ${correct}/${limitedSamples.length} with correct Retry-After, RateLimit-Policy and RateLimit (r=0)`);
    console.log(
      `partner a limited call: ${sample.status} retry-after=${sample.headers.get('retry-after')} ratelimit-policy=${sample.headers.get('ratelimit-policy')} ratelimit=${sample.headers.get('ratelimit')}`,
    );

    // Evidence intake itself, without the per-token limit: the same store, the runtime started again.
    await stop();
    ({ child, url } = await spawnRuntime(dataDir, { INTERLOCK_RATE_LIMIT: 'off' }));
    const ed = generateKeyPairSync('ed25519');
    const put = (path: string, body: unknown) =>
      fetch(url + path, { method: 'PUT', headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    await put('/v1/evidence-types/bench', { schema: { type: 'object', required: ['n'], properties: { n: { type: 'integer' } } } });
    await put('/v1/probes/bench-1', { probe: 'bench', alg: 'ed25519', publicKey: ed.publicKey.export({ type: 'spki', format: 'der' }).toString('base64') });
    const authority = new URL(url).host;
    let next = 0;
    let stored = 0;
    let other = 0;
    // The runtime's CPU while idle (its pollers) and while taking evidence, from /proc (Linux).
    const idleFrom = cpuSeconds(child.pid);
    await new Promise((r) => setTimeout(r, 5000));
    const idlePerSecond = idleFrom === null ? null : ((cpuSeconds(child.pid) ?? 0) - idleFrom) / 5;
    const cpuFrom = cpuSeconds(child.pid);
    const started = performance.now();
    const worker = async () => {
      while (next < EVIDENCE) {
        const n = next++;
        const body = JSON.stringify({ type: 'bench', controlId: 'BENCH-1', source: 'bench', collectedAt: new Date().toISOString(), payload: { n }, idempotencyKey: `bench-${n}` });
        const headers: Record<string, string> = { 'content-type': 'application/json', authorization: `Bearer ${probe}`, 'content-digest': contentDigest(body) };
        Object.assign(headers, signRequest({ method: 'POST', authority, path: '/v1/evidence', headers }, { keyid: 'bench-1', key: { alg: 'ed25519', privateKey: ed.privateKey }, created: Math.floor(Date.now() / 1000), nonce: randomUUID() }));
        const res = await fetch(`${url}/v1/evidence`, { method: 'POST', headers, body });
        await res.arrayBuffer();
        if (res.status === 201) stored++;
        else other++;
      }
    };
    await Promise.all(Array.from({ length: 10 }, worker));
    const seconds = (performance.now() - started) / 1000;
    const cpu = cpuFrom === null ? null : (cpuSeconds(child.pid) ?? 0) - cpuFrom;
    const perItem = cpu === null ? 'n/a' : `${((cpu * 1000) / EVIDENCE).toFixed(2)} ms/item (${(((cpu - (idlePerSecond ?? 0) * seconds) * 1000) / EVIDENCE).toFixed(2)} less the idle ${Math.round((idlePerSecond ?? 0) * 1000)} ms/s)`;
    console.log(`partner POST /v1/evidence, signed (Ed25519), 10 concurrent probes: ${Math.round(EVIDENCE / seconds)} items/s (${stored} stored, ${other} other), runtime CPU ${perItem}`);
  } finally {
    await stop();
    await location.dispose();
  }
}

/** A 429 a client can act on: Retry-After in whole seconds (at least 1), the policy, and the bucket empty. */
function limitedHeadersCorrect(h: Headers): boolean {
  const retryAfter = h.get('retry-after') ?? '';
  return /^\d+$/.test(retryAfter) && Number(retryAfter) >= 1 && /"burst";q=\d+;w=\d+/.test(h.get('ratelimit-policy') ?? '') && /"burst";r=0;t=\d+/.test(h.get('ratelimit') ?? '');
}

function count429(r: { statusCodeStats?: Partial<Record<`${number}`, { count?: number }>> }): number | 'n/a' {
  return r.statusCodeStats ? (r.statusCodeStats['429']?.count ?? 0) : 'n/a';
}

/** A process's CPU seconds (user + system) from /proc, or null off Linux. */
function cpuSeconds(pid: number | undefined): number | null {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return null;
  }
}
