import { readFileSync } from 'node:fs';
import path from 'node:path';
import { prepareMockContract, startMock } from '../src/mock/index.js';

/**
 * One vendor of `npm run bench -- erasure`, in its own process as a real vendor would be: Interlock's
 * validating mock of a contract on loopback. Tells its parent its URL, then answers each `stats` message with
 * the requests it recorded per operation, how many were valid against the contract, and its CPU time.
 */
const file = process.argv[2];
const text = readFileSync(path.join(process.cwd(), file), 'utf8');
const mock = await startMock(prepareMockContract(file, text).value!);
const cpuAtStart = process.cpuUsage();

process.on('message', (message: unknown) => {
  if (message !== 'stats') return;
  const byOperation: Record<string, number> = {};
  let valid = 0;
  const all = mock.requests();
  for (const r of all) {
    const op = r.operation ?? `${r.method} ${r.path}`;
    byOperation[op] = (byOperation[op] ?? 0) + 1;
    if (r.validation.valid && r.status >= 200 && r.status < 300) valid++;
  }
  const cpu = process.cpuUsage(cpuAtStart);
  process.send!({ requests: all.length, valid, byOperation, cpuSeconds: (cpu.user + cpu.system) / 1e6 });
  mock.clearRequests();
});
process.on('disconnect', () => void mock.close().then(() => process.exit(0)));
process.send!({ url: mock.url });
