import { createHash } from 'node:crypto';
import { createServer, type Http2ServerRequest, type Http2ServerResponse, type Http2Session } from 'node:http2';
import type { AddressInfo } from 'node:net';

/** A record as the fake stream holds it. */
export interface FakeKinesisRecord {
  shardId: string;
  sequenceNumber: string;
  partitionKey: string;
  data: Buffer;
}

/** One PutRecords request as received: the partition keys in request order. */
export interface FakePutRequest {
  stream: string;
  partitionKeys: string[];
}

export interface FakeKinesis {
  /** `http://127.0.0.1:<port>`, for the client's `endpoint`. */
  readonly endpoint: string;
  createStream(name: string, shards?: number): void;
  records(stream: string): FakeKinesisRecord[];
  /** Every PutRecords request so far. */
  readonly putRequests: readonly FakePutRequest[];
  /**
   * The next PutRecords request fails the records at these positions (0-based, in the request) with
   * `ProvisionedThroughputExceededException`, as a hot shard would; the others are appended.
   */
  failRecordsOfNextPut(positions: readonly number[]): void;
  /** The next `n` PutRecords requests fail every record (a shard that stays over its limit). */
  failAllRecordsOfNextPuts(n: number): void;
  close(): Promise<void>;
}

const MAX_HASH = 1n << 128n;

