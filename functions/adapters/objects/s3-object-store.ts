import {
  AbortMultipartUploadCommand,
  type CompletedPart,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  NoSuchKey,
  PutObjectCommand,
  type PutObjectCommandInput,
  S3Client,
  type S3ClientConfig,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { ArgumentError, ServerError } from '../../domain/errors.js';
import type { ObjectStore } from '../../domain/ports/object-store.js';
import { checkObjectKey } from './object-key.js';
import { PartBuffer } from './part-buffer.js';

/** Server-side encryption of the objects we write: SSE-KMS (with a customer key or the AWS one) or SSE-S3. */
export type S3Encryption = { readonly kind: 'aws:kms'; readonly kmsKeyId?: string } | { readonly kind: 'AES256' };

export interface S3ObjectStoreOptions {
  readonly bucket: string;
  /** @default { kind: 'AES256' } */
  readonly encryption?: S3Encryption;
}

/**
 * A streamed object goes up in parts of this size (S3 takes 5 MiB to 5 GiB, and at most 10,000 of
 * them: 80 GiB at this size), so that a stream holds about two parts in memory whatever its length.
 */
export const S3_PART_BYTES = 8 * 1024 * 1024;

/** SigV4 presigned URLs live at most 7 days. */
const MAX_PRESIGN_SECONDS = 604_800;

/**
 * The S3 client this store expects. Since SDK 3.729 the default `requestChecksumCalculation:
 * 'WHEN_SUPPORTED'` puts the CRC32 of an *empty* body into every presigned PutObject URL
 * (`x-amz-checksum-crc32=AAAAAA==`), so S3 refuses any real upload to it. Our own puts still ask for
 * a CRC32 explicitly (`ChecksumAlgorithm`), so nothing is lost.
 */
export function createS3Client(config: S3ClientConfig = {}): S3Client {
  return new S3Client({ requestChecksumCalculation: 'WHEN_REQUIRED', ...config });
}

export class S3ObjectStore implements ObjectStore {
  private readonly bucket: string;
  private readonly encryption: S3Encryption;

  constructor(
    private readonly client: S3Client,
    options: S3ObjectStoreOptions,
  ) {
    this.bucket = options.bucket;
    this.encryption = options.encryption ?? { kind: 'AES256' };
  }

  async put(key: string, body: Uint8Array | string, contentType = 'application/octet-stream'): Promise<void> {
    checkObjectKey(key);
    await this.client.send(
      new PutObjectCommand({
        Bucket: this.bucket,
        Key: key,
        Body: body,
        ContentType: contentType,
        ChecksumAlgorithm: 'CRC32',
        ...this.encryptionInput(),
      }),
    );
  }

  async get(key: string): Promise<Uint8Array | undefined> {
    checkObjectKey(key);
    try {
      const output = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
      return output.Body === undefined ? new Uint8Array() : await output.Body.transformToByteArray();
    } catch (error) {
      // S3 says NoSuchKey only to callers allowed s3:ListBucket; without it a missing key is a
      // 403 AccessDenied, which we rightly let through as a fault (the grant is the infra's job).
      if (error instanceof NoSuchKey || isNamed(error, 'NoSuchKey')) return undefined;
      throw error;
    }
  }

  /**
   * One PutObject when the stream ends within a part; otherwise a multipart upload, which S3 shows
   * only once completed, and aborts (nothing written, no part left billed) when the stream fails.
   */
  async putStream(
    key: string,
    body: AsyncIterable<Uint8Array>,
    contentType = 'application/octet-stream',
  ): Promise<void> {
    checkObjectKey(key);
    const buffer = new PartBuffer(S3_PART_BYTES);
    const parts: CompletedPart[] = [];
    let uploadId: string | undefined;
    try {
      for await (const chunk of body) {
        buffer.add(chunk);
        while (buffer.full) {
          uploadId ??= await this.startMultipart(key, contentType);
          parts.push(await this.uploadPart(key, uploadId, parts.length + 1, buffer.take()));
        }
      }
      if (uploadId === undefined) return await this.put(key, buffer.take(), contentType);
      if (buffer.size > 0) parts.push(await this.uploadPart(key, uploadId, parts.length + 1, buffer.take()));
      await this.client.send(
        new CompleteMultipartUploadCommand({
          Bucket: this.bucket,
          Key: key,
          UploadId: uploadId,
          MultipartUpload: { Parts: parts },
        }),
      );
    } catch (error) {
      if (uploadId !== undefined) await this.abortMultipart(key, uploadId);
      throw error;
    }
  }

  async getStream(key: string): Promise<AsyncIterable<Uint8Array> | undefined> {
    checkObjectKey(key);
    try {
      const output = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
      const body: unknown = output.Body;
      if (body === undefined) return (async function* () {})();
      // In Node the SDK's body is a Readable (an async iterable of Buffers).
      if (typeof body === 'object' && body !== null && Symbol.asyncIterator in body) {
        return body as AsyncIterable<Uint8Array>;
      }
      throw new ServerError(`S3 answered GetObject ${key} with a body that cannot be streamed`);
    } catch (error) {
      if (error instanceof NoSuchKey || isNamed(error, 'NoSuchKey')) return undefined;
      throw error;
    }
  }

  private async startMultipart(key: string, contentType: string): Promise<string> {
    const output = await this.client.send(
      new CreateMultipartUploadCommand({
        Bucket: this.bucket,
        Key: key,
        ContentType: contentType,
        ChecksumAlgorithm: 'CRC32',
        ...this.encryptionInput(),
      }),
    );
    if (output.UploadId === undefined) throw new ServerError(`S3 started no multipart upload for ${key}`);
    return output.UploadId;
  }

  private async uploadPart(
    key: string,
    uploadId: string,
    partNumber: number,
    body: Uint8Array,
  ): Promise<CompletedPart> {
    const output = await this.client.send(
      new UploadPartCommand({
        Bucket: this.bucket,
        Key: key,
        UploadId: uploadId,
        PartNumber: partNumber,
        Body: body,
        ChecksumAlgorithm: 'CRC32',
      }),
    );
    return {
      PartNumber: partNumber,
      ...(output.ETag === undefined ? {} : { ETag: output.ETag }),
      ...(output.ChecksumCRC32 === undefined ? {} : { ChecksumCRC32: output.ChecksumCRC32 }),
    };
  }

  /** Best effort: the stream's own error is the one to report; the bucket's lifecycle rule sweeps what an abort misses. */
  private async abortMultipart(key: string, uploadId: string): Promise<void> {
    try {
      await this.client.send(new AbortMultipartUploadCommand({ Bucket: this.bucket, Key: key, UploadId: uploadId }));
    } catch {
      // reported by the caller's error instead
    }
  }

  async delete(key: string): Promise<void> {
    checkObjectKey(key);
    await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: key }));
  }

  /**
   * No SSE parameters here: they would become signed headers that the uploader (FATE's client, a
   * curl) must repeat byte for byte. The bucket's default encryption covers presigned uploads.
   */
  async presignPut(key: string, expiresInSeconds: number): Promise<string> {
    checkObjectKey(key);
    if (!Number.isInteger(expiresInSeconds) || expiresInSeconds < 1 || expiresInSeconds > MAX_PRESIGN_SECONDS) {
      throw new ArgumentError(
        `a presigned upload expires after 1 to ${MAX_PRESIGN_SECONDS} whole seconds, got ${expiresInSeconds}`,
      );
    }
    if ((await this.client.config.requestChecksumCalculation()) !== 'WHEN_REQUIRED') {
      throw new ServerError(
        'the S3 client must be built with requestChecksumCalculation "WHEN_REQUIRED" (use createS3Client): ' +
          'otherwise presigned upload URLs carry the checksum of an empty body and S3 refuses every upload',
      );
    }
    return getSignedUrl(this.client, new PutObjectCommand({ Bucket: this.bucket, Key: key }), {
      expiresIn: expiresInSeconds,
    });
  }

  private encryptionInput(): Pick<PutObjectCommandInput, 'ServerSideEncryption' | 'SSEKMSKeyId' | 'BucketKeyEnabled'> {
    if (this.encryption.kind === 'AES256') return { ServerSideEncryption: 'AES256' };
    return {
      ServerSideEncryption: 'aws:kms',
      // A bucket key cuts KMS requests (and their cost and throttling) from one per object to one per bucket key period.
      BucketKeyEnabled: true,
      ...(this.encryption.kmsKeyId === undefined ? {} : { SSEKMSKeyId: this.encryption.kmsKeyId }),
    };
  }
}

/** By name as well as class: a second copy of the SDK (another bundle, jest's vm) has its own NoSuchKey class. */
function isNamed(error: unknown, name: string): boolean {
  return typeof error === 'object' && error !== null && 'name' in error && error.name === name;
}
