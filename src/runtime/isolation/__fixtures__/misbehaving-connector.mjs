// A deliberately misbehaving connector for isolation tests. Loaded as `…?mode=MODE&builtin=URL`:
// on the first attempt of a delivery (and for `echo` with `misbehave: true`) it does MODE; otherwise it
// behaves, delegating `send` to the built-in connector at URL.
const params = new URL(import.meta.url).searchParams;
const mode = params.get('mode');
const builtin = params.get('builtin') ? await import(params.get('builtin')) : undefined;

function misbehave() {
  switch (mode) {
    case 'loop':
      for (;;);
    case 'throw':
      throw new Error('connector bug: cannot read properties of undefined');
    case 'oom': {
      const hog = [];
      for (;;) hog.push(new Array(1e6).fill(hog.length));
    }
    case 'crash':
      setTimeout(() => {
        throw new Error('unhandled in a timer');
      });
      return new Promise(() => undefined);
    default:
      return undefined;
  }
}

export const ops = {
  send: (call) => (call.attempt === 1 ? misbehave() : builtin.ops.send(call)),
  callOperation: (call, host) => (call.request.attempt === 1 ? misbehave() : builtin.ops.callOperation(call, host)),
  echo: (args) => (args && args.misbehave ? misbehave() : args),
  /** Asks the runtime for a secret and answers only its length (a test must not echo secrets). */
  secretLength: async (args, host) => (await host.secret(args.ref)).length,
};
