import { randomUUID, createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A small S3-compatible server on loopback (the sandbox's S3, and tests'): path-style PutObject, GetObject, HeadObject,
 * DeleteObject, ListObjectsV2 and multipart uploads, objects in memory. It accepts any credentials
 * (signatures are not checked) and decodes `aws-chunked` bodies, which AWS SDK v3 sends for streams.
 */
export interface S3Fake {
  /** e.g. http://127.0.0.1:40123 — the `endpoint` of an S3 destination. */
  endpoint: string;
  /** `bucket/key` → bytes. */
  objects: Map<string, Buffer>;
  /** How many requests each operation received (tests count replaced vs. new objects). */
  calls: Map<string, number>;
  close(): Promise<void>;
}

function decodeAwsChunked(body: Buffer): Buffer {
  const out: Buffer[] = [];
  let i = 0;
  for (;;) {
    const eol = body.indexOf('\r\n', i);
    if (eol < 0) break;
    const size = parseInt(body.subarray(i, eol).toString('latin1').split(';')[0], 16);
    if (!size) break;
    out.push(body.subarray(eol + 2, eol + 2 + size));
    i = eol + 2 + size + 2;
  }
  return Buffer.concat(out);
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const raw = Buffer.concat(chunks);
  const encoding = String(req.headers['content-encoding'] ?? '');
  const sha = String(req.headers['x-amz-content-sha256'] ?? '');
  return encoding.includes('aws-chunked') || sha.startsWith('STREAMING-') ? decodeAwsChunked(raw) : raw;
}

const xml = (res: ServerResponse, status: number, body: string) => {
  res.writeHead(status, { 'content-type': 'application/xml' });
  res.end(`<?xml version="1.0" encoding="UTF-8"?>\n${body}`);
};
const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const etag = (b: Buffer) => `"${createHash('md5').update(b).digest('hex')}"`;

export async function startS3Fake(): Promise<S3Fake> {
  const objects = new Map<string, Buffer>();
  const uploads = new Map<string, { key: string; parts: Map<number, Buffer> }>();
  const calls = new Map<string, number>();
  const count = (op: string) => calls.set(op, (calls.get(op) ?? 0) + 1);

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://s3.local');
    const [, bucket, ...rest] = url.pathname.split('/');
    const key = decodeURIComponent(rest.join('/'));
    const full = `${bucket}/${key}`;
    const q = url.searchParams;
    if (req.method === 'PUT' && q.has('uploadId')) {
      count('UploadPart');
      const up = uploads.get(q.get('uploadId')!);
      if (!up) return xml(res, 404, '<Error><Code>NoSuchUpload</Code></Error>');
      const body = await readBody(req);
      up.parts.set(Number(q.get('partNumber')), body);
      res.writeHead(200, { etag: etag(body) });
      return res.end();
    }
    if (req.method === 'PUT') {
      count('PutObject');
      const body = await readBody(req);
      objects.set(full, body);
      res.writeHead(200, { etag: etag(body) });
      return res.end();
    }
    if (req.method === 'POST' && q.has('uploads')) {
      count('CreateMultipartUpload');
      const id = randomUUID();
      uploads.set(id, { key: full, parts: new Map() });
      return xml(res, 200, `<InitiateMultipartUploadResult><Bucket>${esc(bucket)}</Bucket><Key>${esc(key)}</Key><UploadId>${id}</UploadId></InitiateMultipartUploadResult>`);
    }
    if (req.method === 'POST' && q.has('uploadId')) {
      count('CompleteMultipartUpload');
      await readBody(req);
      const up = uploads.get(q.get('uploadId')!);
      if (!up) return xml(res, 404, '<Error><Code>NoSuchUpload</Code></Error>');
      const body = Buffer.concat([...up.parts.entries()].sort((a, b) => a[0] - b[0]).map((e) => e[1]));
      objects.set(up.key, body);
      uploads.delete(q.get('uploadId')!);
      return xml(res, 200, `<CompleteMultipartUploadResult><Bucket>${esc(bucket)}</Bucket><Key>${esc(key)}</Key><ETag>${etag(body)}</ETag></CompleteMultipartUploadResult>`);
    }
    if (req.method === 'DELETE' && q.has('uploadId')) {
      count('AbortMultipartUpload');
      uploads.delete(q.get('uploadId')!);
      res.writeHead(204);
      return res.end();
    }
    if (req.method === 'DELETE') {
      count('DeleteObject');
      objects.delete(full);
      res.writeHead(204);
      return res.end();
    }
    if ((req.method === 'GET' || req.method === 'HEAD') && key) {
      count(req.method === 'GET' ? 'GetObject' : 'HeadObject');
      const body = objects.get(full);
      if (!body) return xml(res, 404, `<Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message><Key>${esc(key)}</Key></Error>`);
      res.writeHead(200, { 'content-length': body.length, etag: etag(body), 'content-type': 'application/octet-stream' });
      return res.end(req.method === 'GET' ? body : undefined);
    }
    if (req.method === 'GET' && q.get('list-type') === '2') {
      count('ListObjectsV2');
      const prefix = q.get('prefix') ?? '';
      const keys = [...objects.keys()].filter((k) => k.startsWith(`${bucket}/${prefix}`)).map((k) => k.slice(bucket.length + 1)).sort();
      const contents = keys.map((k) => `<Contents><Key>${esc(k)}</Key><Size>${objects.get(`${bucket}/${k}`)!.length}</Size></Contents>`).join('');
      return xml(res, 200, `<ListBucketResult><Name>${esc(bucket)}</Name><Prefix>${esc(prefix)}</Prefix><KeyCount>${keys.length}</KeyCount><IsTruncated>false</IsTruncated>${contents}</ListBucketResult>`);
    }
    xml(res, 400, '<Error><Code>NotImplemented</Code></Error>');
  };

  const server: Server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) xml(res, 500, '<Error><Code>InternalError</Code></Error>');
      else res.destroy();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    objects,
    calls,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
