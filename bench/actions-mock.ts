import { readFileSync } from 'node:fs';
import path from 'node:path';
import { prepareMockContract, startMock } from '../src/mock/index.js';

/**
 * The vendor of `npm run bench -- actions`, in its own process as a real vendor would be (so its work is
 * not charged to the runtime's event loop): Interlock's validating mock of a contract on loopback. Tells
 * its parent its URL, then answers each `stats` message with the createIncident requests it recorded,
 * how many of them were valid against the contract, and its own CPU time since the last `stats`. Ends when its parent goes.
 */
const file = process.argv[2];
const text = readFileSync(path.join(process.cwd(), file), 'utf8');
const mock = await startMock(prepareMockContract(file, text).value!);
let cpuSince = process.cpuUsage();

process.on('message', (message: unknown) => {
  if (message !== 'stats') return;
  const calls = mock.requests({ operation: 'createIncident' });
  const cpu = process.cpuUsage(cpuSince);
  cpuSince = process.cpuUsage();
  process.send!({ requests: calls.length, valid: calls.filter((r) => r.status >= 200 && r.status < 300).length, cpuSeconds: (cpu.user + cpu.system) / 1e6 });
  // Each run's requests are its own.
  mock.clearRequests();
});
process.on('disconnect', () => void mock.close().then(() => process.exit(0)));
process.send!({ url: mock.url });
