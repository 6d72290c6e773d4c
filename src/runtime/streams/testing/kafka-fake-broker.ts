import { createServer, type AddressInfo, type Socket } from 'node:net';
import { WireReader, WireWriter } from './kafka-wire.js';

/**
 * Test support: a single-node Kafka broker on loopback that speaks just enough of the wire protocol for a
 * producer (ApiVersions v3, Metadata v9, InitProducerId v3, Produce v7 with uncompressed v2 record batches)
 * and keeps what it acknowledged in memory. Like a real broker it drops a batch an idempotent producer resends
 * (same producer id, partition and base sequence) and answers with the first append's offset.
 */

export interface FakeKafkaRecord {
  topic: string;
  partition: number;
  offset: number;
  key: string | null;
  value: string | null;
  headers: Record<string, string>;
}

export interface FakeKafkaBroker {
  /** `host:port` of the one broker. */
  readonly bootstrap: string;
  /** Every record appended to a topic, partition by partition in offset order. */
  records(topic: string): FakeKafkaRecord[];
  /** Produce requests answered so far, duplicates included (to see a resend happened). */
  readonly produceRequests: number;
  /**
   * The next `count` produce requests fail with a retriable error: NOT_ENOUGH_REPLICAS, appending nothing, or
   * with `afterAppend` NOT_ENOUGH_REPLICAS_AFTER_APPEND, appending (a lost acknowledgement).
   */
  failProduce(count: number, options?: { afterAppend?: boolean }): void;
  close(): Promise<void>;
}

const API = { produce: 0, metadata: 3, apiVersions: 18, initProducerId: 22 } as const;
const SUPPORTED: [number, number, number][] = [
  [API.produce, 7, 7],
  [API.metadata, 9, 9],
  [API.apiVersions, 3, 3],
  [API.initProducerId, 3, 3],
];
/** APIs whose request header carries tagged fields (flexible versions). */
const FLEXIBLE_REQUEST = new Set<number>([API.metadata, API.apiVersions, API.initProducerId]);
/** APIs whose response header carries tagged fields (ApiVersions never does). */
const FLEXIBLE_RESPONSE = new Set<number>([API.metadata, API.initProducerId]);
const NODE_ID = 1;
const NOT_ENOUGH_REPLICAS = 19;
const NOT_ENOUGH_REPLICAS_AFTER_APPEND = 20;
const UNSUPPORTED_COMPRESSION_TYPE = 76;

interface Batch {
  records: Omit<FakeKafkaRecord, 'topic' | 'partition' | 'offset'>[];
  producerId: bigint;
  baseSequence: number;
  compressed: boolean;
}

/** A v2 record batch (one or more, back to back) into its records. */
function readBatches(buf: Buffer): Batch[] {
  const r = new WireReader(buf);
  const out: Batch[] = [];
  while (r.offset < buf.length) {
    r.int64(); // base offset
    const length = r.int32();
    const end = r.offset + length;
    r.int32(); // partition leader epoch
    r.int8(); // magic (2)
    r.int32(); // crc
    const attributes = r.int16();
    r.int32(); // last offset delta
    r.int64(); // base timestamp
    r.int64(); // max timestamp
    const producerId = r.int64();
    r.int16(); // producer epoch
    const baseSequence = r.int32();
    const count = r.int32();
    const batch: Batch = { records: [], producerId, baseSequence, compressed: (attributes & 0x07) !== 0 };
    if (!batch.compressed) {
      for (let i = 0; i < count; i++) {
        r.varint(); // record length
        r.int8(); // attributes
        r.varint(); // timestamp delta
        r.varint(); // offset delta
        const keyLength = r.varint();
        const key = keyLength < 0 ? null : r.bytes(keyLength).toString('utf8');
        const valueLength = r.varint();
        const value = valueLength < 0 ? null : r.bytes(valueLength).toString('utf8');
        const headers: Record<string, string> = {};
        const headerCount = r.varint();
        for (let h = 0; h < headerCount; h++) {
          const name = r.bytes(r.varint()).toString('utf8');
          const valueLen = r.varint();
          headers[name] = valueLen < 0 ? '' : r.bytes(valueLen).toString('utf8');
        }
        batch.records.push({ key, value, headers });
      }
    }
    r.offset = end;
    out.push(batch);
  }
  return out;
}

