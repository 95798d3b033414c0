import {
  DeleteObjectCommand,
  GetObjectCommand,
  NoSuchKey,
  PutObjectCommand,
  type PutObjectCommandInput,
  S3Client,
  type S3ClientConfig,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { ArgumentError, ServerError } from '../../domain/errors.js';
import type { ObjectStore } from '../../domain/ports/object-store.js';
import { checkObjectKey } from './object-key.js';

/** Server-side encryption of the objects we write: SSE-KMS (with a customer key or the AWS one) or SSE-S3. */
export type S3Encryption = { readonly kind: 'aws:kms'; readonly kmsKeyId?: string } | { readonly kind: 'AES256' };

export interface S3ObjectStoreOptions {
  readonly bucket: string;
  /** @default { kind: 'AES256' } */
  readonly encryption?: S3Encryption;
}

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
