import { Readable } from 'node:stream';
import { DeleteObjectCommand, GetObjectCommand, NoSuchKey, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import type { SecretLookup } from '../delivery/secret-refs.js';
import type { Destination } from './destination.js';
import type { ExportSpec } from './jobs.js';

type S3Spec = NonNullable<ExportSpec['destination']['s3']>;

/** Multipart parts of 8 MiB, one in flight: the upload holds at most ~16 MiB whatever the file size. */
const PART_SIZE = 8 * 1024 * 1024;

/**
 * An S3 bucket (or any S3-compatible endpoint, path-style) through AWS SDK v3. Streams go up as a
 * multipart upload (a single PUT when small); S3 replaces an object atomically when its upload completes.
 */
export async function s3Destination(spec: S3Spec, secrets: SecretLookup): Promise<Destination> {
  let credentials: { accessKeyId: string; secretAccessKey: string } | undefined;
  if (spec.credentials) {
    const accessKeyId = await secrets(spec.credentials.accessKeyId);
    const secretAccessKey = await secrets(spec.credentials.secretAccessKey);
    if (!accessKeyId || !secretAccessKey) throw new Error(`S3 credentials ${spec.credentials.accessKeyId} / ${spec.credentials.secretAccessKey} do not resolve`);
    credentials = { accessKeyId, secretAccessKey };
  }
  const client = new S3Client({
    region: spec.region,
    ...(spec.endpoint ? { endpoint: spec.endpoint, forcePathStyle: true } : {}),
    ...(credentials ? { credentials } : {}),
    maxAttempts: 2,
  });
  const prefix = spec.prefix ?? '';
  const Bucket = spec.bucket;
  return {
    location: `s3://${Bucket}/${prefix}`,
    async put(key, body) {
      const upload = new Upload({
        client,
        params: { Bucket, Key: prefix + key, Body: Readable.fromWeb(body as import('node:stream/web').ReadableStream<Uint8Array>), ContentType: 'application/octet-stream' },
        partSize: PART_SIZE,
        queueSize: 1,
        leavePartsOnError: false,
      });
      await upload.done();
    },
    async putText(key, text) {
      await client.send(new PutObjectCommand({ Bucket, Key: prefix + key, Body: text, ContentType: 'application/json' }));
    },
    async getText(key) {
      try {
        const out = await client.send(new GetObjectCommand({ Bucket, Key: prefix + key }));
        return (await out.Body?.transformToString('utf8')) ?? null;
      } catch (error) {
        if (error instanceof NoSuchKey || (error as { name?: string }).name === 'NoSuchKey') return null;
        throw error;
      }
    },
    async remove(keys) {
      for (const k of keys) await client.send(new DeleteObjectCommand({ Bucket, Key: prefix + k }));
    },
    close: async () => client.destroy(),
  };
}
