import { parentPort, workerData } from 'node:worker_threads';
import type { CallMessage, ConnectorHost, ConnectorOps, HostReply, HostRequest, ReadyMessage, ReplyMessage, WorkerBoot } from './protocol.js';

/**
 * The entry of a connector's isolate: loads the connector module and answers calls one message at a time
 * (several may be in flight: an operation that awaits I/O does not block the next). It runs as a worker
 * thread (the runtime's choice) or, for the isolation benchmark, as a child process over IPC.
 */
interface Channel {
  send(message: ReadyMessage | ReplyMessage | HostRequest): void;
  onCall(handler: (message: CallMessage | HostReply) => void): void;
}

function channel(): { boot: WorkerBoot; channel: Channel } {
  if (parentPort) {
    const port = parentPort;
    return { boot: workerData as WorkerBoot, channel: { send: (m) => port.postMessage(m), onCall: (h) => port.on('message', h) } };
  }
  return {
    boot: JSON.parse(process.argv[2] ?? '{}') as WorkerBoot,
    channel: { send: (m) => process.send?.(m), onCall: (h) => process.on('message', (m) => h(m as CallMessage | HostReply)) },
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

const asked = new Map<number, { resolve(value: string): void; reject(error: Error): void }>();
let nextAsk = 1;
const host: ConnectorHost = {
  secret: (ref) =>
    new Promise((resolve, reject) => {
      const id = nextAsk++;
      asked.set(id, { resolve, reject });
      ch.send({ host: id, secret: ref });
    }),
};

ch.onCall((call) => {
  if ('hostReply' in call) {
    const waiting = asked.get(call.hostReply);
    asked.delete(call.hostReply);
    if (call.ok) waiting?.resolve(call.value);
    else waiting?.reject(new Error(call.error));
    return;
  }
  const op = Object.hasOwn(ops, call.op) ? ops[call.op] : undefined;
  if (!op) {
    ch.send({ id: call.id, ok: false, error: `the connector has no operation ${JSON.stringify(call.op)}` });
    return;
  }
  // A throw (sync or async) is the operation's failure, answered; the worker itself stays up.
  void (async () => op(call.args as never, host))().then(
    (value) => ch.send({ id: call.id, ok: true, value }),
    (error: unknown) => ch.send({ id: call.id, ok: false, error: message(error) }),
  );
});
