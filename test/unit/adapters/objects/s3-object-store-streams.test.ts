import { Readable } from 'node:stream';
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  GetObjectCommand,
  NoSuchKey,
  PutObjectCommand,
  S3Client,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { beforeEach, describe, expect, it } from '@jest/globals';
import { sdkStreamMixin } from '@smithy/core/serde';
import { mockClient } from 'aws-sdk-client-mock';
import { S3_PART_BYTES, S3ObjectStore } from '../../../../functions/adapters/objects/s3-object-store.js';
import { DataError } from '../../../../functions/domain/errors.js';

const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' };
const MiB = 1024 * 1024;

/** `total` bytes in chunks of `chunk`, byte i being i mod 251 (so parts can be checked byte for byte). */
async function* bytes(total: number, chunk: number): AsyncGenerator<Uint8Array> {
  for (let start = 0; start < total; start += chunk) {
    const part = new Uint8Array(Math.min(chunk, total - start));
    for (let i = 0; i < part.length; i += 1) part[i] = (start + i) % 251;
    yield part;
  }
}

describe('S3ObjectStore streams against mocked S3 calls', () => {
  const client = new S3Client({ region: 'eu-west-1', credentials });
  const s3 = mockClient(client);
  const store = new S3ObjectStore(client, { bucket: 'site-9999' });

  beforeEach(() => {
    s3.reset();
  });

  it('puts a stream that fits one part with a single PutObject', async () => {
    s3.on(PutObjectCommand).resolves({});
    await store.putStream('tables/t/1.csv', bytes(3 * MiB, 64 * 1024), 'text/csv');
    const [put] = s3.commandCalls(PutObjectCommand);
    expect(put?.args[0].input).toMatchObject({ Bucket: 'site-9999', Key: 'tables/t/1.csv', ContentType: 'text/csv' });
    expect((put?.args[0].input.Body as Uint8Array | undefined)?.byteLength).toBe(3 * MiB);
    expect(s3.commandCalls(CreateMultipartUploadCommand)).toHaveLength(0);
  });

  it('puts a longer stream as a multipart upload of 8 MiB parts, completed with each part', async () => {
    s3.on(CreateMultipartUploadCommand).resolves({ UploadId: 'up-1' });
    s3.on(UploadPartCommand).callsFake((input: { PartNumber: number }) => ({
      ETag: `"etag-${input.PartNumber}"`,
      ChecksumCRC32: `crc-${input.PartNumber}`,
    }));
    s3.on(CompleteMultipartUploadCommand).resolves({});
    const total = 2 * S3_PART_BYTES + 123;
    await store.putStream('tables/t/2.csv', bytes(total, 1_000_000), 'text/csv');
    expect(s3.commandCalls(CreateMultipartUploadCommand)[0]?.args[0].input).toEqual({
      Bucket: 'site-9999',
      Key: 'tables/t/2.csv',
      ContentType: 'text/csv',
      ChecksumAlgorithm: 'CRC32',
      ServerSideEncryption: 'AES256',
    });
    const parts = s3.commandCalls(UploadPartCommand).map((call) => call.args[0].input);
    expect(parts.map((part) => [part.PartNumber, (part.Body as Uint8Array).byteLength])).toEqual([
      [1, S3_PART_BYTES],
      [2, S3_PART_BYTES],
      [3, 123],
    ]);
    // Cut exactly at part boundaries: part 2 starts with byte S3_PART_BYTES of the stream.
    expect((parts[1]?.Body as Uint8Array | undefined)?.[0]).toBe(S3_PART_BYTES % 251);
    expect(s3.commandCalls(CompleteMultipartUploadCommand)[0]?.args[0].input).toEqual({
      Bucket: 'site-9999',
      Key: 'tables/t/2.csv',
      UploadId: 'up-1',
      MultipartUpload: {
        Parts: [1, 2, 3].map((n) => ({ PartNumber: n, ETag: `"etag-${n}"`, ChecksumCRC32: `crc-${n}` })),
      },
    });
  });

  it('aborts the multipart upload when the stream fails, and rethrows its error', async () => {
    s3.on(CreateMultipartUploadCommand).resolves({ UploadId: 'up-2' });
    s3.on(UploadPartCommand).resolves({ ETag: '"e"' });
    s3.on(AbortMultipartUploadCommand).resolves({});
    const failing = async function* () {
      yield* bytes(S3_PART_BYTES + 10, MiB);
      throw new DataError('line 9 has 2 columns where the header has 3');
    };
    await expect(store.putStream('tables/t/3.csv', failing())).rejects.toThrow('line 9 has 2 columns');
    expect(s3.commandCalls(AbortMultipartUploadCommand)[0]?.args[0].input).toEqual({
      Bucket: 'site-9999',
      Key: 'tables/t/3.csv',
      UploadId: 'up-2',
    });
    expect(s3.commandCalls(CompleteMultipartUploadCommand)).toHaveLength(0);
  });

  it('gets an object as the stream S3 answers, and undefined for a missing key', async () => {
    s3.on(GetObjectCommand, { Key: 'tables/t/4.csv' }).resolves({
      Body: sdkStreamMixin(Readable.from([Buffer.from('id,y\n'), Buffer.from('1,0\n')])),
    });
    s3.on(GetObjectCommand, { Key: 'tables/t/none.csv' }).rejects(
      new NoSuchKey({ message: 'The specified key does not exist.', $metadata: {} }),
    );
    const stream = await store.getStream('tables/t/4.csv');
    const chunks: Buffer[] = [];
    for await (const chunk of stream ?? []) chunks.push(Buffer.from(chunk));
    expect(Buffer.concat(chunks).toString()).toBe('id,y\n1,0\n');
    expect(await store.getStream('tables/t/none.csv')).toBeUndefined();
  });
});
