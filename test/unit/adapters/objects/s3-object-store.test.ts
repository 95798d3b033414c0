import { Readable } from 'node:stream';
import {
  DeleteObjectCommand,
  GetObjectCommand,
  NoSuchKey,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { beforeEach, describe, expect, it } from '@jest/globals';
import { sdkStreamMixin } from '@smithy/core/serde';
import { mockClient } from 'aws-sdk-client-mock';
import { createS3Client, S3ObjectStore } from '../../../../functions/adapters/objects/s3-object-store.js';
import { ArgumentError, ServerError } from '../../../../functions/domain/errors.js';

const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' };

describe('S3ObjectStore against mocked S3 calls', () => {
  const client = new S3Client({ region: 'eu-west-1', credentials });
  const s3 = mockClient(client);

  beforeEach(() => {
    s3.reset();
  });

  it('puts an object with its content type, a CRC32 checksum and SSE-S3 by default', async () => {
    s3.on(PutObjectCommand).resolves({});
    await new S3ObjectStore(client, { bucket: 'site-9999' }).put('tables/experiment/breast.csv', 'id,y\n', 'text/csv');
    expect(s3.commandCalls(PutObjectCommand).map((call) => call.args[0].input)).toEqual([
      {
        Bucket: 'site-9999',
        Key: 'tables/experiment/breast.csv',
        Body: 'id,y\n',
        ContentType: 'text/csv',
        ChecksumAlgorithm: 'CRC32',
        ServerSideEncryption: 'AES256',
      },
    ]);
  });

  it('puts with SSE-KMS, the customer key and a bucket key when configured so', async () => {
    s3.on(PutObjectCommand).resolves({});
    const store = new S3ObjectStore(client, {
      bucket: 'site-9999',
      encryption: { kind: 'aws:kms', kmsKeyId: 'arn:aws:kms:eu-west-1:111122223333:key/abc' },
    });
    const body = Uint8Array.from([1, 2, 3]);
    await store.put('models/m1', body);
    expect(s3.commandCalls(PutObjectCommand).map((call) => call.args[0].input)).toEqual([
      {
        Bucket: 'site-9999',
        Key: 'models/m1',
        Body: body,
        ContentType: 'application/octet-stream',
        ChecksumAlgorithm: 'CRC32',
        ServerSideEncryption: 'aws:kms',
        BucketKeyEnabled: true,
        SSEKMSKeyId: 'arn:aws:kms:eu-west-1:111122223333:key/abc',
      },
    ]);
  });

  it('leaves the KMS key to S3 when SSE-KMS names none', async () => {
    s3.on(PutObjectCommand).resolves({});
    await new S3ObjectStore(client, { bucket: 'b', encryption: { kind: 'aws:kms' } }).put('k', 'v', 'text/plain');
    expect(s3.commandCalls(PutObjectCommand)[0]?.args[0].input).toEqual({
      Bucket: 'b',
      Key: 'k',
      Body: 'v',
      ContentType: 'text/plain',
      ChecksumAlgorithm: 'CRC32',
      ServerSideEncryption: 'aws:kms',
      BucketKeyEnabled: true,
    });
  });

  it('gets an object as its bytes', async () => {
    s3.on(GetObjectCommand, { Bucket: 'site-9999', Key: 'tables/t.csv' }).resolves({
      Body: sdkStreamMixin(Readable.from([Buffer.from('id,x0\n'), Buffer.from('1,0.5\n')])),
    });
    const bytes = await new S3ObjectStore(client, { bucket: 'site-9999' }).get('tables/t.csv');
    expect(Buffer.from(bytes ?? []).toString('utf8')).toBe('id,x0\n1,0.5\n');
    expect(s3.commandCalls(GetObjectCommand).map((call) => call.args[0].input)).toEqual([
      { Bucket: 'site-9999', Key: 'tables/t.csv' },
    ]);
  });

  it('answers undefined when S3 says NoSuchKey', async () => {
    s3.on(GetObjectCommand).rejects(
      new NoSuchKey({ message: 'The specified key does not exist.', $metadata: { httpStatusCode: 404 } }),
    );
    expect(await new S3ObjectStore(client, { bucket: 'b' }).get('missing')).toBeUndefined();
  });

  it('lets any other S3 error through, such as AccessDenied', async () => {
    const denied = new S3ServiceException({
      name: 'AccessDenied',
      $fault: 'client',
      message: 'Access Denied',
      $metadata: { httpStatusCode: 403 },
    });
    s3.on(GetObjectCommand).rejects(denied);
    await expect(new S3ObjectStore(client, { bucket: 'b' }).get('k')).rejects.toBe(denied);
  });

  it('deletes an object by bucket and key', async () => {
    s3.on(DeleteObjectCommand).resolves({});
    await new S3ObjectStore(client, { bucket: 'site-9999' }).delete('jobs/j1/out.csv');
    expect(s3.commandCalls(DeleteObjectCommand).map((call) => call.args[0].input)).toEqual([
      { Bucket: 'site-9999', Key: 'jobs/j1/out.csv' },
    ]);
  });

  it('refuses keys that are not relative paths before calling S3', async () => {
    const store = new S3ObjectStore(client, { bucket: 'b' });
    await expect(store.put('/abs', 'x')).rejects.toBeInstanceOf(ArgumentError);
    await expect(store.get('a/../b')).rejects.toBeInstanceOf(ArgumentError);
    await expect(store.delete('')).rejects.toBeInstanceOf(ArgumentError);
    expect(s3.calls()).toHaveLength(0);
  });
});

describe('S3ObjectStore presigned uploads, signed offline', () => {
  it('signs a PUT URL for the bucket and key that expires after the given seconds', async () => {
    const store = new S3ObjectStore(createS3Client({ region: 'eu-west-1', credentials }), { bucket: 'site-9999' });
    const url = new URL(await store.presignPut('uploads/job 1/breast.csv', 900));
    expect(url.host).toBe('site-9999.s3.eu-west-1.amazonaws.com');
    expect(url.pathname).toBe('/uploads/job%201/breast.csv');
    expect(url.searchParams.get('X-Amz-Expires')).toBe('900');
    expect(url.searchParams.get('X-Amz-Signature')).toMatch(/^[0-9a-f]{64}$/);
    expect(url.searchParams.get('X-Amz-SignedHeaders')).toBe('host');
    expect(url.searchParams.get('X-Amz-Credential')).toMatch(/^AKIDEXAMPLE\/\d{8}\/eu-west-1\/s3\/aws4_request$/);
    expect([...url.searchParams.keys()].filter((name) => name.toLowerCase().includes('checksum'))).toEqual([]);
  });

  it('refuses a client that would sign an empty-body checksum into the URL', async () => {
    const store = new S3ObjectStore(new S3Client({ region: 'eu-west-1', credentials }), { bucket: 'b' });
    await expect(store.presignPut('uploads/x.csv', 900)).rejects.toBeInstanceOf(ServerError);
  });

  it.each([[0], [604_801], [1.5]])('refuses an expiry of %p seconds', async (seconds) => {
    const store = new S3ObjectStore(createS3Client({ region: 'eu-west-1', credentials }), { bucket: 'b' });
    await expect(store.presignPut('uploads/x.csv', seconds)).rejects.toThrow(
      `a presigned upload expires after 1 to 604800 whole seconds, got ${seconds}`,
    );
  });
});
