import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { listOperations } from '../src/contract/openapi/operations.js';
import { prepareMockContract, startMock } from '../src/mock/index.js';
import { sampleOperations } from '../src/mock/testing/sample-operations.js';
import { checkOperation } from '../src/mock/testing/conformance.js';

/** The newest spec of each vendor in the shared corpus. */
const CORPUS = ['stripe', 'github-rest', 'slack-web', 'twilio-api-v2010', 'jira-platform', 'openai'];

/**
 * `npm run bench -- mock`: for each corpus spec, time from reading the file to a listening mock
 * (parse, load, normalise, routes), the memory it holds, and 20 sampled operations answered with
 * responses valid against the contract (ajv). Goal: ≤ 1 s to ready on the Stripe spec.
 */
export async function run(): Promise<void> {
  const root = path.resolve(process.cwd(), '../shared/corpus/openapi');
  console.log('spec'.padEnd(34) + 'ops'.padStart(6) + 'ready ms'.padStart(10) + 'heap MB'.padStart(9) + 'rss MB'.padStart(8) + 'valid/20'.padStart(10) + 'ms/req'.padStart(8));
  for (const vendor of CORPUS) {
    const dir = path.join(root, vendor);
    const file = path.join(dir, readdirSync(dir).sort().at(-1)!);
    global.gc?.();
    const heap0 = process.memoryUsage().heapUsed;
    const t0 = performance.now();
    const text = readFileSync(file, 'utf8');
    const contract = prepareMockContract(path.relative(root, file), text).value;
    if (!contract || contract.format !== 'openapi') {
      console.log(`${vendor}: did not load`);
      continue;
    }
    const mock = await startMock(contract);
    const ready = performance.now() - t0;
    global.gc?.();
    const heap = (process.memoryUsage().heapUsed - heap0) / 1048576;
    const rss = process.memoryUsage().rss / 1048576;
    const ops = sampleOperations(listOperations(contract.spec), 20);
    let valid = 0;
    const t1 = performance.now();
    const failures: string[] = [];
    for (const op of ops) {
      const r = await checkOperation(mock.url, contract, op);
      if (r.violations.length === 0 && r.status < 400) valid++;
      else failures.push(`${r.operation} ${r.status}: ${r.violations[0] ?? ''} ${JSON.stringify(r.requestErrors ?? '').slice(0, 200)}`);
    }
    const perReq = (performance.now() - t1) / ops.length;
    await mock.close();
    console.log(path.relative(root, file).padEnd(34) + String(listOperations(contract.spec).length).padStart(6) + ready.toFixed(0).padStart(10) + heap.toFixed(0).padStart(9) + rss.toFixed(0).padStart(8) + `${valid}/${ops.length}`.padStart(10) + perReq.toFixed(1).padStart(8));
    for (const f of failures) console.log(`    ${f}`);
  }
  console.log('(ms/req includes compiling each sampled operation’s schemas on first use; run with node --expose-gc for exact heap figures)');
}
