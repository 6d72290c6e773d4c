import { parentPort, workerData } from 'node:worker_threads';
import type { CallMessage, ConnectorOps, ReadyMessage, ReplyMessage, WorkerBoot } from './protocol.js';

/**
 * The entry of a connector's isolate: loads the connector module and answers calls one message at a time
 * (several may be in flight: an operation that awaits I/O does not block the next). It runs as a worker
 * thread (the runtime's choice) or, for the isolation benchmark, as a child process over IPC.
 */
interface Channel {
  send(message: ReadyMessage | ReplyMessage): void;
  onCall(handler: (message: CallMessage) => void): void;
}

function channel(): { boot: WorkerBoot; channel: Channel } {
  if (parentPort) {
    const port = parentPort;
    return { boot: workerData as WorkerBoot, channel: { send: (m) => port.postMessage(m), onCall: (h) => port.on('message', h) } };
  }
  return {
    boot: JSON.parse(process.argv[2] ?? '{}') as WorkerBoot,
    channel: { send: (m) => process.send?.(m), onCall: (h) => process.on('message', (m) => h(m as CallMessage)) },
  };
}

const { boot, channel: ch } = channel();

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

let ops: ConnectorOps;
try {
  ops = ((await import(boot.module)) as { ops?: ConnectorOps }).ops ?? {};
  ch.send({ ready: true, ops: Object.keys(ops).sort() });
} catch (error) {
  ch.send({ ready: false, error: `cannot load connector module: ${message(error)}` });
  process.exit(1);
}

ch.onCall((call) => {
  const op = Object.hasOwn(ops, call.op) ? ops[call.op] : undefined;
  if (!op) {
    ch.send({ id: call.id, ok: false, error: `the connector has no operation ${JSON.stringify(call.op)}` });
    return;
  }
  // A throw (sync or async) is the operation's failure, answered; the worker itself stays up.
  void (async () => op(call.args as never))().then(
    (value) => ch.send({ id: call.id, ok: true, value }),
    (error: unknown) => ch.send({ id: call.id, ok: false, error: message(error) }),
  );
});