class KinesisError extends Error {
  constructor(
    readonly type: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Test support: a Kinesis Data Streams fake on loopback speaking the JSON protocol (`application/x-amz-json-1.1`,
 * `X-Amz-Target: Kinesis_20131202.<Operation>`) for what the sink and the test reader need: DescribeStreamSummary,
 * ListShards, PutRecords, GetShardIterator and GetRecords. A partition key goes to the shard whose hash key range
 * holds the MD5 of the key, as in Kinesis; request signatures are not checked. HTTP/2 without TLS, as the SDK's
 * Kinesis client speaks to an `http://` endpoint.
 */
export async function startFakeKinesis(): Promise<FakeKinesis> {
  const streams = new Map<string, { shards: FakeKinesisRecord[][]; created: Date }>();
  const putRequests: FakePutRequest[] = [];
  let failPositions: readonly number[] = [];
  let failAll = 0;
  let sequence = 0n;

  const streamOf = (body: Record<string, unknown>) => {
    const name = String(body.StreamName ?? String(body.StreamARN ?? '').split('/').pop());
    const s = streams.get(name);
    if (!s) throw new KinesisError('ResourceNotFoundException', `Stream ${name} under account 000000000000 not found.`);
    return { name, s };
  };
  const shardIndex = (key: string, count: number) => Number((BigInt(`0x${createHash('md5').update(key).digest('hex')}`) * BigInt(count)) / MAX_HASH);
  const shardId = (i: number) => `shardId-${String(i).padStart(12, '0')}`;
  // A shard iterator is the shard and the position to read from, opaque to the client.
  const iterator = (stream: string, shard: number, position: number) => Buffer.from(JSON.stringify([stream, shard, position])).toString('base64');

  const operations: Record<string, (body: Record<string, unknown>) => unknown> = {
    DescribeStreamSummary(body) {
      const { name, s } = streamOf(body);
      return {
        StreamDescriptionSummary: {
          StreamName: name,
          StreamARN: `arn:aws:kinesis:eu-central-1:000000000000:stream/${name}`,
          StreamStatus: 'ACTIVE',
          StreamModeDetails: { StreamMode: 'PROVISIONED' },
          RetentionPeriodHours: 24,
          StreamCreationTimestamp: s.created.getTime() / 1000,
          EnhancedMonitoring: [{ ShardLevelMetrics: [] }],
          EncryptionType: 'NONE',
          OpenShardCount: s.shards.length,
          ConsumerCount: 0,
        },
      };
    },
    ListShards(body) {
      const { s } = streamOf(body);
      const width = MAX_HASH / BigInt(s.shards.length);
      return {
        Shards: s.shards.map((_, i) => ({
          ShardId: shardId(i),
          HashKeyRange: { StartingHashKey: String(width * BigInt(i)), EndingHashKey: String(i === s.shards.length - 1 ? MAX_HASH - 1n : width * BigInt(i + 1) - 1n) },
          SequenceNumberRange: { StartingSequenceNumber: '0' },
        })),
      };
    },
    PutRecords(body) {
      const { name, s } = streamOf(body);
      const records = body.Records as { Data: string; PartitionKey: string }[];
      if (!Array.isArray(records) || records.length === 0 || records.length > 500) throw new KinesisError('ValidationException', 'Records must hold 1 to 500 entries');
      putRequests.push({ stream: name, partitionKeys: records.map((r) => r.PartitionKey) });
      const failing = new Set(failAll > 0 ? records.map((_, i) => i) : failPositions);
      if (failAll > 0) failAll--;
      failPositions = [];
      let failed = 0;
      const out = records.map((r, i) => {
        if (failing.has(i)) {
          failed++;
          return { ErrorCode: 'ProvisionedThroughputExceededException', ErrorMessage: 'Rate exceeded for shard (injected by the fake).' };
        }
        const shard = shardIndex(r.PartitionKey, s.shards.length);
        const record = { shardId: shardId(shard), sequenceNumber: String(++sequence).padStart(56, '4'), partitionKey: r.PartitionKey, data: Buffer.from(r.Data, 'base64') };
        s.shards[shard].push(record);
        return { ShardId: record.shardId, SequenceNumber: record.sequenceNumber };
      });
      return { FailedRecordCount: failed, Records: out, EncryptionType: 'NONE' };
    },
    GetShardIterator(body) {
      const { name, s } = streamOf(body);
      const shard = s.shards.findIndex((_, i) => shardId(i) === body.ShardId);
      if (shard < 0) throw new KinesisError('ResourceNotFoundException', `Shard ${String(body.ShardId)} not found.`);
      if (body.ShardIteratorType !== 'TRIM_HORIZON') throw new KinesisError('InvalidArgumentException', 'the fake reads from TRIM_HORIZON only');
      return { ShardIterator: iterator(name, shard, 0) };
    },
    GetRecords(body) {
      const [name, shard, position] = JSON.parse(Buffer.from(String(body.ShardIterator), 'base64').toString()) as [string, number, number];
      const { s } = streamOf({ StreamName: name });
      const limit = Number(body.Limit ?? 10_000);
      const page = s.shards[shard].slice(position, position + limit);
      return {
        Records: page.map((r) => ({ SequenceNumber: r.sequenceNumber, ApproximateArrivalTimestamp: s.created.getTime() / 1000, Data: r.data.toString('base64'), PartitionKey: r.partitionKey })),
        NextShardIterator: iterator(name, shard, position + page.length),
        MillisBehindLatest: 0,
      };
    },
  };

  const reply = (res: Http2ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': String(sequence) });
    res.end(JSON.stringify(body));
  };
  const handle = async (req: Http2ServerRequest, res: Http2ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const target = String(req.headers['x-amz-target'] ?? '');
    const [prefix, operation] = target.split('.');
    const op = operations[operation];
    if (req.method !== 'POST' || prefix !== 'Kinesis_20131202' || !op || !String(req.headers['content-type']).startsWith('application/x-amz-json-1.1')) {
      return reply(res, 400, { __type: 'UnknownOperationException', message: `the fake does not implement ${target || '(no X-Amz-Target)'}` });
    }
    try {
      reply(res, 200, op(JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Record<string, unknown>));
    } catch (error) {
      if (error instanceof KinesisError) reply(res, 400, { __type: error.type, message: error.message });
      else reply(res, 500, { __type: 'InternalFailure', message: String(error) });
    }
  };

  const server = createServer((req, res) => void handle(req, res));
  const sessions = new Set<Http2Session>();
  server.on('session', (session: Http2Session) => {
    sessions.add(session);
    session.once('close', () => sessions.delete(session));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    createStream(name, shards = 4) {
      streams.set(name, { shards: Array.from({ length: shards }, () => []), created: new Date(0) });
    },
    records: (stream) => (streams.get(stream)?.shards ?? []).flat(),
    putRequests,
    failRecordsOfNextPut(positions) {
      failPositions = positions;
    },
    failAllRecordsOfNextPuts(n) {
      failAll = n;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const session of sessions) session.destroy();
        server.close(() => resolve());
      }),
  };
}