export async function startFakeKafkaBroker(options: { partitions?: number } = {}): Promise<FakeKafkaBroker> {
  const partitions = options.partitions ?? 3;
  const logs = new Map<string, FakeKafkaRecord[][]>();
  /** `pid:topic:partition:baseSequence` → base offset of the first append. */
  const sequences = new Map<string, number>();
  const sockets = new Set<Socket>();
  let nextProducerId = 1000n;
  let failing = 0;
  let failAfterAppend = false;
  let produceRequests = 0;

  const log = (topic: string): FakeKafkaRecord[][] => {
    let l = logs.get(topic);
    if (!l) logs.set(topic, (l = Array.from({ length: partitions }, () => [])));
    return l;
  };

  function produce(r: WireReader, w: WireWriter): void {
    produceRequests++;
    r.string(); // transactional id
    r.int16(); // acks
    r.int32(); // timeout
    const topics: { name: string; parts: { index: number; error: number; baseOffset: bigint }[] }[] = [];
    const topicCount = r.int32();
    for (let t = 0; t < topicCount; t++) {
      const name = r.string() ?? '';
      const parts: { index: number; error: number; baseOffset: bigint }[] = [];
      const partCount = r.int32();
      for (let p = 0; p < partCount; p++) {
        const index = r.int32();
        const batches = readBatches(r.bytes(r.int32()));
        const target = log(name)[index];
        if (!target) {
          parts.push({ index, error: 3 /* UNKNOWN_TOPIC_OR_PARTITION */, baseOffset: -1n });
          continue;
        }
        if (failing > 0 && !failAfterAppend) {
          parts.push({ index, error: NOT_ENOUGH_REPLICAS, baseOffset: -1n });
          continue;
        }
        if (batches.some((b) => b.compressed)) {
          parts.push({ index, error: UNSUPPORTED_COMPRESSION_TYPE, baseOffset: -1n });
          continue;
        }
        let first = -1;
        for (const b of batches) {
          const seqKey = `${b.producerId}:${name}:${index}:${b.baseSequence}`;
          const seen = b.producerId >= 0n ? sequences.get(seqKey) : undefined;
          if (seen !== undefined) {
            if (first < 0) first = seen;
            continue;
          }
          const base = target.length;
          if (b.producerId >= 0n) sequences.set(seqKey, base);
          for (const rec of b.records) target.push({ topic: name, partition: index, offset: target.length, ...rec });
          if (first < 0) first = base;
        }
        if (failing > 0) parts.push({ index, error: NOT_ENOUGH_REPLICAS_AFTER_APPEND, baseOffset: -1n });
        else parts.push({ index, error: 0, baseOffset: BigInt(first) });
      }
      topics.push({ name, parts });
    }
    if (failing > 0) failing--;
    w.array(topics, (w, t) =>
      w.string(t.name).array(t.parts, (w, p) => w.int32(p.index).int16(p.error).int64(p.baseOffset).int64(-1n).int64(0n)),
    ).int32(0);
  }

  function metadata(r: WireReader, w: WireWriter, port: number): void {
    const count = r.uvarint() - 1;
    const names: string[] = [];
    for (let i = 0; i < count; i++) {
      names.push(r.compactString() ?? '');
      r.tags();
    }
    for (const n of names) log(n); // topics are created on first mention, as with auto.create.topics.enable
    const topics = count < 0 ? [...logs.keys()] : names;
    w.int32(0)
      .compactArray([NODE_ID], (w, id) => w.int32(id).compactString('127.0.0.1').int32(port).compactString(null).tags())
      .compactString('interlock-fake-kafka')
      .int32(NODE_ID)
      .compactArray(topics, (w, name) =>
        w
          .int16(0)
          .compactString(name)
          .int8(0)
          .compactArray(
            Array.from({ length: partitions }, (_, i) => i),
            (w, i) => w.int16(0).int32(i).int32(NODE_ID).int32(0).compactArray([NODE_ID], (w, n) => w.int32(n)).compactArray([NODE_ID], (w, n) => w.int32(n)).compactArray([], () => undefined).tags(),
          )
          .int32(-2147483648)
          .tags(),
      )
      .int32(-2147483648)
      .tags();
  }

  function handle(frame: Buffer, socket: Socket, port: number): void {
    const r = new WireReader(frame);
    const apiKey = r.int16();
    r.int16(); // api version: only one is advertised per API
    const correlationId = r.int32();
    r.string(); // client id
    if (FLEXIBLE_REQUEST.has(apiKey)) r.tags();
    const w = new WireWriter().int32(correlationId);
    if (FLEXIBLE_RESPONSE.has(apiKey)) w.tags();
    switch (apiKey) {
      case API.apiVersions:
        w.int16(0).compactArray(SUPPORTED, (w, [key, min, max]) => w.int16(key).int16(min).int16(max).tags()).int32(0).tags();
        break;
      case API.metadata:
        metadata(r, w, port);
        break;
      case API.initProducerId:
        w.int32(0).int16(0).int64(nextProducerId++).int16(0).tags();
        break;
      case API.produce:
        produce(r, w);
        break;
      default:
        socket.destroy(); // a real broker closes the connection on an API it does not support
        return;
    }
    const body = w.buffer();
    const size = Buffer.alloc(4);
    size.writeInt32BE(body.length);
    socket.write(Buffer.concat([size, body]));
  }

  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    let pending = Buffer.alloc(0);
    socket.on('data', (chunk) => {
      pending = pending.length ? Buffer.concat([pending, chunk]) : chunk;
      while (pending.length >= 4) {
        const size = pending.readInt32BE(0);
        if (pending.length < 4 + size) break;
        const frame = pending.subarray(4, 4 + size);
        pending = pending.subarray(4 + size);
        try {
          handle(frame, socket, (server.address() as AddressInfo).port);
        } catch {
          socket.destroy(); // a request the fake cannot parse
          return;
        }
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    bootstrap: `127.0.0.1:${port}`,
    records: (topic) => (logs.get(topic) ?? []).flat(),
    get produceRequests() {
      return produceRequests;
    },
    failProduce(count, opts) {
      failing = count;
      failAfterAppend = opts?.afterAppend ?? false;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
